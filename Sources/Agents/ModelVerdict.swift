/// What the model said about a window, as `/predict` reports it: the anomaly score, the threshold it was compared
/// with, the decision, and which model version decided.
///
/// Scores follow Warden's serving convention: higher is more anomalous (`-score_samples`), and a window is an
/// anomaly when its score is above the threshold (or when the model's own `predict` says so).
public struct ModelVerdict: Sendable, Hashable, Codable {
    /// The model's name.
    public var model: String
    /// The model version that scored.
    public var modelVersion: String
    /// The anomaly score (higher: more anomalous).
    public var score: Double
    /// The threshold applied.
    public var threshold: Double
    /// Whether the model flagged the window.
    public var isAnomaly: Bool

    /// Creates a verdict.
    public init(model: String, modelVersion: String, score: Double, threshold: Double, isAnomaly: Bool) {
        self.model = model
        self.modelVersion = modelVersion
        self.score = score
        self.threshold = threshold
        self.isAnomaly = isAnomaly
    }

    private enum CodingKeys: String, CodingKey {
        case model
        case modelVersion = "model_version"
        case score
        case threshold
        case isAnomaly = "is_anomaly"
    }
}
