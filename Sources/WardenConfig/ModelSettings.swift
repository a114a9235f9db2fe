/// Model and scoring settings: the `model:` block of seeds 000/002.
///
/// The seeds' training hyperparameters (`type`, `n_estimators`, `contamination`, ...) are not settings of an
/// inference server: the loader accepts and ignores them (see ``ConfigurationLoader/ignoredKeys``).
public struct ModelSettings: Sendable, Equatable, Codable {
    /// The model served when a request names none. Default nil: the registry's deployed model decides.
    public var name: String?
    /// Scores at or above this are anomalies. Default 0.5 (seed 002); any finite number.
    public var anomalyThreshold: Double
    /// Minimum confidence for a prediction to be reported as confident. Default 0.8 (seed 002); 0...1.
    public var confidenceThreshold: Double

    /// Creates model settings; the defaults are those documented on each field.
    public init(name: String? = nil, anomalyThreshold: Double = 0.5, confidenceThreshold: Double = 0.8) {
        self.name = name
        self.anomalyThreshold = anomalyThreshold
        self.confidenceThreshold = confidenceThreshold
    }

    enum CodingKeys: String, CodingKey {
        case name, anomalyThreshold = "anomaly_threshold", confidenceThreshold = "confidence_threshold"
    }
}
