public import Foundation

/// Which old versions to remove (seed 000's `keep_last_n_versions` and `retention_days`).
public struct RetentionPolicy: Sendable, Equatable, Codable {
    /// Keep at least the newest N versions (by ``VersionOrder``); nil: no count rule.
    public var keepLastVersions: Int?
    /// Keep versions imported within this many days; nil: no age rule.
    public var retentionDays: Int?
    /// Never remove a version named (as `from` or `to`) in the model's last this-many deployment-history entries.
    public var protectedHistoryEntries: Int

    /// Creates a policy.
    public init(keepLastVersions: Int? = nil, retentionDays: Int? = nil, protectedHistoryEntries: Int = 5) {
        self.keepLastVersions = keepLastVersions
        self.retentionDays = retentionDays
        self.protectedHistoryEntries = protectedHistoryEntries
    }

    enum CodingKeys: String, CodingKey {
        case keepLastVersions = "keep_last_n_versions", retentionDays = "retention_days"
        case protectedHistoryEntries = "protected_history_entries"
    }
}

/// The retention rule as a pure function.
public enum Retention {
    /// The versions of one model that the policy removes.
    ///
    /// A version is kept when any configured rule keeps it: it is among the newest `keepLastVersions`, or it was
    /// imported less than `retentionDays` days before `now`. With neither rule configured nothing is removed. Never
    /// removed, whatever the rules: a `deployed` or `production` version, and a version named in the last
    /// `protectedHistoryEntries` entries of the deployment history.
    ///
    /// - Parameters:
    ///   - records: the model's versions.
    ///   - history: the model's deployment history, oldest first.
    ///   - policy: the rules.
    ///   - now: the current time.
    /// - Returns: the versions to remove, oldest first.
    public static func versionsToRemove(
        records: [VersionRecord], history: [DeploymentEvent], policy: RetentionPolicy, now: Date
    ) -> [String] {
        if policy.keepLastVersions == nil && policy.retentionDays == nil { return [] }
        let ordered = VersionOrder.sorted(records)
        var protected = Set<String>()
        for event in history.suffix(max(0, policy.protectedHistoryEntries)) {
            protected.insert(event.to)
            if let from = event.from { protected.insert(from) }
        }
        let newest = policy.keepLastVersions.map { Set(ordered.suffix(max(0, $0)).map(\.version)) }
        let cutoff = policy.retentionDays.map { now.addingTimeInterval(-Double($0) * 86_400) }
        return ordered.filter { r in
            if r.status.isServing || protected.contains(r.version) { return false }
            if let newest, newest.contains(r.version) { return false }
            if let cutoff, r.importedAt >= cutoff { return false }
            return true
        }.map(\.version)
    }
}
