public import ModelPackage
public import Registry

/// Why ``PackageImporter`` refused or failed to import a package: a stable code shared by the CLI and the API, a
/// message naming the value and the remedy, and the validation report when validation ran.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, machine-readable codes. The first thirteen are the import contract; the others name rarer causes.
    public enum Code: String, Sendable, Equatable, Codable, CaseIterable {
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
        /// The feature names of the manifest, metadata, model and scaler disagree.
        case featureNameMismatch = "feature_name_mismatch"
        /// The trial inference failed or produced non-finite scores.
        case inferenceFailed = "inference_failed"
        /// A file of the package could not be read (damaged ZIP entry).
        case unreadableFile = "unreadable_file"
        /// Only the quality rules failed: the score is below the configured minimum.
        case qualityBelowThreshold = "quality_below_threshold"
        /// A ZIP feature the reader does not support.
        case unsupportedZip = "unsupported_zip"
        /// The ZIP is damaged.
        case corruptZip = "corrupt_zip"
        /// The version from the manifest is not an accepted version name.
        case invalidVersion = "invalid_version"
        /// The model name (from the package or the configuration) is not an accepted model name.
        case invalidModelName = "invalid_model_name"
        /// The package could not be read, or the artifacts or the record could not be written.
        case storage = "storage_error"
        /// The named package (a training-service folder) does not exist.
        case packageNotFound = "package_not_found"
        /// A package name or path is not acceptable (a separator, '..', or it leads outside its folder).
        case invalidPath = "invalid_path"

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
    /// The underlying error's description.
    public var cause: String?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, report: ValidationReport? = nil, version: String? = nil,
        cause: String? = nil
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

    /// Maps a ZIP or folder reading error to its import code.
    public init(_ error: ModelPackageError) {
        let code: Code
        switch error.code {
        case .unsafeZipEntry: code = .unsafeZipEntry
        case .zipBomb: code = .zipBomb
        case .tooLarge: code = .tooLarge
        case .unsupportedZip: code = .unsupportedZip
        case .corruptZip: code = .corruptZip
        case .notAZip: code = .notAZip
        case .emptyFile: code = .emptyFile
        case .io: code = .storage
        }
        self.init(code, error.message, cause: error.cause)
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
