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
    }

    /// The most key records (and unknown ids) kept.
    static let maximumCachedKeys = 10_000

    /// Creates an authenticator.
    public init(store: any SecurityStore, issuer: TokenIssuer) {
        self.store = store
        self.issuer = issuer
        origin = clock.now
    }

    private var now: Double {
        let d = clock.now - origin
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Forgets every cached key (after a change through this server).
    public func invalidate() {
        cache.withLock { $0 = Cache() }
    }

    /// The identity proved by the request's credentials, nil when it sent none.
    /// - Throws: ``SecurityError`` (`invalid_key`, `invalid_token`, `expired_token`) for a credential that does not
    ///   prove anything; `RegistryError` when the store cannot be read.
    public func authenticate(apiKey: String?, authorization: String?) async throws -> Identity? {
        if let apiKey { return try await key(apiKey) }
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw SecurityError(
                .invalidToken, "the Authorization header must be 'Bearer <token or API key>'")
        }
        let credential = String(parts[1]).trimmingCharacters(in: .whitespaces)
        if credential.hasPrefix("wdn_") { return try await key(credential) }
        let claims = try await issuer.verify(credential)
        // A token dies with its key: a revoked or rotated key's tokens stop working.
        guard let record = try await record(claims.subject), record.isActive,
            (record.rotatedAt ?? record.createdAt) <= claims.issuedAt.addingTimeInterval(1)
        else {
            throw SecurityError(
                .invalidToken, "the token's API key was revoked or rotated; ask for a new token with a valid key")
        }
        return Identity(
            keyID: claims.subject, name: claims.name, role: claims.role, models: claims.models, credential: .token)
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
        let t = now
        if cache.withLock({ t - $0.checkedAt > 1.0 }) {
            let generation = try await store.securityGeneration()
            cache.withLock { c in
                if c.generation != generation {
                    c.keys = [:]
                    c.generation = generation
                }
                c.checkedAt = t
            }
        }
        if let cached = cache.withLock({ $0.keys[id] }) { return cached }
        let fetched = try await store.key(id: id)
        cache.withLock { c in
            if c.keys.count >= Self.maximumCachedKeys { c.keys.removeAll(keepingCapacity: true) }
            c.keys[id] = .some(fetched)
        }
        return fetched
    }
}
