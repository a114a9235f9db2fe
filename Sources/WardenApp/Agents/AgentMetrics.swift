public import CoreMetrics
public import Foundation
public import Registry
import Synchronization

/// The agents' Prometheus metrics, made through the same factory as ``ServingMetrics`` (so they render at
/// `/metrics`), labelled by agent:
/// - `warden_agent_events_total` (counter): events read.
/// - `warden_agent_malformed_total` (counter): records refused as malformed.
/// - `warden_agent_windows_total{outcome}` (counter): closed windows by outcome (`normal`, `anomaly`, `skipped`).
/// - `warden_agent_anomalies_total{type,severity}` (counter): anomalies stored.
/// - `warden_agent_incidents_total{severity}` (counter): incidents as they reach a peak severity — once when opened
///   (at its severity then) and again each time a later window raises its peak; alerts page on its increase.
/// - `warden_agent_lag_seconds` (gauge): newest source event time minus the agent's watermark.
/// - `warden_agent_last_run_timestamp_seconds` (gauge): when the agent last read its source.
public final class AgentMetrics: Sendable {
    let factory: any MetricsFactory
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let gauges = Mutex<[String: CoreMetrics.Gauge]>([:])

    /// Metric names, as exposed.
    public enum Name {
        /// Events read (counter).
        public static let events = "warden_agent_events_total"
        /// Malformed records (counter).
        public static let malformed = "warden_agent_malformed_total"
        /// Closed windows by outcome (counter).
        public static let windows = "warden_agent_windows_total"
        /// Anomalies by type and severity (counter).
        public static let anomalies = "warden_agent_anomalies_total"
        /// Incidents by the peak severity they reached (counter).
        public static let incidents = "warden_agent_incidents_total"
        /// Lag behind the source (gauge, seconds).
        public static let lag = "warden_agent_lag_seconds"
        /// Last read of the source (gauge, Unix seconds).
        public static let lastRun = "warden_agent_last_run_timestamp_seconds"
    }

    /// Creates the metrics on a factory (the serving metrics' one).
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Records what a page did.
    public func recordPage(
        agent: String, events: Int, malformed: Int, outcomes: [WindowOutcomeRecord], anomalies: [AnomalyRow],
        incidents: [IncidentRow] = []
    ) {
        if events > 0 { counter(Name.events, ["agent": agent]).increment(by: events) }
        if malformed > 0 { counter(Name.malformed, ["agent": agent]).increment(by: malformed) }
        var byOutcome: [WindowOutcomeRecord.Outcome: Int] = [:]
        for o in outcomes where !o.shadow { byOutcome[o.outcome, default: 0] += 1 }
        for (outcome, n) in byOutcome {
            counter(Name.windows, ["agent": agent, "outcome": outcome.rawValue]).increment(by: n)
        }
        for a in anomalies {
            counter(Name.anomalies, ["agent": agent, "type": a.type, "severity": a.severity]).increment()
        }
        for i in incidents {
            counter(Name.incidents, ["agent": agent, "severity": i.peakSeverity]).increment()
        }
    }

    /// Sets the lag gauge (NaN when unknown).
    public func setLag(agent: String, seconds: Double?) {
        gauge(Name.lag, ["agent": agent]).record(seconds ?? .nan)
    }

    /// Sets the last-run gauge.
    public func setLastRun(agent: String, at: Date) {
        gauge(Name.lastRun, ["agent": agent]).record(at.timeIntervalSince1970)
    }

    /// Makes the agent's series exist from the start (zero counts, unknown lag), so alerts can tell "fine" from
    /// "not measured".
    public func register(agent: String) {
        _ = counter(Name.events, ["agent": agent])
        _ = counter(Name.malformed, ["agent": agent])
        for outcome in WindowOutcomeRecord.Outcome.allCases {
            _ = counter(Name.windows, ["agent": agent, "outcome": outcome.rawValue])
        }
        // Zero from the start, so that the first incident of a severity is an increase an alert sees.
        for severity in AnomalyRow.severities {
            _ = counter(Name.incidents, ["agent": agent, "severity": severity])
        }
        setLag(agent: agent, seconds: nil)
    }

    private func counter(_ name: String, _ labels: [String: String]) -> CoreMetrics.Counter {
        let key = Self.key(name, labels)
        return counters.withLock { c in
            if let existing = c[key] { return existing }
            let made = CoreMetrics.Counter(label: name, dimensions: labels.sorted { $0.key < $1.key }, factory: factory)
            c[key] = made
            return made
        }
    }

    private func gauge(_ name: String, _ labels: [String: String]) -> CoreMetrics.Gauge {
        let key = Self.key(name, labels)
        return gauges.withLock { g in
            if let existing = g[key] { return existing }
            let made = CoreMetrics.Gauge(label: name, dimensions: labels.sorted { $0.key < $1.key }, factory: factory)
            g[key] = made
            return made
        }
    }

    private static func key(_ name: String, _ labels: [String: String]) -> String {
        name + labels.sorted { $0.key < $1.key }.map { "\u{0}\($0.key)=\($0.value)" }.joined()
    }
}
