public import Foundation
public import Registry
public import AccessControl

/// Authentication, rate limits and the audit log of a server. A server without one (`--no-auth`, tests) serves every
/// request as the local operator, limits nothing and audits nothing; serving modes apply either way.
public struct ServerSecurity: Sendable {
    /// Verifies API keys and tokens; nil when authentication is off.
    public var authenticator: Authenticator?
    /// The token buckets; nil when rate limiting is off.
    public var limiter: RateLimiter?
    /// Keys and the audit log.
    public var store: any SecurityStore
    /// Lifetime of tokens issued by `POST /api/auth/token` when the request does not ask for less (seed 004: 24 h).
    public var tokenLifetime: TimeInterval

    /// Creates the security of a server.
    public init(
        authenticator: Authenticator?, limiter: RateLimiter?, store: any SecurityStore,
        tokenLifetime: TimeInterval = 24 * 3600
    ) {
        self.authenticator = authenticator
        self.limiter = limiter
        self.store = store
        self.tokenLifetime = tokenLifetime
    }
}
