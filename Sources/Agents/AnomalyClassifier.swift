/// Names, grades and explains anomalous windows: the model's verdict, data-driven rules (``ClassifierRules``) and
/// the window's deviation from the model's ``TrainingReference``.
///
/// ``classify(_:)`` returns nil when the window is normal for the model and for every rule. Otherwise:
/// - **type**: the first rule (in configuration order) whose conditions all hold; ``AnomalyType/unknown`` when
///   only the model flagged the window. A rule can flag a window the model missed (`detected_by: rule`).
/// - **contributors**: the features with the largest |z| = |value − mean| / std against the training reference
///   (std 0: z = ±``EvidenceSettings/zCap`` when the value differs from the constant; |z| capped there too),
///   the top ``EvidenceSettings/contributorCount`` with z ≠ 0, by decreasing |z|, ties in feature order.
///
/// **Evidence model.** Three kinds of evidence, each reduced to a number:
/// - *model*: flagged or not, and its margin `m = (score − threshold) / |threshold|` (|threshold| < 1e-12: the raw
///   difference). Strength `s = clamp(m / strong_margin, 0, 1)`; the model is *strong* when `m ≥ strong_margin`.
/// - *rule*: matched or not, and its intensity: the smallest ratio of a value to its bound over the rule's
///   `at_least` conditions (bound / value for `at_most`; conditions with a bound ≤ 0 and `outside` conditions do
///   not count; none counted: 1). The rule is *strong* when the intensity is ≥ `strong_rule_factor` (default 2:
///   twice past every bound).
/// - *deviation*: `D`, the number of features with |z| ≥ `deviation_z` (default 3).
///
/// **Severity** adds points: model flagged 1, model strong 1, rule matched 2, rule strong 1, broad deviation
/// (`D ≥ broad_deviation`, default 3) 1; then ≤ 1 point is `low`, 2 `medium`, 3–4 `high`, ≥ 5 `critical`.
/// Without a matching rule the severity is at most `medium` (a model-only flag never reaches high); a rule's
/// ``ClassifierRule/maxSeverity`` caps the windows it explains. So `high` needs a rule, and `critical` needs the
/// model and a rule together plus two of: a strong model margin, a strong rule match, broad deviation.
///
/// **Confidence** combines the evidence as independent signals (noisy-OR), `1 − (1 − e_model)(1 − e_rule)(1 −
/// e_dev)`, with `e_model = 0.5 + 0.4·s` when flagged (else 0), `e_rule = 0.7` for a matched rule (0.8 when
/// strong, else 0) and `e_dev = min(0.5, 0.1·D)`; when the model judged the window normal the result is
/// multiplied by 0.85 (the model's disagreement is evidence too). Rounded to 3 decimals.
///
/// ```swift
/// let classifier = try AnomalyClassifier(reference: reference)   // ClassifierRules.standard
/// if let c = try classifier.classify(ScoredWindow(window, verdict: verdict)!) { store(c) }
/// ```
public struct AnomalyClassifier: Sendable {
    /// The rules and evidence constants.
    public let rules: ClassifierRules
    /// The model's training reference.
    public let reference: TrainingReference

    private struct CompiledCondition {
        /// Where a condition's value comes from.
        enum Source {
            case feature(Int)
            case eventCount
            /// A ratio feature's column, times the event count.
            case count(Int)
        }

        var condition: RuleCondition
        var source: Source
        var bound: Double?

        func value(_ window: ScoredWindow) -> Double {
            switch source {
            case .feature(let column): return window.features[column]
            case .eventCount: return Double(window.eventCount)
            case .count(let column): return (window.features[column] * Double(window.eventCount)).rounded()
            }
        }
    }

    private struct CompiledRule {
        var rule: ClassifierRule
        var conditions: [CompiledCondition]
    }

    private let compiled: [CompiledRule]
    /// Training statistics by feature index.
    private let statistics: [TrainingReference.Statistics?]

    /// Creates a classifier.
    ///
    /// - Parameters:
    ///   - rules: the rules and evidence constants (default ``ClassifierRules/standard``).
    ///   - reference: the model's training reference; features it lacks get no reference bounds and no z.
    /// - Throws: the errors of ``ClassifierRules/validate()``.
    public init(rules: ClassifierRules = .standard, reference: TrainingReference) throws(AgentsError) {
        try rules.validate()
        self.rules = rules
        self.reference = reference
        let statistics = WiFiFeatures.names.map { reference[$0] }
        self.statistics = statistics
        compiled = rules.rules.map { rule in
            CompiledRule(
                rule: rule,
                conditions: rule.conditions.map { c in
                    if let column = WiFiFeatures.Name(rawValue: c.feature)?.index {
                        return CompiledCondition(
                            condition: c, source: .feature(column), bound: c.bound(statistics[column]))
                    }
                    if let ratio = RuleCondition.derivedCounts[c.feature] {
                        return CompiledCondition(condition: c, source: .count(ratio.index), bound: c.bound(nil))
                    }
                    return CompiledCondition(condition: c, source: .eventCount, bound: c.bound(nil))
                })
        }
    }

