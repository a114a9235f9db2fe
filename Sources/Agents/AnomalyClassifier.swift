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
/// **Evidence.** Four kinds, stored with the anomaly (``AnomalyEvidence``):
/// - *model*: flagged or not; its margin `m = (score − threshold) / |threshold|`; and, when the version has a
///   ``ScoreCalibration`` (its reference sample scored by the model), the calibrated percentile `q` of the score
///   among the training windows. The model is *strong* when flagged with `q ≥ strong_percentile` (default 99.5:
///   above 99.5 % of training windows; without a calibration, `m ≥ strong_margin`).
/// - *signature*: the first matching rule and its intensity: the smallest ratio of a value to its bound over the
///   rule's `at_least` conditions (bound / value for `at_most`; bounds ≤ 0 and `outside` conditions do not count;
///   none counted: 1). The signature is *strong* when the intensity is ≥ `strong_rule_factor` (default 2).
/// - *deviation*: `D`, the number of features with |z| ≥ `deviation_z` (default 3); *broad* when
///   `D ≥ broad_deviation` (default 3).
/// - *persistence*: `P`, the consecutive anomalous windows of the same AP up to this one (the caller passes the
///   run before it, ``PersistenceTracker``); *persistent* when `P ≥ persistent_windows` (default 2).
///
/// **Severity.** Only a signature confirms a window:
/// - without a signature (a model-only flag): `low`, or `medium` when the model is strong, the deviation broad
///   or the anomaly persistent — never higher;
/// - with a signature: `high`; `critical` when the model flagged the window too and at least two of: a strong
///   model, a strong signature, broad deviation, persistence;
/// - a rule's ``ClassifierRule/maxSeverity`` caps the windows it explains.
///
/// **Confidence** combines the evidence as independent signals (noisy-OR),
/// `1 − (1 − e_model)(1 − e_rule)(1 − e_dev)(1 − e_persist)`, with `e_model = 0.5 + 0.4·s` when flagged (else 0),
/// `s` the model's strength (calibrated: `clamp((q − q_T) / (strong_percentile − q_T), 0, 1)` with `q_T` the
/// threshold's percentile; else `clamp(m / strong_margin, 0, 1)`), `e_rule = 0.7` for a signature (0.8 when strong,
/// else 0), `e_dev = min(0.5, 0.1·D)` and `e_persist = min(0.5, 0.2·(P − 1))`; when the model judged the window
/// normal the result is multiplied by 0.85 (the model's disagreement is evidence too). Rounded to 3 decimals.
///
/// ```swift
/// let classifier = try AnomalyClassifier(reference: reference, calibration: calibration)   // standard rules
/// let before = tracker.preceding(entity: w.entity, start: w.windowStart)
/// let c = try classifier.classify(w, precedingAnomalous: before)
/// tracker.record(entity: w.entity, start: w.windowStart, end: w.windowEnd, anomalous: c != nil)
/// ```
public struct AnomalyClassifier: Sendable {
    /// The rules and evidence constants.
    public let rules: ClassifierRules
    /// The model's training reference.
    public let reference: TrainingReference
    /// The model's score distribution over its training windows, when known.
    public let calibration: ScoreCalibration?

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
    ///   - calibration: the model's scores of its reference windows (percentiles); nil: margins only.
    /// - Throws: the errors of ``ClassifierRules/validate()``.
    public init(
        rules: ClassifierRules = .standard, reference: TrainingReference, calibration: ScoreCalibration? = nil
    ) throws(AgentsError) {
        try rules.validate()
        self.rules = rules
        self.reference = reference
        self.calibration = calibration
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
    /// - Parameters:
    ///   - window: the window and the model's verdict.
    ///   - precedingAnomalous: how many consecutive windows of the same AP just before this one were anomalous
    ///     (``PersistenceTracker/preceding(entity:start:)``); it changes the severity, never whether the window is
    ///     anomalous.
    /// - Returns: nil when neither the model nor any rule finds the window anomalous.
    /// - Throws: ``AgentsError/Code/invalidFeatures`` when the window does not hold 17 finite features.
    public func classify(_ window: ScoredWindow, precedingAnomalous: Int = 0) throws(AgentsError) -> Classification? {
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
        let evidence = self.evidence(window, signature: matched.first, precedingAnomalous: precedingAnomalous)
        let severity = self.severity(evidence, cap: matched.first?.rule.maxSeverity)
        let contributors = contributors(of: window.features)
        let type = matched.first?.rule.type ?? .unknown
        let source: Detection.Source = matched.isEmpty ? .model : verdict.isAnomaly ? .both : .rule
        return Classification(
            type: type, severity: severity, confidence: confidence(evidence, verdict),
            description: describe(type, window, contributors: contributors), contributors: contributors,
            detectedBy: Detection(source: source, rules: matched.map(\.rule.name)), evidence: evidence)
    }

    /// The four kinds of evidence of an anomalous window.
    func evidence(
        _ window: ScoredWindow, signature: (rule: ClassifierRule, intensity: Double)?, precedingAnomalous: Int
    ) -> AnomalyEvidence {
        let e = rules.evidence
        let verdict = window.verdict
        var deviating = 0
        var maxAbsZ = 0.0
        for (i, x) in window.features.enumerated() {
            guard let z = zScore(column: i, value: x) else { continue }
            if abs(z) >= e.deviationZ { deviating += 1 }
            maxAbsZ = max(maxAbsZ, abs(z))
        }
        let scale = abs(verdict.threshold) >= 1e-12 ? abs(verdict.threshold) : 1
        var margin = (verdict.score - verdict.threshold) / scale
        if !margin.isFinite { margin = 0 }
        let percentile = calibration.map { ($0.percentile(of: verdict.score) * 1000).rounded() / 1000 }
        let strongModel =
            verdict.isAnomaly && (percentile.map { $0 >= e.strongPercentile } ?? (margin >= e.strongMargin))
        let run = min(PersistenceTracker.maximumRun, max(0, precedingAnomalous) + 1)
        return AnomalyEvidence(
            model: .init(flagged: verdict.isAnomaly, margin: margin, percentile: percentile, strong: strongModel),
            signature: signature.map {
                .init(rule: $0.rule.name, intensity: $0.intensity, strong: $0.intensity >= e.strongRuleFactor)
            },
            deviation: .init(features: deviating, broad: deviating >= e.broadDeviation, maxAbsZ: maxAbsZ),
            persistence: .init(windows: run, persistent: run >= e.persistentWindows))
    }

    /// The severity the evidence earns (see the type's documentation).
    func severity(_ evidence: AnomalyEvidence, cap: AnomalySeverity?) -> AnomalySeverity {
        let support = [
            evidence.model.strong, evidence.deviation.broad, evidence.persistence.persistent,
        ]
        var severity: AnomalySeverity
        if let signature = evidence.signature {
            let corroboration = (support + [signature.strong]).filter { $0 }.count
            severity = evidence.model.flagged && corroboration >= 2 ? .critical : .high
        } else {
            severity = support.contains(true) ? .medium : .low
        }
        if let cap { severity = min(severity, cap) }
        return severity
    }

    /// The noisy-OR confidence of the evidence (see the type's documentation).
    func confidence(_ evidence: AnomalyEvidence, _ verdict: ModelVerdict) -> Double {
        let e = rules.evidence
        var strength = 0.0
        if evidence.model.flagged {
            if let calibration, let q = evidence.model.percentile {
                let qT = calibration.percentile(of: verdict.threshold)
                let span = e.strongPercentile - qT
                strength = span > 0 ? (q - qT) / span : (q >= e.strongPercentile ? 1 : 0)
            } else {
                strength = evidence.model.margin / e.strongMargin
            }
            strength = min(1, max(0, strength))
        }
        let eModel = evidence.model.flagged ? 0.5 + 0.4 * strength : 0
        let eRule = evidence.signature.map { $0.strong ? 0.8 : 0.7 } ?? 0
        let eDeviation = min(0.5, 0.1 * Double(evidence.deviation.features))
        let ePersistence = min(0.5, 0.2 * Double(evidence.persistence.windows - 1))
        var confidence = 1 - (1 - eModel) * (1 - eRule) * (1 - eDeviation) * (1 - ePersistence)
        if !verdict.isAnomaly { confidence *= 0.85 }
        return (confidence * 1000).rounded() / 1000
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
