/// What ``AnomalyClassifier`` concluded about an anomalous window.
public struct Classification: Sendable, Hashable, Codable {
    /// The kind of anomaly (``AnomalyType/unknown`` when only the model flagged it).
    public var type: AnomalyType
    /// How urgent it is.
    public var severity: AnomalySeverity
    /// How sure the classifier is that the window is anomalous, 0...1 (see ``AnomalyClassifier``).
    public var confidence: Double
    /// One sentence for an operator.
    public var description: String
    /// The features deviating most from the training reference, by decreasing |z|.
    public var contributors: [Contributor]
    /// Who found it.
    public var detectedBy: Detection
    /// The evidence behind the severity and confidence (nil for classifications made before it was recorded).
    public var evidence: AnomalyEvidence?

    /// Creates a classification.
    public init(
        type: AnomalyType, severity: AnomalySeverity, confidence: Double, description: String,
        contributors: [Contributor], detectedBy: Detection, evidence: AnomalyEvidence? = nil
    ) {
        self.evidence = evidence
        self.type = type
        self.severity = severity
        self.confidence = confidence
        self.description = description
        self.contributors = contributors
        self.detectedBy = detectedBy
    }

    private enum CodingKeys: String, CodingKey {
        case type
        case severity
        case confidence
        case description
        case contributors
        case detectedBy = "detected_by"
        case evidence
    }
}
