import Agents
import Foundation
import Testing

@Suite("ClassifierRules: rules as data")
struct ClassifierRulesTests {
    @Test("the standard rules cover the six types and validate; derived counts are testable")
    func standard() throws {
        try ClassifierRules.standard.validate()
        #expect(RuleCondition.isTestable("deauth_count") && RuleCondition.isTestable("event_count"))
        #expect(RuleCondition.isTestable("mean_data_rate") && !RuleCondition.isTestable("deauth"))
        #expect(Set(ClassifierRules.standard.rules.map(\.type)) == Set(AnomalyType.allCases).subtracting([.unknown]))
    }

    @Test("decodes snake_case configuration; missing keys take the defaults; encodes back")
    func coding() throws {
        let json = #"""
            {"rules": [{"name": "night_deauth", "type": "deauth_flood", "max_severity": "high",
                        "conditions": [{"feature": "deauth_ratio", "comparison": "at_least", "value": 0.1,
                                        "reference": {"statistic": "p99", "factor": 3}},
                                       {"feature": "mean_hour_of_day", "comparison": "outside",
                                        "lower": 6, "upper": 22}]}],
             "evidence": {"strong_margin": 0.5, "z_cap": 50}}
            """#
        let rules = try JSONDecoder().decode(ClassifierRules.self, from: Data(json.utf8))
        try rules.validate()
        #expect(rules.rules.count == 1)
        #expect(rules.rules[0].maxSeverity == .high)
        #expect(rules.rules[0].conditions[0] == .atLeast("deauth_ratio", 0.1, .init(.p99, times: 3)))
        #expect(rules.rules[0].conditions[1] == .outside("mean_hour_of_day", 6, 22))
        #expect(rules.evidence == EvidenceSettings(strongMargin: 0.5, zCap: 50))
        let again = try JSONDecoder().decode(ClassifierRules.self, from: JSONEncoder().encode(rules))
        #expect(again == rules)
        let empty = try JSONDecoder().decode(ClassifierRules.self, from: Data("{}".utf8))
        #expect(empty == ClassifierRules.standard)
        let factor = try JSONDecoder().decode(
            RuleCondition.ReferenceBound.self, from: Data(#"{"statistic": "p50"}"#.utf8))
        #expect(factor.factor == 1)
    }

    @Test(
        "refuses invalid rules with the problem and the remedy",
        arguments: [
            (
                ClassifierRule(name: "", type: .macFlood, conditions: [.atMost("mean_device_activity", 2)]),
                "name is empty"
            ),
            (ClassifierRule(name: "x", type: .unknown, conditions: [.atMost("mean_device_activity", 2)]), "unknown"),
            (ClassifierRule(name: "x", type: .macFlood, conditions: []), "no conditions"),
            (ClassifierRule(name: "x", type: .macFlood, conditions: [.atMost("bytes", 2)]), "not a WiFi feature"),
            (ClassifierRule(name: "x", type: .macFlood, conditions: [.atMost("probe_count", 2)]), "not a WiFi feature"),
            (
                ClassifierRule(name: "x", type: .macFlood, conditions: [.atMost("mean_device_activity")]),
                "needs a value"
            ),
            (
                ClassifierRule(name: "x", type: .macFlood, conditions: [.outside("mean_hour_of_day", 22, 6)]),
                "lower ≤ upper"
            ),
            (
                ClassifierRule(name: "x", type: .macFlood, conditions: [.atLeast("event_count", .infinity)]),
                "non-finite"
            ),
        ])
    func invalid(rule: ClassifierRule, problem: String) {
        do {
            try ClassifierRules(rules: [rule]).validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test("refuses duplicate rule names and evidence settings out of range")
    func duplicatesAndEvidence() {
        let rule = ClassifierRule(name: "a", type: .macFlood, conditions: [.atMost("mean_device_activity", 2)])
        #expect(throws: AgentsError.self) { try ClassifierRules(rules: [rule, rule]).validate() }
        #expect(throws: AgentsError.self) {
            try ClassifierRules(rules: [rule], evidence: EvidenceSettings(strongMargin: 0)).validate()
        }
        #expect(throws: AgentsError.self) {
            try AnomalyClassifier(
                rules: ClassifierRules(rules: [rule, rule]), reference: TrainingReference(features: [:]))
        }
    }
}
