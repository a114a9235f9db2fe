public import Foundation

/// One change of the serving version: a row of the deployment history.
public struct DeploymentEvent: Sendable, Equatable, Codable {
    /// What kind of command made the change.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// `deploy(v)`.
        case deploy
        /// `rollback(to:)`.
        case rollback
        /// `promote(v)`.
        case promote
    }

    /// The model.
    public var model: String
    /// The version serving before, nil when none was.
    public var from: String?
    /// The version serving after.
    public var to: String
    /// Who asked for it.
    public var actor: String
    /// When it was committed.
    public var at: Date
    /// Why, as given by the actor.
    public var reason: String?
    /// The command.
    public var kind: Kind

    /// Creates an event.
    public init(model: String, from: String?, to: String, actor: String, at: Date, reason: String?, kind: Kind) {
        self.model = model
        self.from = from
        self.to = to
        self.actor = actor
        self.at = at
        self.reason = reason
        self.kind = kind
    }
}
