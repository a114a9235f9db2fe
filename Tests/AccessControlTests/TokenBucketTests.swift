import AccessControl
import Testing

@Suite("Token bucket")
struct TokenBucketTests {
    /// One take: when, and what the decision must be.
    struct Step: Sendable {
        var now: Double
        var allowed: Bool
        var remaining: Int
        var retryAfter: Double = 0
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var capacity: Int
        var refillPerSecond: Double
        var start: Double = 0
        var steps: [Step]
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(
            name: "a burst of capacity is allowed, then refused with retryAfter = 1/refill",
            capacity: 3, refillPerSecond: 0.5,
            steps: [
                Step(now: 0, allowed: true, remaining: 2),
                Step(now: 0, allowed: true, remaining: 1),
                Step(now: 0, allowed: true, remaining: 0),
                Step(now: 0, allowed: false, remaining: 0, retryAfter: 2),
                Step(now: 0, allowed: false, remaining: 0, retryAfter: 2),
            ]),
        Scenario(
            name: "tokens come back with elapsed time",
            capacity: 2, refillPerSecond: 1,
            steps: [
                Step(now: 0, allowed: true, remaining: 1),
                Step(now: 0, allowed: true, remaining: 0),
                Step(now: 0.25, allowed: false, remaining: 0, retryAfter: 0.75),
                Step(now: 1, allowed: true, remaining: 0),
                Step(now: 3, allowed: true, remaining: 1),
            ]),
        Scenario(
            name: "a long idle never fills above capacity",
            capacity: 2, refillPerSecond: 10,
            steps: [
                Step(now: 0, allowed: true, remaining: 1),
                Step(now: 1_000_000, allowed: true, remaining: 1),
                Step(now: 1_000_000, allowed: true, remaining: 0),
                Step(now: 1_000_000, allowed: false, remaining: 0, retryAfter: 0.1),
            ]),
        Scenario(
            name: "a clock going backwards refills nothing, and time already seen is not counted twice",
            capacity: 1, refillPerSecond: 1, start: 100,
            steps: [
                Step(now: 100, allowed: true, remaining: 0),
                Step(now: 50, allowed: false, remaining: 0, retryAfter: 1),
                Step(now: 100.5, allowed: false, remaining: 0, retryAfter: 0.5),
                Step(now: 101, allowed: true, remaining: 0),
            ]),
        Scenario(
            name: "seed 004 defaults: 100 per 60 s",
            capacity: 100, refillPerSecond: 100.0 / 60,
            steps: [Step(now: 0, allowed: true, remaining: 99)]),
    ]

    @Test("decisions follow the bucket", arguments: scenarios)
    func scenario(_ scenario: Scenario) {
        var bucket = TokenBucket(capacity: scenario.capacity, refillPerSecond: scenario.refillPerSecond, now: scenario.start)
        for (index, step) in scenario.steps.enumerated() {
            let decision = bucket.take(now: step.now)
            #expect(decision.allowed == step.allowed, "step \(index)")
            #expect(decision.remaining == step.remaining, "step \(index)")
            #expect(abs(decision.retryAfter - step.retryAfter) < 1e-9, "step \(index): \(decision.retryAfter)")
            #expect(decision.limit == scenario.capacity, "step \(index)")
        }
    }

    @Test("a new bucket starts full and is full again after idling")
    func fullness() {
        var bucket = TokenBucket(capacity: 5, refillPerSecond: 1, now: 0)
        #expect(bucket.isFull(now: 0))
        _ = bucket.take(now: 0)
        #expect(!bucket.isFull(now: 0.5))
        #expect(bucket.isFull(now: 1))
    }

    @Test("buckets are values: a copy does not share tokens")
    func valueSemantics() {
        var bucket = TokenBucket(capacity: 1, refillPerSecond: 1, now: 0)
        let copy = bucket
        #expect(bucket.take(now: 0).allowed)
        #expect(!bucket.take(now: 0).allowed)
        var other = copy
        #expect(other.take(now: 0).allowed)
        #expect(bucket != copy)
    }
}
