public import Foundation
public import Registry

/// Totals and moments of stored metric buckets over a period: what `warden stats` and reports show beyond the
/// rolling window.
public struct AggregateSummary: Sendable, Equatable, Codable {
    /// Start of the first bucket.
    public var from: Date
    /// End of the last bucket.
    public var to: Date
    /// Rows predicted (successful and failed).
    public var predictions: Int
    /// Failed predictions.
    public var errors: Int
    /// errors / predictions.
    public var errorRate: Double?
    /// Rows labelled anomalous.
    public var anomalies: Int
    /// anomalies / scored rows.
    public var anomalyRate: Double?
    /// Mean latency (seconds).
    public var latencyMean: Double?
    /// Population standard deviation of latency.
    public var latencyStd: Double?
    /// Smallest latency.
    public var latencyMin: Double?
    /// Largest latency.
    public var latencyMax: Double?
    /// Mean anomaly score.
    public var scoreMean: Double?
    /// Population standard deviation of the score.
    public var scoreStd: Double?
    /// Smallest score.
    public var scoreMin: Double?
    /// Largest score.
    public var scoreMax: Double?
    /// Predictions per second over the buckets' span.
    public var throughput: Double?

    /// Sums buckets (of one version, or of several); nil when there are none.
    public init?(_ buckets: [MetricBucket]) {
        guard var total = buckets.first else { return nil }
        for b in buckets.dropFirst() {
            total.merge(b)
        }
        let starts = buckets.map(\.start)
        let ends = buckets.map { $0.start.addingTimeInterval(Double($0.seconds)) }
        // Invariant: buckets is not empty, so min/max exist.
        from = starts.min() ?? total.start
        to = ends.max() ?? total.start
        predictions = total.predictions
        errors = total.errors
        anomalies = total.anomalies
        errorRate = total.predictions > 0 ? Double(total.errors) / Double(total.predictions) : nil
        anomalyRate = total.scoreCount > 0 ? Double(total.anomalies) / Double(total.scoreCount) : nil
        func moments(_ n: Int, _ sum: Double, _ squares: Double) -> (Double?, Double?) {
            guard n > 0 else { return (nil, nil) }
            let mean = sum / Double(n)
            return (mean, max(0, squares / Double(n) - mean * mean).squareRoot())
        }
        (latencyMean, latencyStd) = moments(total.predictions, total.latencySum, total.latencySumOfSquares)
        (scoreMean, scoreStd) = moments(total.scoreCount, total.scoreSum, total.scoreSumOfSquares)
        latencyMin = total.latencyMin
        latencyMax = total.latencyMax
        scoreMin = total.scoreMin
        scoreMax = total.scoreMax
        let span = to.timeIntervalSince(from)
        throughput = span > 0 ? Double(total.predictions) / span : nil
    }

    enum CodingKeys: String, CodingKey {
        case from, to, predictions, errors
        case errorRate = "error_rate"
        case anomalies
        case anomalyRate = "anomaly_rate"
        case latencyMean = "latency_mean"
        case latencyStd = "latency_std"
        case latencyMin = "latency_min"
        case latencyMax = "latency_max"
        case scoreMean = "score_mean"
        case scoreStd = "score_std"
        case scoreMin = "score_min"
        case scoreMax = "score_max"
        case throughput = "throughput_per_second"
    }
}
