/// A lifecycle command for one version of a model. See ``Lifecycle`` for the rules.
public enum LifecycleCommand: Sendable, Equatable {
    /// Make the version serve, with status `deployed`.
    case deploy(String)
    /// Make the version serve, with status `production`.
    case promote(String)
    /// Serve a named version again, or (nil) the one that served before the current one.
    case rollback(to: String?)
    /// `deactivated` (or `failed`) → `available`.
    case activate(String)
    /// `imported`/`available` → `deactivated`.
    case deactivate(String)
    /// The version's load-and-verify step failed: → `failed`, serving unchanged.
    case markFailed(String, reason: String)
    /// Remove the version.
    case delete(String)

    /// The command's name as used in messages: `deploy`, `promote`, `rollback`, ...
    public var name: String {
        switch self {
        case .deploy: "deploy"
        case .promote: "promote"
        case .rollback: "rollback"
        case .activate: "activate"
        case .deactivate: "deactivate"
        case .markFailed: "mark failed"
        case .delete: "delete"
        }
    }
}

/// What the caller must do before committing a plan.
public enum LifecycleAction: Sendable, Equatable {
    /// Load the version's model and verify it (trial inference) before committing; on failure commit
    /// `markFailed` instead.
    case loadAndVerify(model: String, version: String)
}

/// One status change a plan makes.
public struct StatusChange: Sendable, Equatable, Codable {
    /// The version.
    public var version: String
    /// Its status when the plan was made.
    public var from: VersionStatus
    /// Its status after the commit.
    public var to: VersionStatus

    /// Creates a change.
    public init(version: String, from: VersionStatus, to: VersionStatus) {
        self.version = version
        self.from = from
        self.to = to
    }
}

/// The outcome of planning a command: everything the store writes in one atomic commit, and the action the caller
/// performs first.
public struct LifecyclePlan: Sendable, Equatable {
    /// The model.
    public var model: String
    /// The model's revision the plan was made at; committing at another revision fails with `conflict`.
    public var baseRevision: Int
    /// The command planned.
    public var command: LifecycleCommand
    /// The version the command resolved to (for `rollback(to: nil)`, the version found in the history).
    public var target: String
    /// The status changes, in order.
    public var changes: [StatusChange]
    /// The version removed, for `delete`.
    public var deletion: String?
    /// The deployment-history entry appended, for deploy, promote and rollback.
    public var deployment: DeploymentEvent?
    /// The failure reason stored with the version, for `markFailed`.
    public var failureReason: String?
    /// What the caller must do before committing, if anything.
    public var action: LifecycleAction?

    /// Whether the plan changes nothing: the command's target state already held. Such a plan is not committed,
    /// records no history and needs no action.
    public var isNoChange: Bool {
        changes.isEmpty && deletion == nil && deployment == nil && failureReason == nil && action == nil
    }
}
