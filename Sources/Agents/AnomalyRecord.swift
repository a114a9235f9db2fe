/// The contract's anomaly record: one classified window of one agent, with its features, explanation and
/// workflow status. (`agent`, `entity`, `window_start`) is unique (``key``): a replay never stores a window twice.
///
/// Codable with the contract's snake_case keys: `agent`, `entity`, `window_start`, `window_end` (ISO 8601),
/// `event_count`, `model`, `model_version`, `score`, `threshold`, `type`, `severity`, `confidence`,
/// `description`, `features` (name → value), `contributors`, `detected_by`, `evidence` (why the severity, see
/// ``AnomalyEvidence``; absent in records stored before it existed), `status`, `created_at`, and
/// `status_history` (the recorded moves; decoding checks it leads to `status`).
public struct AnomalyRecord: Sendable, Hashable, Codable {
    /// What makes a record unique.
    public struct Key: Sendable, Hashable {
        /// The agent.
        public var agent: String
        /// The access point.
        public var entity: String
        /// The window's start.
        public var windowStart: Timestamp

        /// Creates a key.
        public init(agent: String, entity: String, windowStart: Timestamp) {
            self.agent = agent
            self.entity = entity
            self.windowStart = windowStart
        }
    }

    /// The agent that found it.
    public var agent: String
    /// The access point.
    public var entity: String
    /// The window's start.
    public var windowStart: Timestamp
    /// The window's end (exclusive).
    public var windowEnd: Timestamp
    /// How many events the window held.
    public var eventCount: Int
    /// The model's name.
    public var model: String
    /// The model version that scored.
    public var modelVersion: String
    /// The model's anomaly score.
    public var score: Double
    /// The model's threshold.
    public var threshold: Double
    /// The kind of anomaly.
    public var type: AnomalyType
    /// How urgent it is.
    public var severity: AnomalySeverity
    /// How sure the classifier is, 0...1.
    public var confidence: Double
    /// One sentence for an operator.
    public var description: String
    /// The 17 feature values by name.
    public var features: [String: Double]
    /// The features deviating most from the training reference.
    public var contributors: [Contributor]
    /// Who found it.
    public var detectedBy: Detection
    /// The evidence behind the severity and confidence.
    public var evidence: AnomalyEvidence?
    /// When the record was created.
    public var createdAt: Timestamp
    /// The status and its history.
    public private(set) var workflow: AnomalyWorkflow

    /// The record of a classified window, open.
    ///
    /// - Parameters:
    ///   - agent: the agent's name.
    ///   - window: the scored window.
    ///   - classification: the classifier's conclusion.
    ///   - createdAt: now, from the caller's clock.
    public init(agent: String, window: ScoredWindow, classification: Classification, createdAt: Timestamp) {
        self.agent = agent
        entity = window.entity
        windowStart = Timestamp(microseconds: window.windowStart)
        windowEnd = Timestamp(microseconds: window.windowEnd)
        eventCount = window.eventCount
        model = window.verdict.model
        modelVersion = window.verdict.modelVersion
        score = window.verdict.score
        threshold = window.verdict.threshold
        type = classification.type
        severity = classification.severity
        confidence = classification.confidence
        description = classification.description
        features = Dictionary(uniqueKeysWithValues: zip(WiFiFeatures.names, window.features))
        contributors = classification.contributors
        detectedBy = classification.detectedBy
        evidence = classification.evidence
        self.createdAt = createdAt
        workflow = AnomalyWorkflow()
    }

    /// The current status.
    public var status: AnomalyStatus { workflow.status }

    /// (`agent`, `entity`, `window_start`).
    public var key: Key { Key(agent: agent, entity: entity, windowStart: windowStart) }

    /// Moves the status (see ``AnomalyWorkflow/move(to:by:at:note:)``).
    ///
    /// - Throws: ``AgentsError/Code/invalidTransition`` when the workflow does not allow the move.
    @discardableResult
    public mutating func move(to next: AnomalyStatus, by: String, at: Timestamp, note: String? = nil)
        throws(AgentsError) -> StatusTransition
    {
        try workflow.move(to: next, by: by, at: at, note: note)
    }

    private enum CodingKeys: String, CodingKey {
        case agent
        case entity
        case windowStart = "window_start"
        case windowEnd = "window_end"
        case eventCount = "event_count"
        case model
        case modelVersion = "model_version"
        case score
        case threshold
        case type
        case severity
        case confidence
        case description
        case features
        case contributors
        case detectedBy = "detected_by"
        case evidence
        case status
        case statusHistory = "status_history"
        case createdAt = "created_at"
    }

    /// Decodes a stored record, checking its status history.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        agent = try c.decode(String.self, forKey: .agent)
        entity = try c.decode(String.self, forKey: .entity)
        windowStart = try c.decode(Timestamp.self, forKey: .windowStart)
        windowEnd = try c.decode(Timestamp.self, forKey: .windowEnd)
        eventCount = try c.decode(Int.self, forKey: .eventCount)
        model = try c.decode(String.self, forKey: .model)
        modelVersion = try c.decode(String.self, forKey: .modelVersion)
        score = try c.decode(Double.self, forKey: .score)
        threshold = try c.decode(Double.self, forKey: .threshold)
        type = try c.decode(AnomalyType.self, forKey: .type)
        severity = try c.decode(AnomalySeverity.self, forKey: .severity)
        confidence = try c.decode(Double.self, forKey: .confidence)
        description = try c.decode(String.self, forKey: .description)
        features = try c.decode([String: Double].self, forKey: .features)
        contributors = try c.decode([Contributor].self, forKey: .contributors)
        detectedBy = try c.decode(Detection.self, forKey: .detectedBy)
        evidence = try c.decodeIfPresent(AnomalyEvidence.self, forKey: .evidence)
        createdAt = try c.decode(Timestamp.self, forKey: .createdAt)
        let status = try c.decode(AnomalyStatus.self, forKey: .status)
        let history = try c.decodeIfPresent([StatusTransition].self, forKey: .statusHistory) ?? []
        do {
            workflow = try AnomalyWorkflow(status: status, history: history)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .statusHistory, in: c, debugDescription: error.message)
        }
    }

    /// Encodes with the contract's keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agent, forKey: .agent)
        try c.encode(entity, forKey: .entity)
        try c.encode(windowStart, forKey: .windowStart)
        try c.encode(windowEnd, forKey: .windowEnd)
        try c.encode(eventCount, forKey: .eventCount)
        try c.encode(model, forKey: .model)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encode(score, forKey: .score)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(type, forKey: .type)
        try c.encode(severity, forKey: .severity)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(description, forKey: .description)
        try c.encode(features, forKey: .features)
        try c.encode(contributors, forKey: .contributors)
        try c.encode(detectedBy, forKey: .detectedBy)
        try c.encodeIfPresent(evidence, forKey: .evidence)
        try c.encode(workflow.status, forKey: .status)
        try c.encode(workflow.history, forKey: .statusHistory)
        try c.encode(createdAt, forKey: .createdAt)
    }
}
