public import Foundation

/// Aggregates of one model version's predictions over one time bucket (e.g. one minute), merged by addition.
///
/// Buckets with the same (model, version, start, seconds) describe the same interval; a ``MonitoringStore`` merges
/// them with ``merge(_:)``, so several server replicas writing the same minute add up.
public struct MetricBucket: Sendable, Equatable, Codable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// When the bucket starts.
    public var start: Date
    /// The bucket's length in seconds; greater than zero.
    public var seconds: Int
    /// Rows predicted, successful and failed.
    public var predictions: Int
    /// Rows whose prediction failed.
    public var errors: Int
    /// Rows labelled anomalous.
    public var anomalies: Int
    /// The sum of the rows' latencies, in seconds.
    public var latencySum: Double
    /// The sum of the squared latencies, for the variance.
    public var latencySumOfSquares: Double
    /// The smallest latency; nil when ``predictions`` is 0.
    public var latencyMin: Double?
    /// The largest latency; nil when ``predictions`` is 0.
    public var latencyMax: Double?
    /// Successful rows with a score.
    public var scoreCount: Int
    /// The sum of the scores.
    public var scoreSum: Double
    /// The sum of the squared scores, for the variance.
    public var scoreSumOfSquares: Double
    /// The smallest score; nil when ``scoreCount`` is 0.
    public var scoreMin: Double?
    /// The largest score; nil when ``scoreCount`` is 0.
    public var scoreMax: Double?

    /// Creates a bucket; the figures default to an empty bucket.
    public init(
        model: String, version: String, start: Date, seconds: Int, predictions: Int = 0, errors: Int = 0,
        anomalies: Int = 0, latencySum: Double = 0, latencySumOfSquares: Double = 0, latencyMin: Double? = nil,
        latencyMax: Double? = nil, scoreCount: Int = 0, scoreSum: Double = 0, scoreSumOfSquares: Double = 0,
        scoreMin: Double? = nil, scoreMax: Double? = nil
    ) {
        self.model = model
        self.version = version
        self.start = start
        self.seconds = seconds
        self.predictions = predictions
        self.errors = errors
        self.anomalies = anomalies
        self.latencySum = latencySum
        self.latencySumOfSquares = latencySumOfSquares
        self.latencyMin = latencyMin
        self.latencyMax = latencyMax
        self.scoreCount = scoreCount
        self.scoreSum = scoreSum
        self.scoreSumOfSquares = scoreSumOfSquares
        self.scoreMin = scoreMin
        self.scoreMax = scoreMax
    }

    /// Adds another bucket's figures: counts and sums add, the minimum is the smaller of the two minimums and the
    /// maximum the larger of the two maximums, a nil side being ignored. Counts saturate at `Int.max` rather than
    /// trap. The key fields (model, version, start, seconds) are left as they are.
    public mutating func merge(_ other: MetricBucket) {
        predictions = Self.add(predictions, other.predictions)
        errors = Self.add(errors, other.errors)
        anomalies = Self.add(anomalies, other.anomalies)
        latencySum += other.latencySum
        latencySumOfSquares += other.latencySumOfSquares
        latencyMin = Self.combine(latencyMin, other.latencyMin, min)
        latencyMax = Self.combine(latencyMax, other.latencyMax, max)
        scoreCount = Self.add(scoreCount, other.scoreCount)
        scoreSum += other.scoreSum
        scoreSumOfSquares += other.scoreSumOfSquares
        scoreMin = Self.combine(scoreMin, other.scoreMin, min)
        scoreMax = Self.combine(scoreMax, other.scoreMax, max)
    }

    /// Checks the bucket before it is stored: a safe model name and version, `seconds > 0`, counts that are not
    /// negative, with errors, anomalies and scored rows at most the predictions, finite sums, and finite minimums
    /// not above their maximums, each given together with the other.
    ///
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` naming the field and the value.
    public func validate() throws(RegistryError) {
        try VersionName.checkModelName(model)
        try VersionName.checkSafe(version, what: "version")
        func fail(_ why: String) -> RegistryError {
            RegistryError(
                .invalidRecord, "the metric bucket of version '\(version)' of model '\(model)' starting at \(start) "
                    + "\(why); the monitor must send whole, finite figures", model: model, version: version)
        }
        guard start.timeIntervalSinceReferenceDate.isFinite else { throw fail("has a non-finite start") }
        guard seconds > 0 else { throw fail("has a length of \(seconds) seconds; it must be above 0") }
        for (name, count) in [
            ("predictions", predictions), ("errors", errors), ("anomalies", anomalies), ("scoreCount", scoreCount),
        ] where count < 0 {
            throw fail("has a negative \(name) (\(count))")
        }
        for (name, count) in [("errors", errors), ("anomalies", anomalies), ("scoreCount", scoreCount)]
        where count > predictions {
            throw fail("has \(name) \(count) above its predictions (\(predictions))")
        }
        let sums = [
            ("latencySum", latencySum), ("latencySumOfSquares", latencySumOfSquares), ("scoreSum", scoreSum),
            ("scoreSumOfSquares", scoreSumOfSquares),
        ]
        for (name, value) in sums where !value.isFinite { throw fail("has a non-finite \(name) (\(value))") }
        for (name, low, high) in [("latency", latencyMin, latencyMax), ("score", scoreMin, scoreMax)] {
            switch (low, high) {
            case (nil, nil): continue
            case (let low?, let high?):
                guard low.isFinite, high.isFinite else { throw fail("has a non-finite \(name) minimum or maximum") }
                guard low <= high else { throw fail("has a \(name) minimum \(low) above its maximum \(high)") }
            default: throw fail("has a \(name) minimum without a maximum or the reverse")
            }
        }
    }

    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.min : Int.max) : sum
    }

    private static func combine(_ a: Double?, _ b: Double?, _ pick: (Double, Double) -> Double) -> Double? {
        guard let a else { return b }
        guard let b else { return a }
        return pick(a, b)
    }
}
