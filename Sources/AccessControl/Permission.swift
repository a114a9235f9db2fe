/// What a route requires of the caller's role (see ``Role/permissions``).
public enum Permission: String, Sendable, Codable, CaseIterable {
    /// Models, versions, statistics, drift, reports, metrics.
    case read
    /// Every prediction route.
    case predict
    /// Import, validate, save, baseline capture and upload.
    case write
    /// Deploy, rollback, promote, activate/deactivate, delete, tag, modes, keys, cleanup, audit.
    case admin
}
