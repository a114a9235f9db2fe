/// The classifier's configuration: its rules, tried in order (the first that matches names the type), and the
/// constants of its evidence model.
///
/// Codable with snake_case keys so that a configuration file can populate it:
///
/// ```yaml
/// rules:
///   - name: deauth_flood
///     type: deauth_flood
///     conditions:
///       - {feature: deauth_ratio, comparison: at_least, value: 0.3, reference: {statistic: p50, factor: 10}}
///       - {feature: deauth_count, comparison: at_least, value: 15}
/// evidence: {strong_margin: 0.2, deviation_z: 3}
/// ```
///
/// A missing `rules` key means ``standard``'s rules; a missing `evidence` key, the default constants.
public struct ClassifierRules: Sendable, Hashable, Codable {
    /// The rules, in priority order.
    public var rules: [ClassifierRule]
    /// The evidence model's constants.
    public var evidence: EvidenceSettings

    /// Creates a configuration.
    public init(rules: [ClassifierRule], evidence: EvidenceSettings = EvidenceSettings()) {
        self.rules = rules
        self.evidence = evidence
    }

    /// The default rules: one signature per anomaly type, root causes first — jamming disconnects clients (deauth
    /// symptoms) and MAC floods fail authentications, so those rules come before the deauth and auth-failure rules.
    /// Each bound is the larger (`at_least`) or smaller (`at_most`) of an absolute floor and a multiple of the
    /// model's own training statistic, so a rule is "far outside what training windows did" and stays meaningful
    /// when the statistic is 0; the counts (`deauth_count`, ...) keep a handful of events in a quiet night window
    /// from reading as a flood. docs/AGENTS.md ("Signatures") explains each rule.
    ///
    /// | rule | conditions |
    /// |---|---|
    /// | `rf_jamming` | `mean_packet_loss ≥ max(0.03, 1.25 × p99)`, `mean_data_rate ≤ min(150, 0.75 × p50)` |
    /// | `rogue_ap_beacon_flood` | `beacon_count ≥ 20`, `beacon_ratio ≥ max(0.25, p50)` |
    /// | `mac_flood` | `unique_mac_count ≥ max(40, p99)`, `mean_device_activity ≤ 1.4` |
    /// | `deauth_flood` | `deauth_ratio ≥ max(0.15, 1.5 × p99)`, `deauth_count ≥ 10` |
    /// | `auth_failure_storm` | `auth_failure_ratio ≥ max(0.1, 1.5 × p99)`, `auth_failure_count ≥ 10` |
    /// | `off_hours_activity` | `mean_hour_of_day` outside 6–22 (UTC), `max_device_activity ≥ max(20, 2 × p99)` |
    ///
    /// `off_hours_activity` is capped at `high` (``ClassifierRule/maxSeverity``): activity at night is suspicious
    /// context, never an emergency on its own.
    public static let standard = ClassifierRules(rules: [
        ClassifierRule(
            name: "rf_jamming", type: .rfJamming,
            conditions: [
                .atLeast("mean_packet_loss", 0.03, .init(.p99, times: 1.25)),
                .atMost("mean_data_rate", 150, .init(.p50, times: 0.75)),
            ]),
        ClassifierRule(
            name: "rogue_ap_beacon_flood", type: .rogueAPBeaconFlood,
            conditions: [.atLeast("beacon_count", 20), .atLeast("beacon_ratio", 0.25, .init(.p50))]),
        ClassifierRule(
            name: "mac_flood", type: .macFlood,
            conditions: [.atLeast("unique_mac_count", 40, .init(.p99)), .atMost("mean_device_activity", 1.4)]),
        ClassifierRule(
            name: "deauth_flood", type: .deauthFlood,
            conditions: [.atLeast("deauth_ratio", 0.15, .init(.p99, times: 1.5)), .atLeast("deauth_count", 10)]),
        ClassifierRule(
            name: "auth_failure_storm", type: .authFailureStorm,
            conditions: [
                .atLeast("auth_failure_ratio", 0.1, .init(.p99, times: 1.5)), .atLeast("auth_failure_count", 10),
            ]),
        ClassifierRule(
            name: "off_hours_activity", type: .offHoursActivity,
            conditions: [
                .outside("mean_hour_of_day", 6, 22), .atLeast("max_device_activity", 20, .init(.p99, times: 2)),
            ], maxSeverity: .high),
    ])

