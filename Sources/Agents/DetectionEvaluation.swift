/// Precision and recall of an agent's output against labelled attack windows: per severity level, for
/// `high`-or-above (what an operator pages on), per anomaly type, and for the model's own verdict alone.
///
/// A labelled window is an attack window (`{"ap", "window_start", "kind"}`); every other scored window is
/// normal. An attack window the agent did not score (too few events, never closed) counts as missed. Precision
/// of a set of flagged windows is the share that are attack windows (nil when the set is empty); recall is the
/// share of attack windows in the set.
///
/// ```swift
/// var evaluation = DetectionEvaluation(labels: labels)
/// for w in scoredWindows { evaluation.add(w.key, modelFlagged: w.verdict.isAnomaly, classification: c) }
/// let report = evaluation.report()
/// report.atLeast(.high).precision
/// ```
public struct DetectionEvaluation: Sendable {
    /// One labelled attack window.
    public struct Label: Sendable, Hashable, Codable {
        /// The access point.
        public var ap: String
        /// The window's start.
        public var windowStart: Timestamp
        /// The attack's kind (an anomaly type's name).
        public var kind: String

        /// Creates a label.
        public init(ap: String, windowStart: Timestamp, kind: String) {
            self.ap = ap
            self.windowStart = windowStart
            self.kind = kind
        }

        private enum CodingKeys: String, CodingKey {
            case ap
            case windowStart = "window_start"
            case kind
        }
    }

    /// The labels file: `{"windows": [{"ap", "window_start", "kind"}]}` (other keys are ignored).
    public struct Labels: Sendable, Hashable, Codable {
        /// The attack windows.
        public var windows: [Label]

        /// Creates a labels document.
        public init(windows: [Label]) { self.windows = windows }
    }

    struct Key: Hashable {
        var ap: String
        var start: Int64
    }

    private var kinds: [Key: String] = [:]
    private var seen: Set<Key> = []
    private var windows = 0
    private var model = Counts()
    private var any = Counts()
    private var exact: [AnomalySeverity: Counts] = [:]
    private var typed: [String: TypeCounts] = [:]

    struct Counts {
        var flagged = 0
        var attacks = 0
    }

    struct TypeCounts {
        var labelled = 0
        var detected = 0
        var predicted = 0
        var correct = 0
    }

    /// Creates an evaluation against labels (a window labelled twice keeps its last kind).
    public init(labels: [Label]) {
        for l in labels { kinds[Key(ap: l.ap, start: l.windowStart.microseconds)] = l.kind }
        for kind in kinds.values { typed[kind, default: TypeCounts()].labelled += 1 }
    }

    /// Adds one scored window.
    ///
    /// - Parameters:
    ///   - entity: the access point.
    ///   - windowStart: the window's start, µs since the epoch.
    ///   - modelFlagged: the model's own verdict.
    ///   - classification: the agent's anomaly for the window (type and severity), nil when it found none.
    public mutating func add(
        entity: String, windowStart: Int64, modelFlagged: Bool, classification: (type: AnomalyType, severity: AnomalySeverity)?
    ) {
        let key = Key(ap: entity, start: windowStart)
        guard seen.insert(key).inserted else { return }
        windows += 1
        let kind = kinds[key]
        let attack = kind != nil
        if modelFlagged {
            model.flagged += 1
            if attack { model.attacks += 1 }
        }
        guard let classification else { return }
        any.flagged += 1
        if attack { any.attacks += 1 }
        exact[classification.severity, default: Counts()].flagged += 1
        if attack { exact[classification.severity, default: Counts()].attacks += 1 }
        typed[classification.type.rawValue, default: TypeCounts()].predicted += 1
        if let kind {
            typed[kind, default: TypeCounts()].detected += 1
            if kind == classification.type.rawValue { typed[kind, default: TypeCounts()].correct += 1 }
        }
    }

