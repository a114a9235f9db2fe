public import ModelPackage
public import Registry

/// Why ``PackageImporter`` refused or failed to import a package: a stable code shared by the CLI and the API, a
/// message naming the value and the remedy, and the validation report when validation ran.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, machine-readable codes. The first thirteen are the import contract; the others name rarer causes.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible, Codable {
        private enum Base: String, CaseIterable {
            case missingRequiredFile = "missing_required_file"
            case integrityMismatch = "integrity_mismatch"
            case corruptModel = "corrupt_model"
            case unsafePickle = "unsafe_pickle"
            case unsupportedModel = "unsupported_model"
            case invalidMetadata = "invalid_metadata"
            case featureCountMismatch = "feature_count_mismatch"
            case unsafeZipEntry = "unsafe_zip_entry"
            case zipBomb = "zip_bomb"
            case tooLarge = "too_large"
            case notAZip = "not_a_zip"
            case emptyFile = "empty_file"
            case duplicateVersion = "duplicate_version"
            case featureNameMismatch = "feature_name_mismatch"
            case inferenceFailed = "inference_failed"
            case unreadableFile = "unreadable_file"
            case qualityBelowThreshold = "quality_below_threshold"
            case unsupportedZip = "unsupported_zip"
            case corruptZip = "corrupt_zip"
            case invalidVersion = "invalid_version"
            case invalidModelName = "invalid_model_name"
            case storage = "storage_error"
            case packageNotFound = "package_not_found"
            case invalidPath = "invalid_path"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// A file the package must hold (model, metadata, manifest) is missing.
        public static let missingRequiredFile = Code(.missingRequiredFile)
        /// A file's SHA256 differs from the one the manifest records.
        public static let integrityMismatch = Code(.integrityMismatch)
        /// The model file is not a readable model.
        public static let corruptModel = Code(.corruptModel)
        /// The model file references code outside the allowlist.
        public static let unsafePickle = Code(.unsafePickle)
        /// The model is of a class Warden does not score.
        public static let unsupportedModel = Code(.unsupportedModel)
        /// metadata.json or the manifest lacks a field or has one of the wrong type.
        public static let invalidMetadata = Code(.invalidMetadata)
        /// The model's number of features differs from the metadata's.
        public static let featureCountMismatch = Code(.featureCountMismatch)
        /// An entry could write outside the destination or masquerade as another file.
        public static let unsafeZipEntry = Code(.unsafeZipEntry)
        /// The archive would inflate far beyond its size.
        public static let zipBomb = Code(.zipBomb)
        /// The package, an entry or the number of entries exceeds a limit.
        public static let tooLarge = Code(.tooLarge)
        /// The bytes are not a ZIP archive.
        public static let notAZip = Code(.notAZip)
        /// The file is empty.
        public static let emptyFile = Code(.emptyFile)
        /// The model already has a version with that name.
        public static let duplicateVersion = Code(.duplicateVersion)
        /// The feature names of the manifest, metadata, model and scaler disagree.
        public static let featureNameMismatch = Code(.featureNameMismatch)
        /// The trial inference failed or produced non-finite scores.
        public static let inferenceFailed = Code(.inferenceFailed)
        /// A file of the package could not be read (damaged ZIP entry).
        public static let unreadableFile = Code(.unreadableFile)
        /// Only the quality rules failed: the score is below the configured minimum.
        public static let qualityBelowThreshold = Code(.qualityBelowThreshold)
        /// A ZIP feature the reader does not support.
        public static let unsupportedZip = Code(.unsupportedZip)
        /// The ZIP is damaged.
        public static let corruptZip = Code(.corruptZip)
        /// The version from the manifest is not an accepted version name.
        public static let invalidVersion = Code(.invalidVersion)
        /// The model name (from the package or the configuration) is not an accepted model name.
        public static let invalidModelName = Code(.invalidModelName)
        /// The package could not be read, or the artifacts or the record could not be written.
        public static let storage = Code(.storage)
        /// The named package (a training-service folder) does not exist.
        public static let packageNotFound = Code(.packageNotFound)
        /// A package name or path is not acceptable (a separator, '..', or it leads outside its folder).
        public static let invalidPath = Code(.invalidPath)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `missing_required_file`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }

/// The codes of the import contract (those the issue lists), in the order the report is searched.
        public static let contract: [Code] = Array(allCases.prefix(13))
    }

    /// The category.
    public var code: Code
    /// What failed, the offending value and the remedy.
    public var message: String
    /// The validation report, when the package was validated.
    public var report: ValidationReport?
    /// The version, when it could be read.
    public var version: String?
    /// The underlying error, when another layer failed.
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The category.
    ///   - message: What failed, the offending value and the remedy.
    ///   - report: The validation report, when the package was validated.
    ///   - version: The version, when it could be read.
    ///   - cause: The underlying error, if any.
    public init(
        _ code: Code, _ message: String, report: ValidationReport? = nil, version: String? = nil,
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.report = report
        self.version = version
        self.cause = cause
    }

    /// The message with the cause appended when known.
    public var description: String {
        if let cause { return "\(message) (cause: \(cause))" }
        return message
    }

    /// Equal when everything but the cause is equal and the causes describe themselves alike.
    public static func == (a: ImportError, b: ImportError) -> Bool {
        a.code == b.code && a.message == b.message && a.report == b.report && a.version == b.version
            && a.cause.map { "\($0)" } == b.cause.map { "\($0)" }
    }

    /// Maps a ZIP or folder reading error to its import code: the code of the same name (`zip_bomb`, `not_a_zip`,
    /// ...), and `storage_error` for `io_error`.
    public init(_ error: ModelPackageError) {
        self.init(Code(rawValue: error.code.rawValue) ?? .storage, error.message, cause: error.cause)
    }

    /// Maps a registry error to its import code.
    public init(_ error: RegistryError) {
        let code: Code
        switch error.code {
        case .duplicateVersion: code = .duplicateVersion
        case .invalidVersion: code = .invalidVersion
        case .invalidModelName: code = .invalidModelName
        default: code = .storage
        }
        self.init(code, error.message, version: error.version, cause: error.cause)
    }

    /// The error for an invalid report: the first error whose code is in ``Code/contract``, else the first error
    /// outside the quality rules, else `quality_below_threshold`.
    public init(invalid report: ValidationReport) {
        let contract = Set(Code.contract.map(\.rawValue))
        let issue =
            report.errors.first { contract.contains($0.code.rawValue) }
            ?? report.errors.first { !$0.code.isQualityRule && $0.code != .qualityBelowThreshold }
        let code = issue.flatMap { Code(rawValue: $0.code.rawValue) } ?? .qualityBelowThreshold
        let count = report.errors.count
        let first = issue?.message ?? "the quality score \(report.score) is below the configured minimum"
        self.init(
            code,
            "the package is invalid (\(count) error\(count == 1 ? "" : "s")): \(first); fix the package and export "
                + "it again (the attached report lists every problem)",
            report: report, version: report.modelVersion)
    }
}
