import DataFormats
import DriftService
import Foundation
import HTTPTypes
import Hummingbird
import Monitoring
import Registry
import Serving
import WardenApp
import WardenViews

extension WardenServer {
    /// Seed 000's `/performance/{version}/check-drift`, `/performance/{version}/report`, `DELETE /performance/cleanup`;
    /// seed 004's `/api/monitoring/drift` and `POST /api/monitoring/baseline`; and the alert history.
    func addDriftRoutes(to router: Router<WardenRequestContext>) {
        let management = router.group("api/v1/model-management")
        management.post("performance/:version/check-drift") { request, context in
            try requireMonitoring()
            let (model, version) = try await versionOf(request, context)
            let (check, events) = try await app.monitoring.check(model: model, version: version)
            let raised = try await app.monitoring.raisedAlerts(model: model, version: version)
            return JSONResponse.make(.object(Views.driftCheck(check, events: events, raised: raised)))
        }
        management.get("performance/:version/report") { request, context in
            try requireMonitoring()
            let (model, version) = try await versionOf(request, context)
            let report = try await app.monitoring.report(model: model, version: version)
            if Self.wantsText(request) {
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: .init(string: report.text())))
            }
            return JSONResponse.make(Views.encoded(report))
        }
        management.delete("performance/cleanup") { request, _ in
            try requireMonitoring()
            let query = request.uri.queryParameters
            var days: Int?
            if let text = query["days"] ?? query["days_to_keep"] {
                guard let d = Int(text) else {
                    throw AppError(.invalidDays, "days must be a whole number of days from 0 to 36500, got '\(text)'")
                }
                days = d
            }
            let (kept, removed) = try await app.monitoring.cleanup(olderThanDays: days)
            return JSONResponse.make(.object([
                "success": true, "days_kept": .int(kept), "deleted_buckets": .int(removed.buckets),
                "deleted_windows": .int(removed.windows), "deleted_alerts": .int(removed.alerts),
                "message": .string("monitoring data older than \(kept) days deleted"),
            ]))
        }
        router.get("api/monitoring/drift") { request, _ in
            try requireMonitoring()
            let current = try await serving(request.uri.queryParameters["model"].map(String.init), request)
            let (drift, check) = try await app.monitoring.baselineDrift(model: current.model, version: current.version)
            var body = Views.fields(Views.encoded(drift))
            body["model"] = .string(current.model)
            body["version"] = .string(current.version)
            if let data = check.data {
                body["data_drift"] = .object([
                    "dataset_drift": .bool(data.datasetDrift), "drift_share": .double(data.driftShare),
                    "drifted_features": .int(data.driftedFeatures),
                ])
            }
            return JSONResponse.make(.object(body))
        }
        router.post("api/monitoring/baseline") { request, _ in
            try requireMonitoring()
            let query = request.uri.queryParameters
            let who = caller(request)
            let current = try await app.predictions.resolve(
                model: query["model"].map(String.init), version: query["version"].map(String.init), caller: who)
            let profile: ReferenceProfile
            let contentType = request.headers[.contentType] ?? ""
            if contentType.hasPrefix("text/csv") {
                let buffer = try await RequestBody.collect(request, limit: http.maxBodyBytes, timeout: 60)
                profile = try await app.monitoring.uploadBaseline(
                    csv: Array(buffer.readableBytesView), model: current.model,
                    version: current.version, caller: who)
            } else {
                profile = try await app.monitoring.captureBaseline(
                    model: current.model, version: current.version, caller: who)
            }
            return JSONResponse.make(.object([
                "success": true, "message": "Baseline set", "model": .string(current.model),
                "version": .string(current.version), "source": .string(profile.source.rawValue),
                "rows": .int(profile.rowCount), "scores": .int(profile.scores.count),
                "baseline_mean": profile.scoreBaseline.map { .double($0.mean) } ?? .null,
                "baseline_std": profile.scoreBaseline.map { .double($0.std) } ?? .null,
                "captured_at": Views.date(profile.capturedAt),
            ]))
        }
        router.get("api/monitoring/alerts") { request, _ in
            try requireMonitoring()
            let query = request.uri.queryParameters
            let limitText = query["limit"].map(String.init)
            guard let limit = limitText.map({ Int($0) }) ?? 100 else {
                throw AppError(.invalidLimit, "limit must be from 1 to 10000, got '\(limitText ?? "")'")
            }
            let model = query["model"].map(String.init)
            if let model { try app.access.checkScope(model, caller: caller(request)) }
            let alerts = try await app.monitoring.alerts(
                model: model, version: query["version"].map(String.init), limit: limit, visibleTo: caller(request))
            return JSONResponse.make(.object(["alerts": Views.alerts(alerts), "count": .int(alerts.count)]))
        }
    }

    /// The monitoring routes answer from the live monitor: 503 `monitoring_disabled` when it is off.
    func requireMonitoring() throws {
        _ = try app.monitoring.requireMonitor()
    }

    /// The model (`?model=`, else the default) and the path's version, which must exist.
    func versionOf(_ request: Request, _ context: WardenRequestContext) async throws -> (String, String) {
        let version = try context.parameters.require("version")
        let model = try await modelName(request)
        _ = try await app.models.record(model: model, version: version)  // 404 for an unknown version
        return (model, version)
    }

    static func wantsText(_ request: Request) -> Bool {
        if let f = request.uri.queryParameters["format"] { return f == "text" }
        let accept = request.headers[.accept] ?? ""
        return accept.contains("text/plain") && !accept.contains("application/json")
    }
}
