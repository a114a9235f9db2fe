public import Registry
public import AccessControl
import Foundation
import Synchronization

/// Turns the credential of a request into an ``Identity``: an API key (`X-API-Key`, or `Authorization: Bearer
/// wdn_…`) checked against its salted hash, or a token issued by `POST /api/auth/token`.
///
/// Key records are cached; the store's security generation is read at most once a second, and any change (a key
/// created, rotated or revoked, by this server or by `warden keys` in another process) empties the cache, so a
/// revoked key stops working about a second later, without a restart. Changes made through this server's API take
/// effect at once.
public final class Authenticator: Sendable {
    /// Where keys are.
    public let store: any SecurityStore
    /// Verifies tokens.
    public let issuer: TokenIssuer
    private let cache = Mutex(Cache())
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    private struct Cache {
        var generation: Int64 = -1
        var checkedAt: Double = -.infinity
        var keys: [String: APIKeyRecord?] = [:]
        /// Credentials already verified (the presented key or token → who it proved, and until when), so a client
        /// that sends the same credential again costs a dictionary lookup instead of parsing and hashing. Only
        /// successes are kept, the map is bounded, and any key change empties it with the rest of the cache.
        var verified: [String: (identity: Identity, until: Date?)] = [:]
    }

    /// The most key records (and unknown ids) kept.
    static let maximumCachedKeys = 10_000

    /// Creates an authenticator.
    public init(store: any SecurityStore, issuer: TokenIssuer) {
        self.store = store
        self.issuer = issuer
        origin = clock.now
    }

    private var now: Double { (clock.now - origin).inSeconds }

    /// Forgets every cached key (after a change through this server).
    public func invalidate() {
        cache.withLock { $0 = Cache() }
    }

    /// The identity proved by the request's credentials, nil when it sent none.
    /// - Throws: ``SecurityError`` (`invalid_key`, `invalid_token`, `expired_token`) for a credential that does not
    ///   prove anything; `RegistryError` when the store cannot be read.
    public func authenticate(apiKey: String?, authorization: String?) async throws -> Identity? {
        guard let presented = apiKey.map({ "k " + $0 }) ?? authorization.map({ "a " + $0 }) else { return nil }
        try await refreshIfStale()
        let now = Date()
        if let hit = cache.withLock({ $0.verified[presented] }), hit.until.map({ now < $0 }) ?? true {
            return hit.identity
        }
        let (identity, until) = try await verify(apiKey: apiKey, authorization: authorization)
        cache.withLock { c in
            if c.verified.count >= Self.maximumCachedKeys { c.verified.removeAll(keepingCapacity: true) }
            c.verified[presented] = (identity, until)
        }
        return identity
    }

    /// Reads the store's security generation when the last read is more than a second old; a change empties the
    /// cache.
    private func refreshIfStale() async throws {
        let t = now
        guard cache.withLock({ t - $0.checkedAt > 1.0 }) else { return }
        let generation = try await store.securityGeneration()
        cache.withLock { c in
            if c.generation != generation {
                c.keys = [:]
                c.verified = [:]
                c.generation = generation
            }
            c.checkedAt = t
        }
    }

    private func verify(apiKey: String?, authorization: String?) async throws -> (Identity, Date?) {
        if let apiKey { return (try await key(apiKey), nil) }
        let parts = (authorization ?? "").split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw SecurityError(
                .invalidToken, "the Authorization header must be 'Bearer <token or API key>'")
        }
        let credential = String(parts[1]).trimmingCharacters(in: .whitespaces)
        if credential.hasPrefix("wdn_") { return (try await key(credential), nil) }
        let claims = try await issuer.verify(credential)
        // A token dies with its key: a revoked or rotated key's tokens stop working.
        guard let record = try await record(claims.subject), record.isActive,
            (record.rotatedAt ?? record.createdAt) <= claims.issuedAt.addingTimeInterval(1)
        else {
            throw SecurityError(
                .invalidToken, "the token's API key was revoked or rotated; ask for a new token with a valid key")
        }
        let identity = Identity(
            keyID: claims.subject, name: claims.name, role: claims.role, models: claims.models, credential: .token)
        return (identity, claims.expiresAt)
    }

    private func key(_ presented: String) async throws -> Identity {
        guard let material = APIKeyMaterial.parse(presented) else {
            throw SecurityError(
                .invalidKey, "the API key is malformed; keys look like wdn_<id>_<secret> (warden keys create)")
        }
        guard let record = try await record(material.id), record.isActive,
            KeyHasher.verify(secret: material.secret, salt: record.salt, hash: record.hash)
        else {
            throw SecurityError(.invalidKey, "the API key is unknown, revoked or rotated; use a current key")
        }
        guard let role = Role(rawValue: record.role) else {
            throw SecurityError(.invalidKey, "the API key's role '\(record.role)' is unknown")
        }
        return Identity(keyID: record.id, name: record.name, role: role, models: record.models, credential: .apiKey)
    }

    /// The record of a key id, from the cache when the store has not changed.
    private func record(_ id: String) async throws -> APIKeyRecord? {
        if let cached = cache.withLock({ $0.keys[id] }) { return cached }
        let fetched = try await store.key(id: id)
        cache.withLock { c in
            if c.keys.count >= Self.maximumCachedKeys { c.keys.removeAll(keepingCapacity: true) }
            c.keys[id] = .some(fetched)
        }
        return fetched
    }
}
