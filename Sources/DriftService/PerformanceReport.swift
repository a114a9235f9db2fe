public import Foundation
public import Monitoring
public import Registry

/// Seed 000's performance report of one version: the rolling window, stored aggregates of the last day (total and
/// per hour), a drift check (not recorded as alerts) and the recent alert history. JSON via `Codable`, readable
/// text via ``text()``.
public struct PerformanceReport: Sendable, Codable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// When the report was made.
    public var generatedAt: Date
    /// Statistics of the current window.
    public var window: WindowStatistics
    /// Stored aggregates of the last 24 hours; nil when nothing is stored yet.
    public var lastDay: AggregateSummary?
    /// The last 24 hours, hour by hour (hours without predictions are left out).
    public var hourly: [AggregateSummary]
    /// The drift check.
    public var drift: DriftCheck
    /// Raised alerts now.
    public var raisedAlerts: [String]
    /// The latest alert events, newest first.
    public var recentAlerts: [AlertEntry]

    /// An alert event in a report.
    public struct AlertEntry: Sendable, Codable {
        /// The kind.
        public var kind: String
        /// raised or cleared.
        public var event: String
        /// When.
        public var at: Date
        /// The value that caused it.
        public var value: Double
        /// The threshold.
        public var threshold: Double
    }

    enum CodingKeys: String, CodingKey {
        case model, version
        case generatedAt = "generated_at"
        case window
        case lastDay = "last_24h"
        case hourly
        case drift
        case raisedAlerts = "raised_alerts"
        case recentAlerts = "recent_alerts"
    }

    /// The report as readable text.
    public func text() -> String {
        var out: [String] = []
        out.append("Performance report — \(model) \(version)")
        out.append("generated \(Self.stamp(generatedAt))")
        out.append("")
        out.append("Rolling window: \(window.count) predictions, \(window.errors) errors"
            + (window.errorRate.map { " (error rate \(Self.percent($0)))" } ?? ""))
        if let l = window.latency {
            out.append("  latency   mean \(Self.ms(l.mean))  std \(Self.ms(l.std))  min \(Self.ms(l.min))  max \(Self.ms(l.max))"
                + "  p50 \(Self.ms(l.p50))  p95 \(Self.ms(l.p95))  p99 \(Self.ms(l.p99))")
        }
        if let s = window.score {
            out.append("  score     mean \(Self.num(s.mean))  std \(Self.num(s.std))  min \(Self.num(s.min))  max \(Self.num(s.max))")
        }
        if let a = window.anomalyRate { out.append("  anomaly rate \(Self.percent(a))") }
        out.append("")
        if let d = lastDay {
            out.append("Last 24 hours: \(d.predictions) predictions, \(d.errors) errors, \(d.anomalies) anomalies"
                + (d.throughput.map { String(format: ", %.2f predictions/s", $0) } ?? ""))
            if let m = d.latencyMean { out.append("  latency mean \(Self.ms(m)), max \(Self.ms(d.latencyMax))") }
            if let a = d.anomalyRate { out.append("  anomaly rate \(Self.percent(a))") }
        } else {
            out.append("Last 24 hours: nothing stored yet (aggregates are flushed to the registry periodically)")
        }
        out.append("")
        out.append("Drift: " + (drift.driftDetected ? "DETECTED" : "not detected"))
        if let i = drift.indicators {
            out.append("  performance indicators (recent half vs older half of the window): score "
                + (i.driftScore.map(Self.num) ?? "undefined") + " vs threshold \(Self.num(i.threshold))"
                + (i.driftDetected ? "  DRIFT" : ""))
        } else if let why = drift.indicatorsUnavailable {
            out.append("  performance indicators: unavailable — \(why)")
        }
        if let b = drift.baseline {
            out.append("  baseline: score mean \(Self.num(b.currentMean)) vs \(Self.num(b.baselineMean)) "
                + "= \(Self.num(b.driftScore)) std (threshold \(Self.num(b.threshold)))" + (b.driftDetected ? "  DRIFT" : ""))
        } else if let why = drift.baselineUnavailable {
            out.append("  baseline: unavailable — \(why)")
        }
        if let data = drift.data {
            out.append("  data drift: \(data.driftedFeatures) of \(data.features.count) features drifted "
                + "(share \(Self.num(data.driftShare)), dataset " + (data.datasetDrift ? "DRIFTED" : "stable") + ")")
            if let r = drift.reference { out.append("  reference: \(r.source.rawValue), \(r.rows) rows, captured \(Self.stamp(r.capturedAt))") }
            out.append("    feature                          test   statistic  threshold  KS p-value  W/σ      PSI      JS")
            for f in data.features + (data.prediction.map { [$0] } ?? []) {
                let name = f.name.count > 32 ? String(f.name.prefix(31)) + "…" : f.name
                out.append(String(
                    format: "    %@ %@ %10.4g %10.4g %11.4g %8.4f %8.4f %7.4f%@",
                    name.padding(toLength: 32, withPad: " ", startingAt: 0),
                    f.test.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0), f.statistic, f.threshold,
                    f.kolmogorovSmirnovPValue, f.normalizedWasserstein, f.populationStabilityIndex, f.jensenShannon,
                    f.drifted ? "  DRIFT" : ""))
            }
        } else if let why = drift.dataUnavailable {
            out.append("  data drift: unavailable — \(why)")
        }
        out.append("")
        out.append("Raised alerts: " + (raisedAlerts.isEmpty ? "none" : raisedAlerts.joined(separator: ", ")))
        for a in recentAlerts.prefix(10) {
            out.append("  \(Self.stamp(a.at))  \(a.kind) \(a.event) at \(Self.num(a.value)) (threshold \(Self.num(a.threshold)))")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func stamp(_ d: Date) -> String { d.formatted(.iso8601) }
    static func ms(_ s: Double?) -> String { s.map { String(format: "%.3f ms", $0 * 1000) } ?? "–" }
    static func num(_ v: Double) -> String { String(format: "%.4g", v) }
    static func percent(_ v: Double) -> String { String(format: "%.2f %%", v * 100) }
}

extension MonitoringCoordinator {
    /// Seed 000's performance report of a version.
    public func report(model: String, version: String, package: ReferenceProfile? = nil, now: Date = Date())
        async throws -> PerformanceReport
    {
        let window = try await window(model: model, version: version)
        let profile = try await profile(model: model, version: version, package: package)
        let check = DriftCheck(
            model: model, version: version, window: window, profile: profile, settings: settings, now: now)
        let dayAgo = now.addingTimeInterval(-86_400)
        let buckets = try await store.metricBuckets(model: model, version: version, from: dayAgo, to: nil)
        let byHour = Dictionary(grouping: buckets) { Int($0.start.timeIntervalSince1970 / 3600) }
        let hourly = byHour.keys.sorted().compactMap { byHour[$0].flatMap(AggregateSummary.init) }
        let alerts = try await store.alerts(model: model, version: version, limit: 20)
        return PerformanceReport(
            model: model, version: version, generatedAt: now, window: WindowStatistics(window.records),
            lastDay: AggregateSummary(buckets), hourly: hourly, drift: check,
            raisedAlerts: try await raisedAlerts(model: model, version: version).map(\.rawValue),
            recentAlerts: alerts.map {
                PerformanceReport.AlertEntry(
                    kind: $0.kind, event: $0.event.rawValue, at: $0.at, value: $0.value, threshold: $0.threshold)
            })
    }
}
