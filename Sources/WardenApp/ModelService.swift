public import DataFormats
public import Foundation
public import ModelPackage
public import Registry
public import Serving

/// Models and versions: which model a request means, listings (paged, filtered to the caller's scope), records,
/// comparisons, tags and descriptions, validation now, compatibility with the serving version, and seed 004's save.
public struct ModelService: Sendable {
    let versions: any VersionStore
    let history: any HistoryStore
    let host: ModelHost
    let access: AccessPolicy
    let clock: @Sendable () -> Date

    /// Creates the service.
    public init(
        versions: any VersionStore, history: any HistoryStore, host: ModelHost, access: AccessPolicy,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.versions = versions
        self.history = history
        self.host = host
        self.access = access
        self.clock = clock
    }

    // MARK: Which model

    /// The model a request means (``ModelChoice``: the one it names, else the configured default, else the only
    /// model served, else the only model in the registry, each among the models the caller may act on), checked
    /// against the caller's scope.
    ///
    /// - Throws: ``AppError`` `model_required` when several models exist and none is named (or the caller sees
    ///   none), `model_out_of_scope`; `storage_error`.
    public func resolveModel(_ named: String?, caller: Caller) async throws -> String {
        guard let name = try await choice.model(named: named, caller: caller) else {
            if let scope = caller.identity.models {
                throw AppError(
                    .modelRequired,
                    "the key may act on \(scope.joined(separator: ", ")) only, and the registry has none of them; "
                        + "name a model, or import one the key covers",
                    details: ["models": .array([]), "allowed_models": .array(scope.map(JSONValue.string))])
            }
            throw AppError(
                .modelRequired, "the registry has no models; import a package first", details: ["models": .array([])])
        }
        try access.checkScope(name, caller: caller)
        return name
    }

    /// The model a request that names none means for a caller who may act on every model, when there is one.
    public func defaultModel() async -> String? { try? await choice.model(named: nil, caller: .system("default")) }

    var choice: ModelChoice { ModelChoice(host: host, versions: versions) }

    /// The version a request means: the one it names (which must exist), else the one the registry serves.
    ///
    /// - Throws: `version_not_found` for an unknown version, or when none is named and the model serves none.
    public func resolveVersion(_ named: String?, model: String) async throws -> String {
        if let named, !named.isEmpty {
            _ = try await versions.record(model: model, version: named)
            return named
        }
        guard let serving = try await versions.lifecycle(model: model).serving else {
            throw RegistryError(
                .versionNotFound, "model '\(model)' has no serving version; name a version or deploy one first",
                model: model)
        }
        return serving
    }

    /// Every model the caller may see, sorted.
    public func models(visibleTo caller: Caller) async throws -> [String] {
        try await versions.models().filter(caller.covers(model:))
    }

    // MARK: Listing and reading

    /// One page of a model's versions, newest first, as summaries (what tables show; no reports, no manifests).
    public func page(model: String, offset: Int = 0, limit: Int? = nil) async throws -> VersionPage {
        try Self.checkPage(offset: offset, limit: limit)
        return try await versions.summaries(model: model, offset: offset, limit: limit)
    }

    /// Versions of several models (every model the caller may see when `model` is nil), newest first per model.
    public func summaries(model: String?, caller: Caller) async throws -> [VersionSummary] {
        let names: [String]
        if let model {
            try access.checkScope(model, caller: caller)
            names = [model]
        } else {
            names = try await models(visibleTo: caller)
        }
        var all: [VersionSummary] = []
        for name in names { all += try await versions.summaries(model: name, offset: 0, limit: nil).versions }
        return all
    }

    /// A version's full record.
    ///
    /// - Throws: `version_not_found`.
    public func record(model: String, version: String) async throws -> VersionRecord {
        try await versions.record(model: model, version: version)
    }

    /// A version's stored validation report.
    ///
    /// - Throws: `version_not_found`; ``AppError`` `no_validation_report`.
    public func validationReport(model: String, version: String) async throws -> ValidationReport {
        let record = try await versions.record(model: model, version: version)
        guard let report = record.validationReport else {
            throw AppError(
                .noValidationReport,
                "version '\(version)' has no stored validation report (it was not imported from a package); "
                    + "POST /api/v1/model-management/\(version)/validate checks it now",
                details: ["version": .string(version)])
        }
        return report
    }

    /// Two versions' metrics side by side.
    public func compare(model: String, _ a: String, _ b: String) async throws -> VersionComparison {
        try await versions.compare(model: model, a, b)
    }

    /// The deployment history, oldest first; all models when `model` is nil.
    public func deploymentHistory(model: String?) async throws -> [DeploymentEvent] {
        try await versions.deploymentHistory(model: model)
    }

    /// The version serving `model` in this process, if any.
    public func serving(_ model: String) -> ServingModel? { try? host.serving(model) }

    // MARK: Annotating

    /// Replaces a version's tags (duplicates dropped, order kept).
    public func setTags(_ tags: [String], model: String, version: String) async throws {
        try await versions.setTags(tags, model: model, version: version)
    }

    /// Replaces a version's description.
    public func setDescription(_ text: String?, model: String, version: String) async throws {
        try await versions.setDescription(text, model: model, version: version)
    }

    // MARK: Validation and compatibility

    /// A stored version checked now: its import-time report plus a fresh load and trial inference.
    public func validate(model: String, version: String) async throws -> ValidationCheck {
        let record = try await versions.record(model: model, version: version)
        var load = ValidationCheck.LoadCheck(ok: true)
        do {
            let loaded = try await host.loader.load(record)
            load.estimator = loaded.estimatorClass
            load.nFeatures = loaded.nFeatures
            load.threshold = loaded.threshold
        } catch {
            load = ValidationCheck.LoadCheck(ok: false, error: error.message)
        }
        return ValidationCheck(model: model, version: version, report: record.validationReport, load: load)
    }

