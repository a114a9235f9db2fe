/// A token bucket: a state machine that allows bursts up to a capacity and refills at a steady rate.
///
/// Time is passed in as seconds (any monotonic origin); there is no clock inside, so tests drive it directly.
///
/// ```swift
/// var bucket = TokenBucket(capacity: 100, refillPerSecond: 100.0 / 60, now: clock.seconds)
/// let decision = bucket.take(now: clock.seconds)   // 429 with Retry-After when !decision.allowed
/// ```
public struct TokenBucket: Sendable, Equatable {
    /// The outcome of one ``TokenBucket/take(now:)``.
    public struct Decision: Sendable, Equatable {
        /// Whether the request may proceed.
        public var allowed: Bool
        /// Whole tokens left after this request (`X-RateLimit-Remaining`).
        public var remaining: Int
        /// Seconds until one token is available (`Retry-After`, rounded up by the server); 0 when allowed.
        public var retryAfter: Double
        /// The bucket's capacity (`X-RateLimit-Limit`).
        public var limit: Int

        /// Creates a decision.
        public init(allowed: Bool, remaining: Int, retryAfter: Double, limit: Int) {
            self.allowed = allowed
            self.remaining = remaining
            self.retryAfter = retryAfter
            self.limit = limit
        }
    }

    /// The most tokens the bucket holds, and the burst it allows.
    public let capacity: Int
    /// Tokens added per second of elapsed time.
    public let refillPerSecond: Double
    /// Tokens available as of ``lastRefill`` (fractional between refills).
    public private(set) var tokens: Double
    /// The latest time the bucket has seen; time before it refills nothing.
    public private(set) var lastRefill: Double

    /// Creates a full bucket.
    /// - Parameters:
    ///   - capacity: The burst size; values below 1 are raised to 1.
    ///   - refillPerSecond: The steady rate; must be positive and finite (``RateLimitPolicy`` guarantees it).
    ///   - now: The current time in seconds.
    public init(capacity: Int, refillPerSecond: Double, now: Double) {
        precondition(refillPerSecond > 0 && refillPerSecond.isFinite, "refill rate must be positive and finite")
        self.capacity = max(1, capacity)
        self.refillPerSecond = refillPerSecond
        self.tokens = Double(self.capacity)
        self.lastRefill = now.isFinite ? now : 0
    }

    /// Refills for the time elapsed since the last call, then takes one token if a whole one is available.
    ///
    /// The bucket never holds more than ``capacity``; a `now` earlier than the latest time seen (a clock going
    /// backwards) refills nothing and does not move the bucket's notion of time back.
    /// - Parameter now: The current time in seconds.
    /// - Returns: Whether the request is allowed, what remains and how long to wait otherwise.
    public mutating func take(now: Double) -> Decision {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return Decision(allowed: true, remaining: Int(tokens.rounded(.down)), retryAfter: 0, limit: capacity)
        }
        return Decision(
            allowed: false, remaining: 0, retryAfter: (1 - tokens) / refillPerSecond, limit: capacity)
    }

    /// Whether the bucket would be full at `now`: its client has been idle long enough that forgetting the bucket
    /// changes nothing (a new bucket starts full).
    /// - Parameter now: The current time in seconds.
    public func isFull(now: Double) -> Bool {
        var copy = self
        copy.refill(now: now)
        return copy.tokens >= Double(capacity)
    }

    private mutating func refill(now: Double) {
        guard now.isFinite, now > lastRefill else { return }
        tokens = min(Double(capacity), tokens + (now - lastRefill) * refillPerSecond)
        lastRefill = now
    }
}
