/// Seed 004's rate limit setting: at most `maxRequests` per `windowSeconds`, enforced as a token bucket.
///
/// The bucket's capacity is ``maxRequests`` (the burst) and it refills at `maxRequests / windowSeconds` tokens per
/// second, so a steady client gets exactly `maxRequests` per window.
public struct RateLimitPolicy: Sendable, Equatable {
    /// Requests allowed per window, and the burst size.
    public var maxRequests: Int
    /// The window in seconds.
    public var windowSeconds: Double
    /// Whether limiting applies at all; a disabled policy allows everything.
    public var enabled: Bool

    /// Creates a policy.
    /// - Parameters:
    ///   - maxRequests: Requests per window (seed 004 `max_requests`); default 100.
    ///   - windowSeconds: The window in seconds (seed 004 `window_seconds`); default 60.
    ///   - enabled: Whether to limit at all.
    /// - Throws: ``SecurityError`` `.invalidConfiguration` when either number is not positive (or the window is not
    ///   finite).
    public init(maxRequests: Int = 100, windowSeconds: Double = 60, enabled: Bool = true) throws {
        guard maxRequests > 0 else {
            throw SecurityError(
                .invalidConfiguration, "rate limit max_requests must be positive, got \(maxRequests).",
                remedy: "Set max_requests to 1 or more, or disable rate limiting.")
        }
        guard windowSeconds > 0, windowSeconds.isFinite else {
            throw SecurityError(
                .invalidConfiguration, "rate limit window_seconds must be positive, got \(windowSeconds).",
                remedy: "Set window_seconds to a positive number of seconds, or disable rate limiting.")
        }
        self.maxRequests = maxRequests
        self.windowSeconds = windowSeconds
        self.enabled = enabled
    }

    /// The token bucket capacity: ``maxRequests``.
    public var capacity: Int { maxRequests }

    /// The token bucket refill rate in tokens per second: `maxRequests / windowSeconds`.
    public var refillPerSecond: Double { Double(maxRequests) / windowSeconds }

    /// A new, full bucket for this policy.
    /// - Parameter now: The current time in seconds.
    public func makeBucket(now: Double) -> TokenBucket {
        TokenBucket(capacity: capacity, refillPerSecond: refillPerSecond, now: now)
    }
}
