public import AccessControl
public import Foundation
public import Registry
public import Serving

/// API keys, tokens, the audit log and the serving mode. The key state rules live here once: a key is created with
/// a role and an optional model scope and shown once; a rotation gives an active key a new secret under the same id;
/// a revoked key never changes again; every change empties the authenticator's cache so it applies at once (other
/// processes see it within a second through the store's security generation).
public struct SecurityService: Sendable {
    /// Keys and the audit log.
    public let store: any SecurityStore
    /// Verifies credentials; nil when authentication is off.
    public let authenticator: Authenticator?
    /// The serving mode.
    public let modes: ModeController
    /// Lifetime of issued tokens when the request asks for none shorter (seed 004: 24 h).
    public let tokenLifetime: TimeInterval
    let host: ModelHost?
    let clock: @Sendable () -> Date

    /// Creates the service.
    public init(
        store: any SecurityStore, authenticator: Authenticator?, modes: ModeController,
        tokenLifetime: TimeInterval = 24 * 3600, host: ModelHost? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.authenticator = authenticator
        self.modes = modes
        self.tokenLifetime = tokenLifetime
        self.host = host
        self.clock = clock
    }

    // MARK: Keys

    /// Every key, active and revoked, oldest first.
    public func keys() async throws -> [APIKeyRecord] { try await store.keys() }

    /// Creates a key and returns it with its token, which is shown once and stored only as a salted hash.
    ///
    /// - Throws: ``AppError`` `invalid_request` for an empty name or an empty model list; the store's
    ///   `invalid_record`, `invalid_model_name`, `conflict` (an active key has the name).
    public func createKey(
        name: String, role: Role, models: [String]?, caller: Caller, material: APIKeyMaterial = .generate()
    ) async throws -> (record: APIKeyRecord, material: APIKeyMaterial) {
        guard !name.isEmpty else { throw AppError(.invalidRequest, "a key needs a non-empty name") }
        if let models, models.isEmpty {
            throw AppError(.invalidRequest, "models must be a non-empty list of names, or absent for every model")
        }
        let stored = KeyHasher.salted(material.secret)
        let record = APIKeyRecord(
            id: material.id, name: name, role: role.rawValue, models: models, salt: stored.salt, hash: stored.hash,
            createdAt: clock(), createdBy: caller.auditActor)
        try await store.insertKey(record)
        authenticator?.invalidate()
        return (record, material)
    }

    /// Gives an active key a new secret; the old one stops working at once.
    ///
    /// - Throws: ``AppError`` `key_not_found`, `key_revoked`.
    public func rotateKey(id: String) async throws -> (record: APIKeyRecord, material: APIKeyMaterial) {
        var record = try await activeKey(id)
        let material = APIKeyMaterial.newSecret(for: record.id)
        (record.salt, record.hash) = KeyHasher.salted(material.secret)
        record.rotatedAt = clock()
        // The store refuses the update too if the key was revoked in the meantime.
        try await store.updateKey(record)
        authenticator?.invalidate()
        return (record, material)
    }

    /// Revokes a key for good; it stays listed.
    ///
    /// - Throws: ``AppError`` `key_not_found`, `key_revoked`.
    public func revokeKey(id: String) async throws -> APIKeyRecord {
        var record = try await activeKey(id)
        record.revokedAt = clock()
        try await store.updateKey(record)
        authenticator?.invalidate()
        return record
    }

    /// The key with this id, which must be active.
    ///
    /// - Throws: ``AppError`` `key_not_found`, `key_revoked`.
    public func activeKey(_ id: String) async throws -> APIKeyRecord {
        guard let record = try await store.key(id: id) else {
            throw AppError(
                .keyNotFound,
                "no API key has id '\(id.prefix(64))'; list them with `warden keys list` or GET /api/keys",
                details: ["id": .string(String(id.prefix(64)))])
        }
        if let revokedAt = record.revokedAt {
            throw AppError(
                .keyRevoked,
                "the API key '\(id)' was revoked at \(ISO8601DateFormatter().string(from: revokedAt)); a revoked key "
                    + "never changes: create a new key",
                details: ["id": .string(id)])
        }
        return record
    }

    // MARK: Tokens

    /// Exchanges the caller's API key for a token, optionally shorter-lived or with a lower role.
    ///
    /// - Throws: ``AppError`` `auth_disabled`, `api_key_required`, `invalid_request`, `forbidden`.
    public func issueToken(for caller: Caller, lifetime: TimeInterval?, role: Role?) async throws -> IssuedToken {
        guard let authenticator else { throw Self.authDisabled }
        let identity = caller.identity
        guard identity.credential == .apiKey else {
            throw AppError(
                .apiKeyRequired, "a token is issued for an API key: send X-API-Key (a token cannot renew itself)")
        }
        var seconds = tokenLifetime
        if let lifetime {
            guard lifetime >= 1, lifetime <= 7 * 86_400 else {
                throw AppError(.invalidRequest, "expires_in must be seconds from 1 to 604800")
            }
            seconds = min(lifetime, tokenLifetime)
        }
        let granted = role ?? identity.role
        guard granted <= identity.role else {
            throw AppError(
                .forbidden, "a \(identity.role.rawValue) key cannot obtain a \(granted.rawValue) token")
        }
        let issued = try await authenticator.issuer.issue(
            keyID: identity.keyID, name: identity.name, role: granted, models: identity.models, lifetime: seconds)
        return IssuedToken(token: issued.token, claims: issued.claims, lifetime: seconds, role: granted)
    }

    /// Keys and tokens need authentication.
    public func requireAuthentication() throws(AppError) {
        guard authenticator != nil else { throw Self.authDisabled }
    }

    static let authDisabled = AppError(
        .authDisabled, "authentication is off (--no-auth); keys and tokens need a server with authentication")

    // MARK: Audit log

    /// Audit entries newest first.
    ///
    /// - Throws: ``AppError`` `invalid_limit` outside 1…10,000.
    public func audit(since: Date?, action: String?, actor: String?, limit: Int) async throws -> [AuditRecord] {
        guard (1...10_000).contains(limit) else { throw AppError(.invalidLimit, "limit must be from 1 to 10000") }
        return try await store.audit(since: since, action: action, actor: actor, limit: limit)
    }

    // MARK: Modes

    /// Enters a serving mode by name; entering inference reloads the production models (seed 004's callback).
    ///
    /// - Throws: ``AppError`` `invalid_mode`.
    public func setMode(_ name: String) async throws -> ModeState.Transition {
        guard let mode = ServingMode(rawValue: name) else {
            throw AppError(
                .invalidMode, "unknown mode '\(name)'; use inference, training or maintenance",
                details: ["mode": .string(name)])
        }
        let transition = modes.enter(mode)
        if transition.changed, mode == .inference { await host?.refresh() }
        return transition
    }
}

/// A token issued for an API key.
public struct IssuedToken: Sendable {
    /// The bearer token.
    public var token: String
    /// Its verified claims.
    public var claims: TokenClaims
    /// Its lifetime in seconds.
    public var lifetime: TimeInterval
    /// The role it carries.
    public var role: Role
}

