public import Foundation
public import ModelPackage

/// One model version as the registry keeps it: one row of the versions table.
public struct VersionRecord: Sendable, Equatable, Codable {
    /// The model's name (safe for paths: `[A-Za-z0-9._+-]`, at most 128 characters).
    public var model: String
    /// The version string; see ``VersionName`` for the accepted forms.
    public var version: String
    /// The lifecycle status.
    public var status: VersionStatus
    /// Why the version failed, for status `failed`.
    public var failureReason: String?
    /// metadata.json as received (raw JSON text), when present.
    public var metadataJSON: String?
    /// deployment_manifest.json as received (raw JSON text), when present.
    public var manifestJSON: String?
    /// The manifest's inference settings.
    public var inferenceConfig: InferenceConfig
    /// The package's files, content-addressed by SHA256.
    public var files: [ArtifactReference]
    /// Free-form labels (seed 004: `production`, `stable`, ...), kept in the order given, without duplicates.
    public var tags: [String]
    /// A human description of the version.
    public var description: String?
    /// Where the version came from: a path, URL or `legacy-registry`.
    public var importSource: String
    /// When the version was imported.
    public var importedAt: Date
    /// The validator's report, when the package was validated on import.
    public var validationReport: ValidationReport?

    /// Creates a record; status defaults to `imported`.
    public init(
        model: String, version: String, status: VersionStatus = .imported, failureReason: String? = nil,
        metadataJSON: String? = nil, manifestJSON: String? = nil, inferenceConfig: InferenceConfig = InferenceConfig(),
        files: [ArtifactReference] = [], tags: [String] = [], description: String? = nil, importSource: String,
        importedAt: Date, validationReport: ValidationReport? = nil
    ) {
        self.model = model
        self.version = version
        self.status = status
        self.failureReason = failureReason
        self.metadataJSON = metadataJSON
        self.manifestJSON = manifestJSON
        self.inferenceConfig = inferenceConfig
        self.files = files
        self.tags = tags
        self.description = description
        self.importSource = importSource
        self.importedAt = importedAt
        self.validationReport = validationReport
    }

    /// Checks the model name, the version string, the file digests and sizes.
    ///
    /// - Throws: `invalid_model_name`, `invalid_version` or `invalid_record`.
    public func validate() throws(RegistryError) {
        try VersionName.checkModelName(model)
        _ = try VersionName(version)
        var names = Set<String>()
        for file in files {
            try file.validate(model: model, version: version)
            guard names.insert(file.name).inserted else {
                throw RegistryError(
                    .invalidRecord, "version '\(version)' lists the file '\(file.name)' twice; list each file once",
                    model: model, version: version)
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, version, status, files, tags, description
        case failureReason = "failure_reason", metadataJSON = "metadata_json", manifestJSON = "manifest_json"
        case inferenceConfig = "inference_config", importSource = "import_source", importedAt = "imported_at"
        case validationReport = "validation_report"
    }
}

/// The manifest's `inference_config` (seed 003); every field optional.
public struct InferenceConfig: Sendable, Equatable, Codable {
    /// Score threshold above which a row is an anomaly.
    public var threshold: Double?
    /// Expected share of anomalies.
    public var anomalyRatio: Double?
    /// Percentile of training scores used as threshold.
    public var scorePercentile: Int?
    /// Rows per inference batch.
    public var batchSize: Int?
    /// Inference timeout.
    public var timeoutSeconds: Int?

    /// Creates a configuration.
    public init(
        threshold: Double? = nil, anomalyRatio: Double? = nil, scorePercentile: Int? = nil, batchSize: Int? = nil,
        timeoutSeconds: Int? = nil
    ) {
        self.threshold = threshold
        self.anomalyRatio = anomalyRatio
        self.scorePercentile = scorePercentile
        self.batchSize = batchSize
        self.timeoutSeconds = timeoutSeconds
    }

    /// Copies the manifest's parsed inference configuration.
    public init(_ manifest: PackageManifest.InferenceConfig) {
        self.init(
            threshold: manifest.threshold, anomalyRatio: manifest.anomalyRatio,
            scorePercentile: manifest.scorePercentile, batchSize: manifest.batchSize,
            timeoutSeconds: manifest.timeoutSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case threshold, anomalyRatio = "anomaly_ratio", scorePercentile = "score_percentile"
        case batchSize = "batch_size", timeoutSeconds = "timeout_seconds"
    }
}

/// One file of a version, pointing at a content-addressed artifact.
public struct ArtifactReference: Sendable, Hashable, Codable {
    /// The file's name inside the package, e.g. `model.joblib`.
    public var name: String
    /// SHA256 of the content, 64 lowercase hex digits: the artifact's address.
    public var sha256: String
    /// Size in bytes.
    public var size: Int

    /// Creates a reference.
    public init(name: String, sha256: String, size: Int) {
        self.name = name
        self.sha256 = sha256
        self.size = size
    }

    /// The artifact this reference points at.
    public var artifact: Artifact { Artifact(sha256: sha256, size: size) }

    func validate(model: String, version: String) throws(RegistryError) {
        guard name.utf8.count > 0, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw RegistryError(
                .invalidRecord, "file name '\(name)' of version '\(version)' is empty, absolute or contains '..'",
                model: model, version: version)
        }
        guard Artifact.isDigest(sha256) else {
            throw RegistryError(
                .invalidRecord,
                "file '\(name)' of version '\(version)' has digest '\(sha256)'; give SHA256 as 64 lowercase hex digits",
                model: model, version: version)
        }
        guard size >= 0 else {
            throw RegistryError(
                .invalidRecord, "file '\(name)' of version '\(version)' has negative size \(size)",
                model: model, version: version)
        }
    }
}

/// A stored blob, addressed by its SHA256.
public struct Artifact: Sendable, Hashable, Codable {
    /// SHA256, 64 lowercase hex digits.
    public var sha256: String
    /// Size in bytes.
    public var size: Int

    /// Creates an artifact.
    public init(sha256: String, size: Int) {
        self.sha256 = sha256
        self.size = size
    }

    /// Whether the text is 64 lowercase hex digits.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