    /// Whether a version can replace the serving one without changing what clients send.
    public func compatibility(model: String, version: String) async throws -> Compatibility {
        let candidate = try await host.loader.load(model: model, version: version)
        guard let current = try? host.serving(model) else {
            return Compatibility(model: model, version: version, currentVersion: nil, issues: [], notes: [])
        }
        return Compatibility(candidate: candidate, current: current)
    }

    // MARK: Seed 004's save

    /// A new version `manual-YYYYMMDD-HHMMSS` of the serving model, pointing at the same content-addressed files
    /// (nothing copied), with status `imported`, recorded in the import history.
    public func save(model: String, tags: [String], description: String?) async throws -> SavedVersion {
        let current = try host.serving(model)
        let now = clock()
        var record = current.record
        record.version = "manual-" + Self.stamp(now)
        record.status = .imported
        record.failureReason = nil
        record.tags = tags
        record.description = description ?? "Saved from version \(current.version)"
        record.importSource = "save:\(current.model)/\(current.version)"
        record.importedAt = now
        try await versions.insert(record)
        try await history.recordImport(
            ImportEvent(
                model: model, source: record.importSource, version: record.version, outcome: .imported, at: now,
                message: "saved from the serving version \(current.version)"))
        return SavedVersion(record: record, savedFrom: current.version)
    }

    static func stamp(_ date: Date) -> String {
        date.formatted(
            Date.VerbatimFormatStyle(
                format:
                    "\(year: .defaultDigits)\(month: .twoDigits)\(day: .twoDigits)-\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased))\(minute: .twoDigits)\(second: .twoDigits)",
                timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
    }

    /// The largest page a listing returns.
    public static let maximumPageSize = 1_000

    static func checkPage(offset: Int, limit: Int?) throws(AppError) {
        guard offset >= 0 else { throw AppError(.invalidLimit, "offset must be 0 or more, got \(offset)") }
        if let limit, !(1...maximumPageSize).contains(limit) {
            throw AppError(.invalidLimit, "limit must be from 1 to \(maximumPageSize), got \(limit)")
        }
    }
}

/// A version checked now (`POST /{version}/validate`).
public struct ValidationCheck: Sendable {
    /// A fresh load and trial inference.
    public struct LoadCheck: Sendable {
        /// Whether the version loaded and scored a trial row.
        public var ok: Bool
        /// Why not.
        public var error: String?
        /// The final estimator's class.
        public var estimator: String?
        /// Features the model takes.
        public var nFeatures: Int?
        /// The decision threshold.
        public var threshold: Double?

        /// Creates a load check.
        public init(ok: Bool, error: String? = nil) {
            self.ok = ok
            self.error = error
        }
    }

    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// The import-time report, when there is one.
    public var report: ValidationReport?
    /// The load check.
    public var load: LoadCheck

    /// Valid when the stored report passes (or there is none) and the version loads.
    public var isValid: Bool { (report?.isValid ?? true) && load.ok }
}

/// Whether a candidate version takes the same input as the serving version.
public struct Compatibility: Sendable {
    /// The model.
    public var model: String
    /// The candidate version.
    public var version: String
    /// The serving version compared with, nil when none serves.
    public var currentVersion: String?
    /// What would break clients.
    public var issues: [String]
    /// What changes without breaking clients.
    public var notes: [String]

    /// Compatible when nothing would break clients.
    public var isCompatible: Bool { issues.isEmpty }

    /// Creates a result.
    public init(model: String, version: String, currentVersion: String?, issues: [String], notes: [String]) {
        self.model = model
        self.version = version
        self.currentVersion = currentVersion
        self.issues = issues
        self.notes = notes
    }

    /// Compares a loaded candidate with the serving model: the same features, in the same order, the same count.
    public init(candidate: ServingModel, current: ServingModel) {
        var issues: [String] = []
        if candidate.nFeatures != current.nFeatures {
            issues.append("takes \(candidate.nFeatures) features; the serving version takes \(current.nFeatures)")
        }
        if let a = candidate.featureNames, let b = current.featureNames, a != b {
            let missing = b.filter { !a.contains($0) }
            let extra = a.filter { !b.contains($0) }
            if missing.isEmpty, extra.isEmpty {
                issues.append("the same features in a different order")
            } else {
                if !missing.isEmpty { issues.append("drops features: \(missing.joined(separator: ", "))") }
                if !extra.isEmpty { issues.append("needs new features: \(extra.joined(separator: ", "))") }
            }
        } else if (candidate.featureNames == nil) != (current.featureNames == nil) {
            issues.append("one version has feature names and the other has none")
        }
        var notes: [String] = []
        if candidate.estimatorClass != current.estimatorClass {
            notes.append("estimator changes from \(current.estimatorClass) to \(candidate.estimatorClass)")
        }
        if candidate.threshold != current.threshold {
            notes.append("threshold changes from \(current.threshold) to \(candidate.threshold)")
        }
        self.init(
            model: candidate.model, version: candidate.version, currentVersion: current.version, issues: issues,
            notes: notes)
    }
}

/// A version made by ``ModelService/save(model:tags:description:)``.
public struct SavedVersion: Sendable {
    /// The new version's record.
    public var record: VersionRecord
    /// The version it was saved from.
    public var savedFrom: String
}
