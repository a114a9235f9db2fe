import DriftService
import Foundation
import HTTPTypes
import Hummingbird
import Monitoring
import WardenApp

extension UIFace {
    /// The monitoring page: per version of a model its request, latency, error and anomaly figures over 24 h; for
    /// one version the score distribution against its drift reference, the per-feature drift statistics of a check
    /// computed now (recording nothing), the alert history; and "Run drift check", which records alerts.
    func addMonitoringRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/monitoring", .readMonitoring) { request, _, visitor in
            try await monitoringPage(UIForm(encoded: request.uri.query.map { Substring($0) } ?? ""), visitor)
        }
        // The same operation as POST /api/v1/model-management/performance/{version}/check-drift.
        action(router, "ui/monitoring/check", .readMonitoring) { form, _, visitor in
            let model = try await app.models.resolveModel(Self.nonEmpty(form["model"]), caller: visitor.caller)
            let version = try await app.models.resolveVersion(Self.nonEmpty(form["version"]), model: model)
            let (check, events) = try await app.monitoring.check(model: model, version: version)
            var text =
                check.driftDetected
                ? "Drift detected for \(model) \(version)" : "No drift detected for \(model) \(version)"
            if let score = check.driftScore { text += " (drift score \(UIFormat.number(score)))" }
            text += events.isEmpty ? "; no alert changed." : "; \(events.count) alert event(s) recorded."
            return .redirect(
                "/ui/monitoring?model=\(UIForm.encode(model))&version=\(UIForm.encode(version))", Flash(text))
        }
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        return s
    }

    func monitoringPage(_ query: UIForm, _ visitor: Visitor) async throws -> UIPage {
        let caller = visitor.caller
        let names = try await app.models.models(visibleTo: caller)
        let model = try await app.models.resolveModel(Self.nonEmpty(query["model"]), caller: caller)
        let statistics = try await app.monitoring.storedStatistics(model: model, version: nil, hours: 24)
        let serving = app.models.serving(model)?.version
        var rows: [[String: Any]] = []
        for s in statistics.sorted(by: { ($0.version == serving ? 0 : 1, $1.version) < ($1.version == serving ? 0 : 1, $0.version) }) {
            let hourly = try await app.monitoring.hourly(model: model, version: s.version, hours: 24)
            let raised = (try? await app.monitoring.raisedAlerts(model: model, version: s.version)) ?? []
            rows.append([
                "version": s.version, "serving": s.version == serving,
                "predictions": s.period?.predictions ?? s.window.count,
                "rate": s.period?.throughput.map { String(format: "%.2f/s", $0) } ?? "—",
                "p95": UIFormat.milliseconds(s.window.latency?.p95),
                "errorRate": UIFormat.percent(s.period?.errorRate ?? s.window.errorRate),
                "anomalyRate": UIFormat.percent(s.period?.anomalyRate ?? s.window.anomalyRate),
                "sparkRequests": SVGChart.sparkline(hourly.map { $0.map { Double($0.predictions) } }),
                "sparkLatency": SVGChart.sparkline(hourly.map { $0?.latencyMean }),
                "sparkAnomalies": SVGChart.sparkline(hourly.map { $0?.anomalyRate }),
                "drift": raised.isEmpty ? "none" : raised.map(\.rawValue).joined(separator: ", "),
                "drifting": !raised.isEmpty,
                "path": "/ui/monitoring?model=\(UIForm.encode(model))&version=\(UIForm.encode(s.version))",
            ])
        }
        var data: [String: Any] = [
            "model": model, "models": names.map { ["name": $0, "selected": $0 == model] as [String: Any] },
            "rows": rows, "hasRows": !rows.isEmpty,
        ]
        let chosen = Self.nonEmpty(query["version"]) ?? serving ?? statistics.first?.version
        guard let version = chosen else { return UIPage(template: "monitoring", title: "Monitoring", section: "monitoring", data: data) }
        _ = try await app.models.record(model: model, version: version)
        var detail: [String: Any] = [
            "version": version, "versionPath": "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(version))",
        ]
        let distribution = try await app.monitoring.scoreDistribution(model: model, version: version)
        let bins = SVGChart.histogram(
            edges: distribution.edges, current: distribution.current, reference: distribution.reference)
        detail["bins"] = bins
        detail["hasBins"] = !bins.isEmpty
        detail["hasReference"] = distribution.reference != nil
        detail["referenceSource"] = distribution.referenceSource ?? ""
        detail["currentCount"] = distribution.currentCount
        detail["referenceCount"] = distribution.referenceCount
        detail["scoreLow"] = distribution.edges.first.map { UIFormat.number($0, digits: 4) } ?? ""
        detail["scoreHigh"] = distribution.edges.last.map { UIFormat.number($0, digits: 4) } ?? ""
        do {
            let report = try await app.monitoring.report(model: model, version: version)
            let check = report.drift
            detail["checked"] = true
            detail["driftDetected"] = check.driftDetected
            detail["driftScore"] = UIFormat.number(check.driftScore)
            detail["threshold"] = UIFormat.number(check.threshold)
            detail["windowCount"] = check.windowCount
            detail["reference"] =
                check.reference.map { "\($0.source.rawValue), captured \(UIFormat.date($0.capturedAt)), \($0.rows) rows" }
                ?? "none"
            detail["dataUnavailable"] = check.dataUnavailable ?? ""
            detail["hasDataUnavailable"] = check.dataUnavailable != nil
            detail["hasBaselineUnavailable"] = check.baselineUnavailable != nil
            detail["baselineUnavailable"] = check.baselineUnavailable ?? ""
            var features = check.data?.features ?? []
            if let p = check.data?.prediction { features.insert(p, at: 0) }
            detail["features"] = features.map { f in
                [
                    "name": f.name, "test": f.test.rawValue, "statistic": UIFormat.number(f.statistic, digits: 4),
                    "threshold": UIFormat.number(f.threshold, digits: 4), "drifted": f.drifted,
                    "wasserstein": UIFormat.number(f.normalizedWasserstein, digits: 4),
                    "ksP": UIFormat.number(f.kolmogorovSmirnovPValue, digits: 4),
                    "psi": UIFormat.number(f.populationStabilityIndex, digits: 4),
                ] as [String: Any]
            }
            detail["hasFeatures"] = !features.isEmpty
            let driftBars = SVGChart.bars(features.map { (label: $0.name, value: $0.normalizedWasserstein) })
            detail["driftBars"] = driftBars
            detail["driftHeight"] = SVGChart.format(Double(max(1, driftBars.count)) * 22)
        } catch {
            detail["checked"] = false
            detail["checkError"] = ErrorDescription(error).message
        }
        detail["alerts"] = try await app.monitoring.alerts(model: model, version: version, limit: 100).map {
            [
                "at": UIFormat.date($0.at), "kind": $0.kind, "event": $0.event.rawValue,
                "value": UIFormat.number($0.value), "threshold": UIFormat.number($0.threshold),
            ] as [String: Any]
        }
        detail["hasAlerts"] = !((detail["alerts"] as? [[String: Any]]) ?? []).isEmpty
        data["detail"] = detail
        return UIPage(template: "monitoring", title: "Monitoring \(model) \(version)", section: "monitoring", data: data)
    }
}
