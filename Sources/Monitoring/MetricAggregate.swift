public import Foundation

/// Aggregates of one model version's predictions over one time bucket: counts and sums that add up across
/// flushes and replicas (the registry persists them as metric buckets).
public struct MetricAggregate: Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// Start of the bucket.
    public var start: Date
    /// Bucket length in seconds.
    public var seconds: Int
    /// Rows predicted, successful and failed.
    public var predictions = 0
    /// Failed predictions.
    public var errors = 0
    /// Rows labelled anomalous.
    public var anomalies = 0
    /// Sum of latencies, seconds.
    public var latencySum = 0.0
    /// Sum of squared latencies.
    public var latencySumOfSquares = 0.0
    /// Smallest latency; nil when empty.
    public var latencyMin: Double?
    /// Largest latency; nil when empty.
    public var latencyMax: Double?
    /// Successful rows with a score.
    public var scoreCount = 0
    /// Sum of scores.
    public var scoreSum = 0.0
    /// Sum of squared scores.
    public var scoreSumOfSquares = 0.0
    /// Smallest score; nil when none.
    public var scoreMin: Double?
    /// Largest score; nil when none.
    public var scoreMax: Double?

    /// Creates an empty aggregate.
    public init(model: String, version: String, start: Date, seconds: Int) {
        self.model = model
        self.version = version
        self.start = start
        self.seconds = seconds
    }

    mutating func addLatency(_ latency: Double, count: Int) {
        predictions += count
        latencySum += latency * Double(count)
        latencySumOfSquares += latency * latency * Double(count)
        latencyMin = Swift.min(latencyMin ?? latency, latency)
        latencyMax = Swift.max(latencyMax ?? latency, latency)
    }

    mutating func addScore(_ score: Double, anomalous: Bool) {
        scoreCount += 1
        scoreSum += score
        scoreSumOfSquares += score * score
        scoreMin = Swift.min(scoreMin ?? score, score)
        scoreMax = Swift.max(scoreMax ?? score, score)
        if anomalous { anomalies += 1 }
    }
}

extension MetricAggregate {
    /// Adds another aggregate's figures (counts and sums add; min of mins, max of maxes).
    public mutating func merge(_ other: MetricAggregate) {
        predictions += other.predictions
        errors += other.errors
        anomalies += other.anomalies
        latencySum += other.latencySum
        latencySumOfSquares += other.latencySumOfSquares
        latencyMin = [latencyMin, other.latencyMin].compactMap { $0 }.min()
        latencyMax = [latencyMax, other.latencyMax].compactMap { $0 }.max()
        scoreCount += other.scoreCount
        scoreSum += other.scoreSum
        scoreSumOfSquares += other.scoreSumOfSquares
        scoreMin = [scoreMin, other.scoreMin].compactMap { $0 }.min()
        scoreMax = [scoreMax, other.scoreMax].compactMap { $0 }.max()
    }
}
