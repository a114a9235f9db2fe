public import DataFormats

/// A typed view of a package's deployment_manifest.json (seed 003, "Deployment Manifest Schema").
///
/// Required: `model_version` (a string) and `file_integrity` (an object mapping file names to 64-hex-digit SHA256
/// strings). Every other field is checked only when present; `inference_config` must have a number `threshold` and
/// `anomaly_ratio`, and integers `score_percentile` (0...100), `batch_size` > 0 and `timeout_seconds` > 0. All
/// problems are reported together with their JSON paths, e.g.
/// `deployment_manifest.json: file_integrity."model.joblib" must be a 64-hex-digit SHA256 string, found 12`.
/// Whether the feature names are present in the manifest or in metadata.json is the validator's check, since either
/// file may carry them.
public struct PackageManifest: Sendable, Equatable {
    /// The file name inside a package.
    public static let fileName = "deployment_manifest.json"

    /// `inference_config`: how the server should apply the model.
    public struct InferenceConfig: Sendable, Equatable {
        /// The anomaly threshold on the score.
        public var threshold: Double?
        /// The expected fraction of anomalies.
        public var anomalyRatio: Double?
        /// The score percentile used to pick the threshold.
        public var scorePercentile: Int?
        /// Rows per batch (> 0).
        public var batchSize: Int?
        /// Timeout per request in seconds (> 0).
        public var timeoutSeconds: Int?

        static let keys: Set<String> = [
            "threshold", "anomaly_ratio", "score_percentile", "batch_size", "timeout_seconds",
        ]
    }

    /// `model_artifacts`: sizes as the training service recorded them.
    public struct Artifacts: Sendable, Equatable {
        /// model.joblib's size in bytes.
        public var modelSizeBytes: Int?
        /// scaler.joblib's size in bytes.
        public var scalerSizeBytes: Int?
        /// The package's total size in bytes.
        public var totalPackageSize: Int?

        static let keys: Set<String> = ["model_size_bytes", "scaler_size_bytes", "total_package_size"]
    }

    /// `model_version`, e.g. `20241201_143022`.
    public var modelVersion: String?
    /// `deployment_timestamp`.
    public var deploymentTimestamp: Timestamp?
    /// `package_format_version`, e.g. `1.0`.
    public var packageFormatVersion: String?
    /// `model_info`.
    public var modelInfo: PackageModelInfo?
    /// `training_info`.
    public var trainingInfo: PackageTrainingInfo?
    /// `evaluation_info`.
    public var evaluationInfo: PackageEvaluationInfo?
    /// `deployment_info`.
    public var deploymentInfo: PackageDeploymentInfo?
    /// `files`: role (`model_file`, `scaler_file`, `reference_sample`, ...) to file name. A role given as `null`
    /// (`"scaler_file": null`: no scaler) is left out, as if absent.
    public var files: [String: String]?
    /// `file_integrity`: file name to lowercase SHA256 hex; entries with a malformed digest are left out (and
    /// reported), entries that are `null` are left out as unlisted.
    public var fileIntegrity: [String: String]?
    /// `inference_config`.
    public var inferenceConfig: InferenceConfig?
    /// `model_artifacts`.
    public var modelArtifacts: Artifacts?

    static let keys: Set<String> = [
        "model_version", "deployment_timestamp", "package_format_version", "model_info", "training_info",
        "evaluation_info", "deployment_info", "files", "file_integrity", "inference_config", "model_artifacts",
    ]
    static let fileRoles: Set<String> = [
        "model_file", "scaler_file", "metadata_file", "validation_script", "inference_example", "requirements",
        "reference_sample",
    ]

    /// Parses deployment_manifest.json's bytes.
    ///
    /// - Returns: the typed view (nil when the bytes are not a JSON object), the problems and the notes.
    public static func parse(_ bytes: [UInt8]) -> SchemaParse<PackageManifest?> {
        var reader = SchemaReader(file: fileName)
        let value = reader.root(bytes).map { PackageManifest($0, &reader) }
        return SchemaParse(value: value, problems: reader.problems, notes: reader.notes)
    }

    /// Parses an already decoded document.
    public static func parse(json: JSONValue) -> SchemaParse<PackageManifest?> {
        var reader = SchemaReader(file: fileName)
        let value = reader.root(json).map { PackageManifest($0, &reader) }
        return SchemaParse(value: value, problems: reader.problems, notes: reader.notes)
    }

    init(_ o: [String: JSONValue], _ r: inout SchemaReader) {
        modelVersion = r.string(o, "model_version", at: "", required: true)
        deploymentTimestamp = r.date(o, "deployment_timestamp", at: "")
        packageFormatVersion = r.string(o, "package_format_version", at: "")
        modelInfo = r.object(o, "model_info", at: "").map { PackageModelInfo($0, at: "model_info", &r) }
        trainingInfo = r.object(o, "training_info", at: "").map { PackageTrainingInfo($0, at: "training_info", &r) }
        evaluationInfo = r.object(o, "evaluation_info", at: "").map {
            PackageEvaluationInfo($0, at: "evaluation_info", &r)
        }
        deploymentInfo = r.object(o, "deployment_info", at: "").map {
            PackageDeploymentInfo($0, at: "deployment_info", &r)
        }
        if let f = r.object(o, "files", at: "") {
            var files: [String: String] = [:]
            for key in f.keys.sorted() {
                if let name = r.string(f, key, at: "files") { files[key] = name }
            }
            r.noteUnknown(f, at: "files", known: Self.fileRoles)
            self.files = files
        }
        if let f = r.object(o, "file_integrity", at: "", required: true) {
            var digests: [String: String] = [:]
            for key in f.keys.sorted() {
                let value = f[key] ?? .null
                // null: the exporter had no digest for the file (e.g. no scaler); the file counts as unlisted.
                if value.isNull { continue }
                if case .string(let s) = value, s.utf8.count == 64, s.allSatisfy(\.isHexDigit) {
                    digests[key] = s.lowercased()
                } else {
                    r.problem(SchemaReader.join("file_integrity", key), "a 64-hex-digit SHA256 string", found: value)
                }
            }
            fileIntegrity = digests
        }
        if let c = r.object(o, "inference_config", at: "") {
            let p = "inference_config"
            var config = InferenceConfig()
            config.threshold = r.double(c, "threshold", at: p)
            config.anomalyRatio = r.double(c, "anomaly_ratio", at: p)
            config.scorePercentile = r.int(c, "score_percentile", at: p, minimum: 0)
            if let s = config.scorePercentile, s > 100 {
                r.problem(SchemaReader.join(p, "score_percentile"), "an integer in 0...100", found: .int(s))
                config.scorePercentile = nil
            }
            config.batchSize = r.int(c, "batch_size", at: p, minimum: 1)
            config.timeoutSeconds = r.int(c, "timeout_seconds", at: p, minimum: 1)
            r.noteUnknown(c, at: p, known: InferenceConfig.keys)
            inferenceConfig = config
        }
        if let a = r.object(o, "model_artifacts", at: "") {
            let p = "model_artifacts"
            modelArtifacts = Artifacts(
                modelSizeBytes: r.int(a, "model_size_bytes", at: p, minimum: 0),
                scalerSizeBytes: r.int(a, "scaler_size_bytes", at: p, minimum: 0),
                totalPackageSize: r.int(a, "total_package_size", at: p, minimum: 0))
            r.noteUnknown(a, at: p, known: Artifacts.keys)
        }
        r.noteUnknown(o, at: "", known: Self.keys)
    }
}
