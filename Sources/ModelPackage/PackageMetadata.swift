public import DataFormats

/// A typed view of a package's metadata.json (seed 003, "Metadata Schema").
///
/// Parsing never stops at the first problem: every field of the wrong type is reported with its JSON path and left
/// nil. Required: `model_info`, `training_info` and `evaluation_info` (the sections the import validator of seed 002
/// requires); every other field is checked only when present. Fields outside the schema are kept out of the typed
/// view and reported as notes.
///
/// ```swift
/// let parsed = PackageMetadata.parse(bytes)
/// if parsed.problems.isEmpty, let metadata = parsed.value { print(metadata.trainingInfo?.featureNames ?? []) }
/// ```
public struct PackageMetadata: Sendable, Equatable {
    /// The file name inside a package.
    public static let fileName = "metadata.json"

    /// `model_info`.
    public var modelInfo: PackageModelInfo?
    /// `training_info`.
    public var trainingInfo: PackageTrainingInfo?
    /// `evaluation_info`.
    public var evaluationInfo: PackageEvaluationInfo?
    /// `deployment_info`.
    public var deploymentInfo: PackageDeploymentInfo?

    static let keys: Set<String> = ["model_info", "training_info", "evaluation_info", "deployment_info", "import_info"]

    /// Parses metadata.json's bytes.
    ///
    /// - Returns: the typed view (nil when the bytes are not a JSON object), the problems and the notes.
    public static func parse(_ bytes: [UInt8]) -> SchemaParse<PackageMetadata?> {
        var reader = SchemaReader(file: fileName)
        let value = reader.root(bytes).map { PackageMetadata($0, &reader) }
        return SchemaParse(value: value, problems: reader.problems, notes: reader.notes)
    }

    /// Parses an already decoded document.
    public static func parse(json: JSONValue) -> SchemaParse<PackageMetadata?> {
        var reader = SchemaReader(file: fileName)
        let value = reader.root(json).map { PackageMetadata($0, &reader) }
        return SchemaParse(value: value, problems: reader.problems, notes: reader.notes)
    }

    init(_ o: [String: JSONValue], _ r: inout SchemaReader) {
        modelInfo = r.object(o, "model_info", at: "", required: true).map { PackageModelInfo($0, at: "model_info", &r) }
        trainingInfo = r.object(o, "training_info", at: "", required: true).map {
            PackageTrainingInfo($0, at: "training_info", &r)
        }
        evaluationInfo = r.object(o, "evaluation_info", at: "", required: true).map {
            PackageEvaluationInfo($0, at: "evaluation_info", &r)
        }
        deploymentInfo = r.object(o, "deployment_info", at: "").map {
            PackageDeploymentInfo($0, at: "deployment_info", &r)
        }
        // import_info is what seed 002's importer adds on import; accepted without checks.
        r.noteUnknown(o, at: "", known: Self.keys)
    }
}
