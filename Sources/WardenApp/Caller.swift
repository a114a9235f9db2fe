public import AccessControl
import Foundation

/// Who asks for an operation, as every face hands it to the application layer: the proven identity (role and model
/// scope), the name recorded in the deployment history, and the name recorded in the audit log.
public struct Caller: Sendable, Equatable {
    /// The proven identity; its role and scope decide what the caller may do.
    public var identity: Identity
    /// The actor recorded in the deployment history.
    public var actor: String
    /// The actor recorded in the audit log.
    public var auditActor: String

    /// Creates a caller.
    public init(identity: Identity, actor: String, auditActor: String) {
        self.identity = identity
        self.actor = actor
        self.auditActor = auditActor
    }

    /// A caller proven by an API key or a token: both histories name the key.
    public init(_ identity: Identity) {
        self.init(identity: identity, actor: identity.actor, auditActor: identity.actor)
    }

    /// Someone at the command line of the machine that holds the registry (an admin by definition: they can read
    /// the registry's files). History names `by`, else `$USER`, else `cli`; the audit log adds `cli:`.
    public static func commandLine(by: String?) -> Caller {
        let name = by ?? ProcessInfo.processInfo.environment["USER"] ?? "cli"
        return Caller(identity: .local, actor: name, auditActor: "cli:" + name)
    }

    /// Warden itself (start-up bootstrap, schedulers, agents).
    public static func system(_ name: String) -> Caller {
        Caller(identity: .local, actor: name, auditActor: "system:" + name)
    }

    /// The role.
    public var role: Role { identity.role }

    /// Whether the caller may act on `model`.
    public func covers(model: String) -> Bool { identity.covers(model: model) }
}