    /// Checks every rule and constant.
    ///
    /// - Throws: ``AgentsError/Code/unknownFeatures`` for a condition on a feature that is neither a WiFi feature
    ///   nor `event_count`; ``AgentsError/Code/invalidConfiguration`` for an empty or duplicate rule name, a rule
    ///   without conditions or of type `unknown`, a condition without the bounds its comparison needs, a
    ///   non-finite number, or an evidence constant out of range.
    public func validate() throws(AgentsError) {
        var names = Set<String>()
        for rule in rules {
            func invalid(_ problem: String) -> AgentsError {
                AgentsError(.invalidConfiguration, "classifier rule '\(rule.name)': \(problem)")
            }
            guard !rule.name.isEmpty else { throw invalid("the name is empty; name every rule") }
            guard names.insert(rule.name).inserted else { throw invalid("the name is used twice; rename one") }
            guard rule.type != .unknown else {
                throw invalid("type 'unknown' is what the model alone reports; give the rule a known type")
            }
            guard !rule.conditions.isEmpty else { throw invalid("it has no conditions; add at least one") }
            for c in rule.conditions {
                guard RuleCondition.isTestable(c.feature) else {
                    let extra = [RuleCondition.eventCount] + RuleCondition.derivedCounts.keys.sorted()
                    throw AgentsError(
                        .unknownFeatures,
                        "classifier rule '\(rule.name)' tests '\(c.feature)', which is not a WiFi feature; use one "
                            + "of \((WiFiFeatures.names + extra).joined(separator: ", "))")
                }
                let numbers = [c.value, c.reference?.factor, c.lower, c.upper].compactMap { $0 }
                guard numbers.allSatisfy(\.isFinite) else { throw invalid("'\(c.feature)' has a non-finite bound") }
                switch c.comparison {
                case .atLeast, .atMost:
                    guard c.value != nil || c.reference != nil else {
                        throw invalid("'\(c.feature) \(c.comparison.rawValue)' needs a value or a reference bound")
                    }
                case .outside:
                    guard let lower = c.lower, let upper = c.upper, lower <= upper else {
                        throw invalid("'\(c.feature) outside' needs lower ≤ upper")
                    }
                }
            }
        }
        let e = evidence
        guard e.strongPercentile > 0, e.strongPercentile <= 100, e.persistentWindows >= 2, e.strongMargin > 0,
            e.strongMargin.isFinite, e.deviationZ > 0, e.deviationZ.isFinite,
            e.broadDeviation >= 1, e.strongRuleFactor >= 1, e.strongRuleFactor.isFinite, e.zCap > 0, e.zCap.isFinite,
            e.contributorCount >= 0
        else {
            throw AgentsError(
                .invalidConfiguration,
                "classifier evidence settings \(e) are out of range; strong_percentile must be in (0, 100], "
                    + "persistent_windows ≥ 2, strong_margin, deviation_z and z_cap must be "
                    + "positive, broad_deviation ≥ 1, strong_rule_factor ≥ 1, contributor_count ≥ 0")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case rules
        case evidence
    }

    /// Decodes; missing keys take ``standard``'s rules and the default evidence constants.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            rules: try c.decodeIfPresent([ClassifierRule].self, forKey: .rules) ?? ClassifierRules.standard.rules,
            evidence: try c.decodeIfPresent(EvidenceSettings.self, forKey: .evidence) ?? EvidenceSettings())
    }
}
