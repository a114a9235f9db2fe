import AccessControl
import Testing

@Suite("Rate limiting")
struct RateLimiterTests {
    @Test("the policy maps to a bucket of maxRequests refilled over the window")
    func policyMapping() throws {
        let policy = try RateLimitPolicy(maxRequests: 30, windowSeconds: 60)
        #expect(policy.capacity == 30)
        #expect(policy.refillPerSecond == 0.5)
        let defaults = try RateLimitPolicy()
        #expect(defaults.maxRequests == 100 && defaults.windowSeconds == 60 && defaults.enabled)
    }

    @Test(
        "a policy with a non-positive number is refused",
        arguments: [(0, 60.0), (-1, 60.0), (10, 0.0), (10, -5.0), (10, Double.infinity), (10, Double.nan)])
    func invalidPolicy(maxRequests: Int, windowSeconds: Double) {
        #expect {
            try RateLimitPolicy(maxRequests: maxRequests, windowSeconds: windowSeconds)
        } throws: { error in
            (error as? SecurityError)?.code == .invalidConfiguration
        }
    }

    @Test("separate keys have independent budgets")
    func independentKeys() throws {
        let limiter = RateLimiter(policy: try RateLimitPolicy(maxRequests: 2, windowSeconds: 60))
        #expect(limiter.check("a", now: 0).allowed)
        #expect(limiter.check("a", now: 0).allowed)
        let refused = limiter.check("a", now: 0)
        #expect(!refused.allowed)
        #expect(refused.retryAfter == 30)
        #expect(refused.limit == 2)
        let other = limiter.check("b", now: 0)
        #expect(other.allowed)
        #expect(other.remaining == 1)
        #expect(limiter.trackedKeys == 2)
        #expect(limiter.check("a", now: 30).allowed)
    }

    @Test("eviction keeps the number of tracked keys bounded")
    func bounded() throws {
        let limiter = RateLimiter(policy: try RateLimitPolicy(maxRequests: 5, windowSeconds: 60), maxTrackedKeys: 10)
        for index in 0..<1_000 {
            _ = limiter.check("client-\(index)", now: Double(index) / 1000)
            #expect(limiter.trackedKeys <= 10)
        }
        #expect(limiter.trackedKeys > 0)
    }

    @Test("idle (full) buckets are evicted before busy ones, then the least recently used")
    func evictionOrder() throws {
        // Two tokens, one back every 5 s.
        let limiter = RateLimiter(policy: try RateLimitPolicy(maxRequests: 2, windowSeconds: 10), maxTrackedKeys: 2)
        #expect(limiter.check("busy", now: 0).allowed)
        #expect(limiter.check("busy", now: 0).allowed)  // drained: 1.4 tokens at 7
        #expect(limiter.check("idle", now: 1).remaining == 1)  // used later, but full again from 6

        // At 7 the table is full: "idle" is full so it goes, although "busy" is less recently used.
        #expect(limiter.check("new", now: 7).remaining == 1)
        #expect(limiter.trackedKeys == 2)
        #expect(limiter.check("busy", now: 7).remaining == 0, "the busy bucket must keep its state")
        #expect(!limiter.check("busy", now: 7).allowed)

        // Now neither bucket is full: the least recently used ("new", last at 7 before "busy") goes.
        #expect(limiter.check("third", now: 7.5).allowed)
        #expect(limiter.trackedKeys == 2)
        #expect(!limiter.check("busy", now: 7.5).allowed, "the most recently used bucket survives")
        #expect(limiter.check("new", now: 7.5).remaining == 1, "the evicted bucket starts full again")
    }

    @Test("a disabled policy allows everything and tracks nothing")
    func disabled() throws {
        let limiter = RateLimiter(policy: try RateLimitPolicy(maxRequests: 1, windowSeconds: 60, enabled: false))
        for _ in 0..<10 {
            let decision = limiter.check("a", now: 0)
            #expect(decision.allowed)
            #expect(decision.remaining == 1)
        }
        #expect(limiter.trackedKeys == 0)
    }

    @Test("concurrent checks never allow more than the budget")
    func concurrent() async throws {
        let limiter = RateLimiter(policy: try RateLimitPolicy(maxRequests: 50, windowSeconds: 3600))
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { limiter.check("shared", now: 0).allowed }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 50)
    }
}
