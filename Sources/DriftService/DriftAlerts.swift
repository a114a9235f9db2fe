public import Monitoring

/// The drift alerts of one model version as a value-type state machine: each kind raises once when its value
/// crosses the raise threshold and clears once when it falls below the (lower) clear threshold.
///
/// | kind | value | raised when | cleared when |
/// |---|---|---|---|
/// | `performance_drift` | seed 002 drift score | > threshold | < 0.75 × threshold |
/// | `baseline_drift` | score distance in baseline std | > threshold | < 0.75 × threshold |
/// | `data_drift` | share of drifted features | ≥ dataset share | < share / 2 |
/// | `prediction_drift` | 1 when the score distribution drifted | 1 | 0 |
public struct DriftAlerts: Sendable, Equatable {
    /// The alert kinds.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case performanceDrift = "performance_drift"
        case baselineDrift = "baseline_drift"
        case dataDrift = "data_drift"
        case predictionDrift = "prediction_drift"
    }

    /// A state change the caller records.
    public struct Event: Sendable, Equatable {
        /// Which alert.
        public var kind: Kind
        /// Raised (true) or cleared (false).
        public var raised: Bool
        /// The value that caused it.
        public var value: Double
        /// The raise threshold.
        public var threshold: Double
    }

    private var states: [Kind: DriftAlertState]
    private let thresholds: [Kind: Double]

    /// Creates cleared alerts for the thresholds in `settings`.
    public init(settings: DriftSettings) {
        let t = settings.indicatorThreshold
        let b = settings.baselineThreshold
        let share = settings.data.datasetDriftShare
        func state(_ raise: Double, _ clear: Double) -> DriftAlertState {
            // Thresholds come from validated settings; fall back to no hysteresis rather than failing.
            (try? DriftAlertState(raiseAbove: raise, clearBelow: clear))
                ?? (try? DriftAlertState(raiseAbove: raise, clearBelow: raise))
                ?? (try! DriftAlertState(raiseAbove: 0, clearBelow: 0))  // invariant: 0 ≤ 0 is always valid
        }
        thresholds = [.performanceDrift: t, .baselineDrift: b, .dataDrift: share, .predictionDrift: 1]
        states = [
            .performanceDrift: state(t, 0.75 * t),
            .baselineDrift: state(b, 0.75 * b),
            .dataDrift: state(share.nextDown, share / 2),
            .predictionDrift: state(0.5, 0.5),
        ]
    }

    /// Whether an alert is raised now.
    public func isRaised(_ kind: Kind) -> Bool { states[kind]?.isRaised ?? false }

    /// Sets an alert's state (e.g. from the last event in the stored history) without producing an event.
    public mutating func restore(_ kind: Kind, raised: Bool) {
        guard let s = states[kind] else { return }
        states[kind] = try? DriftAlertState(raiseAbove: s.raiseAbove, clearBelow: s.clearBelow, isRaised: raised)
    }

    /// Feeds one check; returns the alerts raised or cleared by it. Parts the check could not compute change nothing.
    public mutating func observe(_ check: DriftCheck) -> [Event] {
        var events: [Event] = []
        func feed(_ kind: Kind, _ value: Double?) {
            guard let value, var s = states[kind] else { return }
            let threshold = thresholds[kind] ?? s.raiseAbove
            if let action = s.observe(value) {
                switch action {
                case .raise(let v): events.append(Event(kind: kind, raised: true, value: v, threshold: threshold))
                case .clear(let v): events.append(Event(kind: kind, raised: false, value: v, threshold: threshold))
                }
            }
            states[kind] = s
        }
        feed(.performanceDrift, check.indicators?.driftScore)
        feed(.baselineDrift, check.baseline?.driftScore)
        feed(.dataDrift, check.data?.driftShare)
        feed(.predictionDrift, check.data?.prediction.map { $0.drifted ? 1 : 0 })
        return events
    }
}
