/// The evidence behind an anomaly's severity and confidence, stored with the anomaly so an operator (and a test)
/// can see why it was graded so (see ``AnomalyClassifier``).
///
/// Encoded with snake_case keys:
/// ```json
/// {"model": {"flagged": true, "margin": 0.12, "percentile": 99.9, "strong": true},
///  "signature": {"rule": "deauth_flood", "intensity": 3.4, "strong": true},
///  "deviation": {"features": 4, "broad": true, "max_abs_z": 31.5},
///  "persistence": {"windows": 2, "persistent": true},
///  "confirmed": true}
/// ```
public struct AnomalyEvidence: Sendable, Hashable, Codable {
    /// What the model said.
    public struct Model: Sendable, Hashable, Codable {
        /// Whether the model flagged the window.
        public var flagged: Bool
        /// `(score − threshold) / |threshold|` (the raw difference when |threshold| < 1e-12).
        public var margin: Double
        /// The share of the model's training (reference) windows scoring at or below this window, in percent; nil
        /// when the version has no reference sample to calibrate with.
        public var percentile: Double?
        /// Whether the model's evidence is strong: flagged with a percentile ≥ ``EvidenceSettings/strongPercentile``
        /// (without a calibration: a margin ≥ ``EvidenceSettings/strongMargin``).
        public var strong: Bool

        /// Creates the model's evidence.
        public init(flagged: Bool, margin: Double, percentile: Double?, strong: Bool) {
            self.flagged = flagged
            self.margin = margin
            self.percentile = percentile
            self.strong = strong
        }
    }

    /// The signature rule that confirmed the window.
    public struct Signature: Sendable, Hashable, Codable {
        /// The first matching rule (it names the type).
        public var rule: String
        /// How far past its bounds the window is: the smallest value / bound over its counted conditions.
        public var intensity: Double
        /// Whether `intensity ≥` ``EvidenceSettings/strongRuleFactor``.
        public var strong: Bool

        /// Creates the signature's evidence.
        public init(rule: String, intensity: Double, strong: Bool) {
            self.rule = rule
            self.intensity = intensity
            self.strong = strong
        }
    }

    /// How many features deviate from the training reference.
    public struct Deviation: Sendable, Hashable, Codable {
        /// Features with |z| ≥ ``EvidenceSettings/deviationZ``.
        public var features: Int
        /// Whether `features ≥` ``EvidenceSettings/broadDeviation``.
        public var broad: Bool
        /// The largest |z| of any feature (0 without a reference).
        public var maxAbsZ: Double

        /// Creates the deviation evidence.
        public init(features: Int, broad: Bool, maxAbsZ: Double) {
            self.features = features
            self.broad = broad
            self.maxAbsZ = maxAbsZ
        }

        private enum CodingKeys: String, CodingKey {
            case features
            case broad
            case maxAbsZ = "max_abs_z"
        }
    }

    /// Whether the same AP was anomalous in the windows just before.
    public struct Persistence: Sendable, Hashable, Codable {
        /// Consecutive anomalous windows of the AP up to and including this one.
        public var windows: Int
        /// Whether `windows ≥` ``EvidenceSettings/persistentWindows``.
        public var persistent: Bool

        /// Creates the persistence evidence.
        public init(windows: Int, persistent: Bool) {
            self.windows = windows
            self.persistent = persistent
        }
    }

    /// The model's evidence.
    public var model: Model
    /// The confirming signature, nil when no rule matched.
    public var signature: Signature?
    /// The deviation evidence.
    public var deviation: Deviation
    /// The persistence evidence.
    public var persistence: Persistence
    /// Whether a signature rule confirms the window (required for `high` and `critical`).
    public var confirmed: Bool { signature != nil }

    /// Creates evidence.
    public init(model: Model, signature: Signature?, deviation: Deviation, persistence: Persistence) {
        self.model = model
        self.signature = signature
        self.deviation = deviation
        self.persistence = persistence
    }

    private enum CodingKeys: String, CodingKey {
        case model
        case signature
        case deviation
        case persistence
        case confirmed
    }

    /// Decodes (`confirmed` is derived and ignored).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(Model.self, forKey: .model)
        signature = try c.decodeIfPresent(Signature.self, forKey: .signature)
        deviation = try c.decode(Deviation.self, forKey: .deviation)
        persistence = try c.decode(Persistence.self, forKey: .persistence)
    }

    /// Encodes, with `signature` null when no rule matched and the derived `confirmed`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(signature, forKey: .signature)
        try c.encode(deviation, forKey: .deviation)
        try c.encode(persistence, forKey: .persistence)
        try c.encode(confirmed, forKey: .confirmed)
    }
}
