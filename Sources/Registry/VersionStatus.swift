/// Where a version stands in its lifecycle.
///
/// At most one version per model is *serving*: its status is `deployed` or `production`.
public enum VersionStatus: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Imported and validated, never served.
    case imported
    /// Can be deployed; was serving before, or was re-activated.
    case available
    /// The serving version.
    case deployed
    /// The serving version, promoted to production (seed 004's "production promotion").
    case production
    /// Withdrawn by an operator; must be activated before it can be deployed.
    case deactivated
    /// Its load-and-verify step failed; it cannot be deployed.
    case failed

    /// Whether this status marks the serving version.
    public var isServing: Bool { self == .deployed || self == .production }

    /// Whether `deploy`, `promote` or `rollback` may pick a version with this status.
    public var isDeployable: Bool { self == .imported || self == .available }
}
