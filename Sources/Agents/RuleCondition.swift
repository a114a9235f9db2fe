/// One test on a window's feature that a ``ClassifierRule`` requires.
///
/// - `at_least`: holds when the value is ≥ every bound given: ``value`` and/or ``reference`` (a training
///   statistic × factor), i.e. `value ≥ max(bounds)`; `deauth_ratio >= max(0.2, 10 × p50)` is
///   `{feature: deauth_ratio, comparison: at_least, value: 0.2, reference: {statistic: p50, factor: 10}}`.
/// - `at_most`: holds when the value is ≤ every bound given (`value ≤ min(bounds)`).
/// - `outside`: holds when the value is below ``lower`` or above ``upper``.
///
/// A reference bound whose statistic the training reference lacks is left out; a condition left with no bound
/// does not hold. ``feature`` is one of ``WiFiFeatures/names``, `event_count`, or a count derived from a ratio
/// feature (``derivedCounts``: `deauth_count` = `deauth_ratio × event_count`, rounded), so that a rule can ask
/// for "at least 15 deauthentications" as well as "at least 30 % of events"; reference bounds apply to the 17
/// features only.
public struct RuleCondition: Sendable, Hashable, Codable {
    /// How the feature is compared.
    public enum Comparison: String, Sendable, Hashable, Codable {
        /// value ≥ every bound.
        case atLeast = "at_least"
        /// value ≤ every bound.
        case atMost = "at_most"
        /// value < lower or value > upper.
        case outside
    }

    /// A bound taken from the training reference: `statistic × factor`.
    public struct ReferenceBound: Sendable, Hashable, Codable {
        /// The statistic of the feature's training reference.
        public var statistic: ReferenceStatistic
        /// The multiplier.
        public var factor: Double

        /// Creates a reference bound.
        public init(_ statistic: ReferenceStatistic, times factor: Double = 1) {
            self.statistic = statistic
            self.factor = factor
        }

        private enum CodingKeys: String, CodingKey {
            case statistic
            case factor
        }

        /// Decodes; `factor` defaults to 1.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            statistic = try c.decode(ReferenceStatistic.self, forKey: .statistic)
            factor = try c.decodeIfPresent(Double.self, forKey: .factor) ?? 1
        }
    }

    /// The pseudo-feature naming a window's event count.
    public static let eventCount = "event_count"

    /// The counts a condition may test besides the 17 features, and the ratio feature each is derived from.
    public static let derivedCounts: [String: WiFiFeatures.Name] = [
        "auth_failure_count": .authFailureRatio, "deauth_count": .deauthRatio, "beacon_count": .beaconRatio,
        "error_count": .errorRatio, "warning_count": .warningRatio,
    ]

    /// Whether `name` is a feature a condition may test.
    public static func isTestable(_ name: String) -> Bool {
        name == eventCount || derivedCounts[name] != nil || WiFiFeatures.Name(rawValue: name) != nil
    }

    /// The feature tested.
    public var feature: String
    /// How it is compared.
    public var comparison: Comparison
    /// An absolute bound (`at_least`, `at_most`).
    public var value: Double?
    /// A bound from the training reference (`at_least`, `at_most`).
    public var reference: ReferenceBound?
    /// The lower end of the normal range (`outside`).
    public var lower: Double?
    /// The upper end of the normal range (`outside`).
    public var upper: Double?

    /// Creates a condition.
    public init(
        feature: String, comparison: Comparison, value: Double? = nil, reference: ReferenceBound? = nil,
        lower: Double? = nil, upper: Double? = nil
    ) {
        self.feature = feature
        self.comparison = comparison
        self.value = value
        self.reference = reference
        self.lower = lower
        self.upper = upper
    }

    /// `feature ≥ max(value, reference)`.
    public static func atLeast(_ feature: String, _ value: Double? = nil, _ reference: ReferenceBound? = nil)
        -> RuleCondition
    {
        RuleCondition(feature: feature, comparison: .atLeast, value: value, reference: reference)
    }

    /// `feature ≤ min(value, reference)`.
    public static func atMost(_ feature: String, _ value: Double? = nil, _ reference: ReferenceBound? = nil)
        -> RuleCondition
    {
        RuleCondition(feature: feature, comparison: .atMost, value: value, reference: reference)
    }

    /// `feature < lower or feature > upper`.
    public static func outside(_ feature: String, _ lower: Double, _ upper: Double) -> RuleCondition {
        RuleCondition(feature: feature, comparison: .outside, lower: lower, upper: upper)
    }

    /// The bound the value is compared with (`at_least`: the largest, `at_most`: the smallest); nil for
    /// `outside` or when no bound is available.
    func bound(_ statistics: TrainingReference.Statistics?) -> Double? {
        var bounds: [Double] = []
        if let value { bounds.append(value) }
        if let reference, let s = statistics?[reference.statistic] { bounds.append(s * reference.factor) }
        switch comparison {
        case .atLeast: return bounds.max()
        case .atMost: return bounds.min()
        case .outside: return nil
        }
    }

    /// Whether `x` passes the condition given the bound from ``bound(_:)``.
    func holds(_ x: Double, bound: Double?) -> Bool {
        switch comparison {
        case .atLeast: return bound.map { x >= $0 } ?? false
        case .atMost: return bound.map { x <= $0 } ?? false
        case .outside:
            guard let lower, let upper else { return false }
            return x < lower || x > upper
        }
    }

    private enum CodingKeys: String, CodingKey {
        case feature
        case comparison
        case value
        case reference
        case lower
        case upper
    }
}