    /// The figures so far.
    public func report() -> DetectionReport {
        let attackWindows = kinds.count
        func rates(_ c: Counts) -> DetectionReport.Rates {
            DetectionReport.Rates(
                flagged: c.flagged, truePositives: c.attacks,
                precision: c.flagged == 0 ? nil : Double(c.attacks) / Double(c.flagged),
                recall: attackWindows == 0 ? nil : Double(c.attacks) / Double(attackWindows))
        }
        var levels: [DetectionReport.Level] = []
        var cumulative = Counts()
        for level in AnomalySeverity.allCases.reversed() {
            let c = exact[level] ?? Counts()
            cumulative.flagged += c.flagged
            cumulative.attacks += c.attacks
            levels.insert(DetectionReport.Level(severity: level, exact: rates(c), atLeast: rates(cumulative)), at: 0)
        }
        let types = typed.keys.sorted().map { kind in
            let t = typed[kind] ?? TypeCounts()
            return DetectionReport.TypeRates(
                type: kind, labelled: t.labelled, detected: t.detected, predicted: t.predicted, correct: t.correct,
                precision: t.predicted == 0 ? nil : Double(t.correct) / Double(t.predicted),
                recall: t.labelled == 0 ? nil : Double(t.correct) / Double(t.labelled),
                detectionRecall: t.labelled == 0 ? nil : Double(t.detected) / Double(t.labelled))
        }
        let scoredAttacks = kinds.keys.filter { seen.contains($0) }.count
        return DetectionReport(
            windows: windows, attackWindows: attackWindows, attackWindowsNotScored: attackWindows - scoredAttacks,
            modelOnly: rates(model), anomalies: rates(any), severities: levels, types: types)
    }
}

/// What ``DetectionEvaluation`` measured. Codable with snake_case keys (`warden agents evaluate --json`).
public struct DetectionReport: Sendable, Hashable, Codable {
    /// Precision and recall of one set of flagged windows.
    public struct Rates: Sendable, Hashable, Codable {
        /// Windows in the set.
        public var flagged: Int
        /// Attack windows among them.
        public var truePositives: Int
        /// `true_positives / flagged`; nil when nothing was flagged.
        public var precision: Double?
        /// `true_positives / attack_windows`; nil without attack windows.
        public var recall: Double?

        private enum CodingKeys: String, CodingKey {
            case flagged
            case truePositives = "true_positives"
            case precision
            case recall
        }
    }

    /// One severity level: the anomalies of exactly that level, and those of that level or above.
    public struct Level: Sendable, Hashable, Codable {
        /// The level.
        public var severity: AnomalySeverity
        /// Anomalies of exactly this level (its recall is the share of attack windows graded so).
        public var exact: Rates
        /// Anomalies of this level or above.
        public var atLeast: Rates

        private enum CodingKeys: String, CodingKey {
            case severity
            case exact
            case atLeast = "at_least"
        }
    }

    /// One anomaly type: labelled windows of that kind against anomalies of that type.
    public struct TypeRates: Sendable, Hashable, Codable {
        /// The type (or a label's kind).
        public var type: String
        /// Attack windows labelled with it.
        public var labelled: Int
        /// Of those, windows reported as an anomaly of any type.
        public var detected: Int
        /// Anomalies reported with this type.
        public var predicted: Int
        /// Anomalies reported with this type on windows labelled with it.
        public var correct: Int
        /// `correct / predicted`.
        public var precision: Double?
        /// `correct / labelled`.
        public var recall: Double?
        /// `detected / labelled` (found, whatever the type).
        public var detectionRecall: Double?

        private enum CodingKeys: String, CodingKey {
            case type
            case labelled
            case detected
            case predicted
            case correct
            case precision
            case recall
            case detectionRecall = "detection_recall"
        }
    }

    /// Scored windows.
    public var windows: Int
    /// Labelled attack windows.
    public var attackWindows: Int
    /// Labelled attack windows the agent did not score (counted as missed).
    public var attackWindowsNotScored: Int
    /// The model's own verdicts (`is_anomaly`), without rules or severities.
    public var modelOnly: Rates
    /// Every anomaly the agent reports, whatever its severity.
    public var anomalies: Rates
    /// Per level, `low` to `critical`.
    public var severities: [Level]
    /// Per type, by name.
    public var types: [TypeRates]

    /// The anomalies of `severity` or above.
    public func atLeast(_ severity: AnomalySeverity) -> Rates {
        severities.first { $0.severity == severity }?.atLeast ?? Rates(flagged: 0, truePositives: 0)
    }

    private enum CodingKeys: String, CodingKey {
        case windows
        case attackWindows = "attack_windows"
        case attackWindowsNotScored = "attack_windows_not_scored"
        case modelOnly = "model_only"
        case anomalies
        case severities
        case types
    }
}
