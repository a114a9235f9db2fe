import Agents
import DriftService
import Foundation
import HTTPTypes
import Hummingbird
import Registry
import WardenApp

extension UIFace {
    /// The dashboard: what serves, how it behaves over the last 24 h, drift, the agents, open anomalies by
    /// severity, the serving mode and recent alerts.
    func addDashboardRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui", .readStatus) { _, _, visitor in
            try await dashboard(visitor)
        }
    }

    func dashboard(_ visitor: Visitor) async throws -> UIPage {
        let caller = visitor.caller
        let health = app.health(visibleTo: caller)
        var models: [[String: Any]] = []
        for name in try await app.models.models(visibleTo: caller) {
            var row: [String: Any] = ["model": name]
            guard let serving = app.models.serving(name) else {
                row["state"] = health.fallbacks.contains { $0.model == name } ? "fallback" : "not serving"
                models.append(row)
                continue
            }
            let version = serving.version
            row["version"] = version
            row["state"] = serving.record.status.rawValue
            row["loadedAt"] = UIFormat.date(serving.loadedAt)
            let stats = try await app.monitoring.storedStatistics(model: name, version: version, hours: 24).first
            row["rate"] = stats?.period?.throughput.map { String(format: "%.2f/s", $0) } ?? "—"
            row["p95"] = UIFormat.milliseconds(stats?.window.latency?.p95)
            row["errorRate"] = UIFormat.percent(stats?.period?.errorRate ?? stats?.window.errorRate)
            row["anomalyRate"] = UIFormat.percent(stats?.period?.anomalyRate ?? stats?.window.anomalyRate)
            let hourly = try await app.monitoring.hourly(model: name, version: version, hours: 24)
            row["sparkRequests"] = SVGChart.sparkline(hourly.map { $0.map { Double($0.predictions) } })
            row["sparkLatency"] = SVGChart.sparkline(hourly.map { $0?.latencyMean })
            row["sparkErrors"] = SVGChart.sparkline(hourly.map { $0?.errorRate })
            row["sparkAnomalies"] = SVGChart.sparkline(hourly.map { $0?.anomalyRate })
            let raised = (try? await app.monitoring.raisedAlerts(model: name, version: version)) ?? []
            row["drift"] = raised.isEmpty ? "no drift alert" : raised.map(\.rawValue).joined(separator: ", ")
            row["drifting"] = !raised.isEmpty
            row["path"] = "/ui/models/\(UIForm.encode(name))/\(UIForm.encode(version))"
            models.append(row)
        }
        var agents: [[String: Any]] = []
        if caller.role.allows(AppOperation.readAgents.permission ?? .read) {
            for a in await app.agents.list(caller: caller) {
                agents.append([
                    "id": a.id, "model": a.model, "version": a.version ?? a.pairedVersion, "state": a.state,
                    "lastRun": UIFormat.date(a.lastRun), "lag": UIFormat.duration(a.lagSeconds),
                    "error": a.lastError ?? "", "hasError": a.lastError != nil,
                    "path": "/ui/agents/\(UIForm.encode(a.id))",
                ])
            }
        }
        var severities: [[String: Any]] = []
        for s in AnomalySeverity.allCases.reversed() {
            let open = try await app.anomalies.list(
                AnomalyQuery(severity: s.rawValue, status: AnomalyStatus.open.rawValue, limit: 1), caller: caller
            ).total
            severities.append([
                "severity": s.rawValue, "count": open,
                "path": "/ui/anomalies?status=open&severity=\(s.rawValue)",
            ])
        }
        let alerts = try await app.monitoring.alerts(model: nil, version: nil, limit: 10, visibleTo: caller).map {
            [
                "at": UIFormat.date($0.at), "model": $0.model, "version": $0.version, "kind": $0.kind,
                "event": $0.event.rawValue, "value": UIFormat.number($0.value),
                "threshold": UIFormat.number($0.threshold),
            ] as [String: Any]
        }
        return UIPage(
            template: "dashboard", title: "Dashboard", section: "dashboard",
            data: [
                "models": models, "hasModels": !models.isEmpty, "agents": agents, "hasAgents": !agents.isEmpty,
                "severities": severities, "alerts": alerts, "hasAlerts": !alerts.isEmpty,
                "health": health.level.rawValue, "since": UIFormat.date(app.modes.since),
            ])
    }
}
