import Synchronization

/// Token buckets by key (an API key id, or a client address for unauthenticated routes), shared by every request of
/// the process and bounded in memory.
///
/// A hot synchronous path, so a `Mutex` rather than an actor. When ``maxTrackedKeys`` buckets exist and a new key
/// arrives, buckets that have refilled to full are forgotten first (forgetting them changes nothing: a new bucket
/// starts full); if that frees less than a small batch (1% of the bound), the least recently used go next. Evicting
/// in batches keeps the cost of a full table amortised rather than a scan per request.
///
/// ```swift
/// let limiter = RateLimiter(policy: try RateLimitPolicy(maxRequests: 100, windowSeconds: 60))
/// let decision = limiter.check("key:3f9c0a51be27", now: uptimeSeconds)
/// ```
public final class RateLimiter: Sendable {
    private struct Entry {
        var bucket: TokenBucket
        var lastUsed: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var useCounter: UInt64 = 0
    }

    /// The policy every bucket follows.
    public let policy: RateLimitPolicy
    /// The most buckets kept at once.
    public let maxTrackedKeys: Int
    private let state = Mutex(State())

    /// Creates a limiter with no buckets.
    /// - Parameters:
    ///   - policy: The limit for every key.
    ///   - maxTrackedKeys: The most buckets kept at once (at least 1).
    public init(policy: RateLimitPolicy, maxTrackedKeys: Int = 100_000) {
        self.policy = policy
        self.maxTrackedKeys = max(1, maxTrackedKeys)
    }

    /// The number of buckets currently kept.
    public var trackedKeys: Int {
        state.withLock { $0.entries.count }
    }

    /// Takes one token from `key`'s bucket, creating a full bucket on first sight.
    ///
    /// A disabled policy allows everything, reports `maxRequests` remaining and tracks nothing.
    /// - Parameters:
    ///   - key: Whose budget to charge, for example `"key:<id>"` or `"ip:<address>"`.
    ///   - now: The current time in seconds, from a monotonic clock.
    /// - Returns: The bucket's decision.
    public func check(_ key: String, now: Double) -> TokenBucket.Decision {
        guard policy.enabled else {
            return TokenBucket.Decision(
                allowed: true, remaining: policy.maxRequests, retryAfter: 0, limit: policy.maxRequests)
        }
        return state.withLock { state in
            state.useCounter &+= 1
            if var entry = state.entries[key] {
                let decision = entry.bucket.take(now: now)
                entry.lastUsed = state.useCounter
                state.entries[key] = entry
                return decision
            }
            if state.entries.count >= maxTrackedKeys {
                evict(&state, now: now)
            }
            var bucket = policy.makeBucket(now: now)
            let decision = bucket.take(now: now)
            state.entries[key] = Entry(bucket: bucket, lastUsed: state.useCounter)
            return decision
        }
    }

    private func evict(_ state: inout State, now: Double) {
        let batch = max(1, maxTrackedKeys / 100)
        let target = maxTrackedKeys - batch
        state.entries = state.entries.filter { !$0.value.bucket.isFull(now: now) }
        let excess = state.entries.count - target
        guard excess > 0 else { return }
        let oldest = state.entries.sorted { $0.value.lastUsed < $1.value.lastUsed }.prefix(excess)
        for (key, _) in oldest {
            state.entries[key] = nil
        }
    }
}