    /// Classifies a scored window.
    ///
    /// - Returns: nil when neither the model nor any rule finds the window anomalous.
    /// - Throws: ``AgentsError/Code/invalidFeatures`` when the window does not hold 17 finite features.
    public func classify(_ window: ScoredWindow) throws(AgentsError) -> Classification? {
        guard window.features.count == WiFiFeatures.count, window.features.allSatisfy(\.isFinite) else {
            throw AgentsError(
                .invalidFeatures,
                "window \(window.entity)@\(Timestamp(microseconds: window.windowStart)) has \(window.features.count) "
                    + "features\(window.features.allSatisfy(\.isFinite) ? "" : " with non-finite values"); pass the "
                    + "17 finite WiFi features in WiFiFeatures.names order")
        }
        var matched: [(rule: ClassifierRule, intensity: Double)] = []
        for rule in compiled {
            if let intensity = evaluate(rule, window) { matched.append((rule.rule, intensity)) }
        }
        let verdict = window.verdict
        guard verdict.isAnomaly || !matched.isEmpty else { return nil }
        let e = rules.evidence

        let contributors = contributors(of: window.features)
        var deviating = 0
        for (i, x) in window.features.enumerated() {
            if let z = zScore(column: i, value: x), abs(z) >= e.deviationZ { deviating += 1 }
        }

        var modelStrength = 0.0
        var modelStrong = false
        if verdict.isAnomaly {
            let scale = abs(verdict.threshold) >= 1e-12 ? abs(verdict.threshold) : 1
            let margin = (verdict.score - verdict.threshold) / scale
            if margin.isFinite {
                modelStrength = min(1, max(0, margin / e.strongMargin))
                modelStrong = margin >= e.strongMargin
            }
        }
        let primary = matched.first
        let ruleStrong = primary.map { $0.intensity >= e.strongRuleFactor } ?? false
        let broad = deviating >= e.broadDeviation

        var points = 0
        if verdict.isAnomaly { points += 1 }
        if modelStrong { points += 1 }
        if primary != nil { points += 2 }
        if ruleStrong { points += 1 }
        if broad { points += 1 }
        var severity: AnomalySeverity =
            points <= 1 ? .low : points == 2 ? .medium : points <= 4 ? .high : .critical
        if primary == nil { severity = min(severity, .medium) }
        if let cap = primary?.rule.maxSeverity { severity = min(severity, cap) }

        let eModel = verdict.isAnomaly ? 0.5 + 0.4 * modelStrength : 0
        let eRule = primary == nil ? 0 : ruleStrong ? 0.8 : 0.7
        let eDeviation = min(0.5, 0.1 * Double(deviating))
        var confidence = 1 - (1 - eModel) * (1 - eRule) * (1 - eDeviation)
        if !verdict.isAnomaly { confidence *= 0.85 }
        confidence = (confidence * 1000).rounded() / 1000

        let type = primary?.rule.type ?? .unknown
        let source: Detection.Source = matched.isEmpty ? .model : verdict.isAnomaly ? .both : .rule
        return Classification(
            type: type, severity: severity, confidence: confidence,
            description: describe(type, window, contributors: contributors), contributors: contributors,
            detectedBy: Detection(source: source, rules: matched.map(\.rule.name)))
    }

    /// The features of a vector (``WiFiFeatures/names`` order) that deviate most from the training reference,
    /// by decreasing |z|, ties in feature order; at most ``EvidenceSettings/contributorCount``, none with z = 0.
    public func contributors(of features: [Double]) -> [Contributor] {
        var all: [(index: Int, contributor: Contributor)] = []
        for (i, x) in features.prefix(WiFiFeatures.count).enumerated() {
            guard let z = zScore(column: i, value: x), z != 0 else { continue }
            all.append((i, Contributor(feature: WiFiFeatures.names[i], value: x, z: z)))
        }
        all.sort { a, b in
            abs(a.contributor.z) != abs(b.contributor.z)
                ? abs(a.contributor.z) > abs(b.contributor.z) : a.index < b.index
        }
        return all.prefix(rules.evidence.contributorCount).map(\.contributor)
    }

    /// The standardised deviation of a feature value from the training reference; nil without a reference or
    /// for a non-finite value.
    func zScore(column: Int, value: Double) -> Double? {
        guard value.isFinite, column < statistics.count, let s = statistics[column] else { return nil }
        let cap = rules.evidence.zCap
        guard s.std > 0 else { return value == s.mean ? 0 : value > s.mean ? cap : -cap }
        return min(cap, max(-cap, (value - s.mean) / s.std))
    }

    /// The rule's intensity when all its conditions hold, else nil.
    private func evaluate(_ rule: CompiledRule, _ window: ScoredWindow) -> Double? {
        var intensity = Double.infinity
        for c in rule.conditions {
            let x = c.value(window)
            guard c.condition.holds(x, bound: c.bound) else { return nil }
            guard let bound = c.bound, bound > 0 else { continue }
            switch c.condition.comparison {
            case .atLeast: intensity = min(intensity, x / bound)
            case .atMost: if x > 0 { intensity = min(intensity, bound / x) }
            case .outside: break
            }
        }
        return intensity.isFinite ? intensity : 1
    }
}
