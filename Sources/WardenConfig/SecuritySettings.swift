/// Authentication settings (`security:`, seed 004). The signing secret is never configuration: it comes from the
/// environment variable `WARDEN_SECRET_KEY` only.
public struct SecuritySettings: Sendable, Equatable, Codable {
    /// Require an API key or token on every endpoint except liveness and the OpenAPI document. Default true;
    /// `warden serve --no-auth` turns it off on a loopback address only.
    public var authEnabled: Bool
    /// Lifetime of tokens from `POST /api/auth/token`, in hours. Default 24 (seed 004); greater than 0, at most 168.
    public var tokenExpiryHours: Double

    /// Creates security settings; the defaults are those documented on each field.
    public init(authEnabled: Bool = true, tokenExpiryHours: Double = 24) {
        self.authEnabled = authEnabled
        self.tokenExpiryHours = tokenExpiryHours
    }

    enum CodingKeys: String, CodingKey {
        case authEnabled = "auth_enabled", tokenExpiryHours = "token_expiry_hours"
    }
}

/// Rate limiting (`rate_limit:`, seed 004's `RateLimiter(max_requests, window_seconds, enabled)`): a token bucket
/// per API key, and per client address for requests without one.
public struct RateLimitSettings: Sendable, Equatable, Codable {
    /// Limit requests. Default true.
    public var enabled: Bool
    /// Requests allowed per window (the bucket's size). Default 600,000 (10,000 a second per key or client address):
    /// an inference client may send thousands of single-row requests a second; seed 004's 100 suits a management
    /// API and is one setting away. At least 1.
    public var maxRequests: Int
    /// The window in seconds over which `max_requests` refill. Default 60; greater than 0.
    public var windowSeconds: Double

    /// Creates rate-limit settings; the defaults are those documented on each field.
    public init(enabled: Bool = true, maxRequests: Int = 600_000, windowSeconds: Double = 60) {
        self.enabled = enabled
        self.maxRequests = maxRequests
        self.windowSeconds = windowSeconds
    }

    enum CodingKeys: String, CodingKey {
        case enabled, maxRequests = "max_requests", windowSeconds = "window_seconds"
    }
}
