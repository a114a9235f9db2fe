public import Foundation

/// A ``RegistryStore`` in memory: for tests, demos and single-run tools. Nothing survives the process.
public actor InMemoryRegistryStore: RegistryStore {
    private var versions: [String: [String: VersionRecord]] = [:]
    private var revisions: [String: Int] = [:]
    private var deployments: [DeploymentEvent] = []
    private var transfers: [TransferEvent] = []
    private var imports: [ImportEvent] = []
    private var artifacts: [String: Int] = [:]  // sha256 -> size
    var monitoring = InMemoryMonitoringTables()  // see InMemoryRegistryStore+Monitoring.swift
    var security = InMemorySecurityTables()  // see InMemoryRegistryStore+Security.swift
    var agents = InMemoryAgentTables()  // see InMemoryRegistryStore+Anomalies.swift
    var logs = InMemoryLogTables()  // see InMemoryRegistryStore+LogEvents.swift

    /// Creates an empty store.
    public init() {}

    /// See ``RegistryStore/insert(_:)``.
    public func insert(_ record: VersionRecord) throws(RegistryError) {
        try record.validate()
        guard versions[record.model]?[record.version] == nil else {
            throw RegistryError(
                .duplicateVersion,
                "model '\(record.model)' already has version '\(record.version)'; import under a new version or "
                    + "delete the existing one first",
                model: record.model, version: record.version)
        }
        var stored = record
        stored.tags = Self.unique(record.tags)
        versions[record.model, default: [:]][record.version] = stored
        for file in record.files where artifacts[file.sha256] == nil { artifacts[file.sha256] = file.size }
        revisions[record.model, default: 0] += 1
    }

    /// See ``RegistryStore/record(model:version:)``.
    public func record(model: String, version: String) throws(RegistryError) -> VersionRecord {
        guard let r = versions[model]?[version] else { throw RegistryError.notFound(model, version) }
        return r
    }

    /// See ``RegistryStore/records(model:)``.
    public func records(model: String) -> [VersionRecord] {
        VersionOrder.sorted(Array((versions[model] ?? [:]).values))
    }

    /// See ``RegistryStore/models()``.
    public func models() -> [String] {
        versions.filter { !$0.value.isEmpty }.keys.sorted()
    }

    /// See ``RegistryStore/lifecycle(model:)``.
    public func lifecycle(model: String) -> Lifecycle {
        Lifecycle(
            model: model, revision: revisions[model] ?? 0,
            statuses: (versions[model] ?? [:]).mapValues(\.status),
            deployments: deployments.filter { $0.model == model })
    }

    /// See ``RegistryStore/commit(_:)``.
    @discardableResult
    public func commit(_ plan: LifecyclePlan) throws(RegistryError) -> Int {
        let next = try lifecycle(model: plan.model).applying(plan)
        for change in plan.changes {
            versions[plan.model]?[change.version]?.status = change.to
            versions[plan.model]?[change.version]?.failureReason = change.to == .failed ? plan.failureReason : nil
        }
        if let v = plan.deletion { versions[plan.model]?[v] = nil }
        if let event = plan.deployment { deployments.append(event) }
        revisions[plan.model] = next.revision
        return next.revision
    }

    /// See ``RegistryStore/setTags(_:model:version:)``.
    public func setTags(_ tags: [String], model: String, version: String) throws(RegistryError) {
        guard versions[model]?[version] != nil else { throw RegistryError.notFound(model, version) }
        versions[model]?[version]?.tags = Self.unique(tags)
    }

    /// See ``RegistryStore/setDescription(_:model:version:)``.
    public func setDescription(_ description: String?, model: String, version: String) throws(RegistryError) {
        guard versions[model]?[version] != nil else { throw RegistryError.notFound(model, version) }
        versions[model]?[version]?.description = description
    }

    /// See ``RegistryStore/deploymentHistory(model:)``.
    public func deploymentHistory(model: String?) -> [DeploymentEvent] {
        guard let model else { return deployments }
        return deployments.filter { $0.model == model }
    }

    /// See ``RegistryStore/recordTransfer(_:)``.
    public func recordTransfer(_ event: TransferEvent) {
        transfers.append(event)
    }

    /// See ``RegistryStore/transferHistory()``.
    public func transferHistory() -> [TransferEvent] { transfers }

    /// See ``RegistryStore/clearTransferHistory(olderThan:)``.
    @discardableResult
    public func clearTransferHistory(olderThan: Date?) -> Int {
        let before = transfers.count
        if let olderThan { transfers.removeAll { $0.at < olderThan } } else { transfers.removeAll() }
        return before - transfers.count
    }

    /// See ``RegistryStore/recordImport(_:)``.
    public func recordImport(_ event: ImportEvent) {
        imports.append(event)
    }

    /// See ``RegistryStore/importHistory(model:)``.
    public func importHistory(model: String?) -> [ImportEvent] {
        guard let model else { return imports }
        return imports.filter { $0.model == model }
    }

    /// See ``RegistryStore/referencedDigests()``.
    public func referencedDigests() -> Set<String> { referenced() }

    /// See ``RegistryStore/unreferencedArtifacts()``.
    public func unreferencedArtifacts() -> [Artifact] {
        let used = referenced()
        return artifacts.filter { !used.contains($0.key) }.map { Artifact(sha256: $0.key, size: $0.value) }
            .sorted { $0.sha256 < $1.sha256 }
    }

    /// See ``RegistryStore/forgetArtifacts(_:)``.
    @discardableResult
    public func forgetArtifacts(_ sha256: [String]) -> [String] {
        let used = referenced()
        var removed: [String] = []
        for digest in Set(sha256).sorted() where !used.contains(digest) && artifacts[digest] != nil {
            artifacts[digest] = nil
            removed.append(digest)
        }
        return removed
    }

    /// See ``RegistryStore/applyRetention(model:policy:now:)``.
    @discardableResult
    public func applyRetention(model: String, policy: RetentionPolicy, now: Date) -> [String] {
        let removed = Retention.versionsToRemove(
            records: records(model: model), history: deploymentHistory(model: model), policy: policy, now: now)
        guard !removed.isEmpty else { return [] }
        for v in removed { versions[model]?[v] = nil }
        revisions[model, default: 0] += 1
        return removed
    }

    private func referenced() -> Set<String> {
        Set(versions.values.flatMap { $0.values.flatMap { $0.files.map(\.sha256) } })
    }

    private static func unique(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }
}
