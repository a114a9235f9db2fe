public import DataFormats
public import Foundation

/// A version as listings show it: what a table of versions needs, without the validation report, manifest or file
/// list of the full ``VersionRecord``. Stores answer ``VersionStore/summaries(model:offset:limit:)`` from columns
/// kept for this purpose, so listing many versions parses no large documents.
public struct VersionSummary: Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// The lifecycle status.
    public var status: VersionStatus
    /// Why the version failed, for status `failed`.
    public var failureReason: String?
    /// metadata.json → `model_info.created_at` as written by the training service, when present.
    public var createdAt: String?
    /// When the version was imported.
    public var importedAt: Date
    /// A human description.
    public var description: String?
    /// Free-form labels.
    public var tags: [String]
    /// Bytes of `model.joblib`, else of every file.
    public var fileSize: Int
    /// metadata.json → `evaluation_info.basic_metrics` (an object; empty when absent).
    public var metrics: JSONValue
    /// Where the version came from.
    public var importSource: String
    /// The validation verdict, when the package was validated on import.
    public var validation: Verdict?

    /// A validation report's verdict.
    public struct Verdict: Sendable, Equatable {
        /// Whether the report passes.
        public var valid: Bool
        /// The quality score, 0–100.
        public var score: Double

        /// Creates a verdict.
        public init(valid: Bool, score: Double) {
            self.valid = valid
            self.score = score
        }
    }

    /// Creates a summary.
    public init(
        model: String, version: String, status: VersionStatus, failureReason: String?, createdAt: String?,
        importedAt: Date, description: String?, tags: [String], fileSize: Int, metrics: JSONValue,
        importSource: String, validation: Verdict?
    ) {
        self.model = model
        self.version = version
        self.status = status
        self.failureReason = failureReason
        self.createdAt = createdAt
        self.importedAt = importedAt
        self.description = description
        self.tags = tags
        self.fileSize = fileSize
        self.metrics = metrics
        self.importSource = importSource
        self.validation = validation
    }

    /// The summary of a full record.
    public init(_ r: VersionRecord) {
        let facts = SummaryFacts(r)
        self.init(
            model: r.model, version: r.version, status: r.status, failureReason: r.failureReason,
            createdAt: facts.createdAt, importedAt: r.importedAt, description: r.description, tags: r.tags,
            fileSize: facts.fileSize, metrics: facts.metrics, importSource: r.importSource,
            validation: facts.validation)
    }
}

/// The facts of a record a summary needs beyond its plain fields, extracted once (on insert, by stores that keep
/// summary columns).
public struct SummaryFacts: Sendable, Equatable {
    /// metadata.json → `model_info.created_at`.
    public var createdAt: String?
    /// metadata.json → `evaluation_info.basic_metrics`, an object.
    public var metrics: JSONValue
    /// Bytes of `model.joblib`, else of every file.
    public var fileSize: Int
    /// The validation verdict.
    public var validation: VersionSummary.Verdict?

    /// Extracts the facts of a record.
    public init(_ r: VersionRecord) {
        var createdAt: String?
        var metrics = JSONValue.object([:])
        if let text = r.metadataJSON, let doc = try? JSONValue.parse(Array(text.utf8)) {
            if let c = doc["model_info"]?["created_at"]?.string { createdAt = c }
            if let b = doc["evaluation_info"]?["basic_metrics"] { metrics = b }
        }
        self.createdAt = createdAt
        self.metrics = metrics
        fileSize = r.files.first { $0.name == "model.joblib" }?.size ?? r.files.reduce(0) { $0 + $1.size }
        validation = r.validationReport.map { VersionSummary.Verdict(valid: $0.isValid, score: $0.score) }
    }
}

/// One page of a model's versions, newest first.
public struct VersionPage: Sendable, Equatable {
    /// The model.
    public var model: String
    /// The versions of the page.
    public var versions: [VersionSummary]
    /// How many versions precede the page.
    public var offset: Int
    /// How many versions the model has.
    public var total: Int

    /// Creates a page.
    public init(model: String, versions: [VersionSummary], offset: Int, total: Int) {
        self.model = model
        self.versions = versions
        self.offset = offset
        self.total = total
    }

    /// Refuses a negative offset or a limit below 1.
    ///
    /// - Throws: `invalid_record`.
    public static func check(offset: Int, limit: Int?) throws(RegistryError) {
        guard offset >= 0 else { throw RegistryError(.invalidRecord, "a page offset must be 0 or more, got \(offset)") }
        if let limit, limit < 1 {
            throw RegistryError(.invalidRecord, "a page limit must be 1 or more, got \(limit)")
        }
    }
}
