/// The constants of the classifier's evidence model (see ``AnomalyClassifier``).
///
/// Codable with snake_case keys; a missing key keeps its default.
public struct EvidenceSettings: Sendable, Hashable, Codable {
    /// The percentile of the model's training score distribution at or above which a flag is strong: the window
    /// scores above (almost) every training window. Default 99.5.
    public var strongPercentile: Double
    /// Without a score calibration (no reference sample): the margin over the threshold, relative to |threshold|,
    /// at which the model's evidence is strong (`(score − threshold) / |threshold| ≥ strong_margin`). Default 0.2.
    public var strongMargin: Double
    /// The |z| at or above which a feature counts as deviating. Default 3.
    public var deviationZ: Double
    /// How many deviating features make a broad deviation (a severity point). Default 3.
    public var broadDeviation: Int
    /// The ratio of a rule's values to its bounds at which the rule matches strongly. Default 2.
    public var strongRuleFactor: Double
    /// How many consecutive anomalous windows of one AP (this one included) make a persistent anomaly.
    /// Default 2.
    public var persistentWindows: Int
    /// The largest |z| reported (a feature constant in training has std 0). Default 100.
    public var zCap: Double
    /// How many contributors a classification lists. Default 5.
    public var contributorCount: Int

    /// Creates settings; every parameter has its default.
    public init(
        strongPercentile: Double = 99.5, strongMargin: Double = 0.2, deviationZ: Double = 3, broadDeviation: Int = 3, strongRuleFactor: Double = 2,
        persistentWindows: Int = 2, zCap: Double = 100, contributorCount: Int = 5
    ) {
        self.strongPercentile = strongPercentile
        self.strongMargin = strongMargin
        self.deviationZ = deviationZ
        self.broadDeviation = broadDeviation
        self.strongRuleFactor = strongRuleFactor
        self.persistentWindows = persistentWindows
        self.zCap = zCap
        self.contributorCount = contributorCount
    }

    private enum CodingKeys: String, CodingKey {
        case strongPercentile = "strong_percentile"
        case strongMargin = "strong_margin"
        case deviationZ = "deviation_z"
        case broadDeviation = "broad_deviation"
        case strongRuleFactor = "strong_rule_factor"
        case persistentWindows = "persistent_windows"
        case zCap = "z_cap"
        case contributorCount = "contributor_count"
    }

    /// Decodes; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = EvidenceSettings()
        self.init(
            strongPercentile: try c.decodeIfPresent(Double.self, forKey: .strongPercentile) ?? d.strongPercentile,
            strongMargin: try c.decodeIfPresent(Double.self, forKey: .strongMargin) ?? d.strongMargin,
            deviationZ: try c.decodeIfPresent(Double.self, forKey: .deviationZ) ?? d.deviationZ,
            broadDeviation: try c.decodeIfPresent(Int.self, forKey: .broadDeviation) ?? d.broadDeviation,
            strongRuleFactor: try c.decodeIfPresent(Double.self, forKey: .strongRuleFactor) ?? d.strongRuleFactor,
            persistentWindows: try c.decodeIfPresent(Int.self, forKey: .persistentWindows) ?? d.persistentWindows,
            zCap: try c.decodeIfPresent(Double.self, forKey: .zCap) ?? d.zCap,
            contributorCount: try c.decodeIfPresent(Int.self, forKey: .contributorCount) ?? d.contributorCount)
    }
}
