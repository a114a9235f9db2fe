/// One prediction as the monitor records it: a plain value with no heap storage, so a ring buffer of them
/// appends without allocating.
public struct PredictionRecord: Sendable, Equatable, Codable {
    /// Wall time of the prediction, in seconds.
    public var latency: Double
    /// The anomaly score; nil when the prediction failed.
    public var score: Double?
    /// Whether the row was labelled an anomaly (false when the prediction failed).
    public var isAnomaly: Bool
    /// The error code of a failed prediction; nil on success.
    public var errorCode: Int32?

    /// A successful prediction.
    public static func success(latency: Double, score: Double, isAnomaly: Bool) -> PredictionRecord {
        PredictionRecord(latency: latency, score: score, isAnomaly: isAnomaly, errorCode: nil)
    }

    /// A failed prediction.
    public static func failure(latency: Double, errorCode: Int32) -> PredictionRecord {
        PredictionRecord(latency: latency, score: nil, isAnomaly: false, errorCode: errorCode)
    }

    /// Creates a record.
    public init(latency: Double, score: Double?, isAnomaly: Bool, errorCode: Int32?) {
        self.latency = latency
        self.score = score
        self.isAnomaly = isAnomaly
        self.errorCode = errorCode
    }

    /// Whether the prediction succeeded.
    public var succeeded: Bool { errorCode == nil }
}

extension PredictionRecord {
    enum CodingKeys: String, CodingKey {
        case latency = "l"
        case score = "s"
        case isAnomaly = "a"
        case errorCode = "e"
    }
}
