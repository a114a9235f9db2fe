public import AccessControl

/// Who makes a request: an API key (directly, or through a token issued for it), or the local operator when
/// authentication is off.
public struct Identity: Sendable, Equatable {
    /// How the request proved who it is.
    public enum Credential: String, Sendable, Equatable {
        /// `X-API-Key` (or an API key as a Bearer credential).
        case apiKey = "api_key"
        /// A JWT issued by `POST /api/auth/token`.
        case token
        /// Authentication is off (`--no-auth`, loopback only).
        case none
    }

    /// The key id (`local` when authentication is off).
    public var keyID: String
    /// The key's name.
    public var name: String
    /// The role.
    public var role: Role
    /// The models the key may act on; nil for every model.
    public var models: [String]?
    /// How it was proved.
    public var credential: Credential

    /// Creates an identity.
    public init(keyID: String, name: String, role: Role, models: [String]?, credential: Credential) {
        self.keyID = keyID
        self.name = name
        self.role = role
        self.models = models
        self.credential = credential
    }

    /// The operator of a server running without authentication.
    public static let local = Identity(keyID: "local", name: "local", role: .admin, models: nil, credential: .none)

    /// A request that proved nothing (recorded as the actor of refused changes).
    public static let anonymous = Identity(
        keyID: "anonymous", name: "anonymous", role: .viewer, models: nil, credential: .none)

    /// The actor recorded in the audit log and the deployment history.
    public var actor: String { credential == .none ? keyID : "key:\(keyID) (\(name))" }

    /// Whether the identity may act on `model`.
    public func covers(model: String) -> Bool { models.map { $0.contains(model) } ?? true }

    /// The identity of the request being handled (set by ``SecurityMiddleware`` around the route).
    @TaskLocal public static var current: Identity?
}
