import DataFormats
import DriftService
import Foundation
import HTTPTypes
import Hummingbird
import Monitoring
import Registry
import Serving

extension WardenServer {
    /// Seed 000's `/performance/{version}/check-drift`, `/performance/{version}/report`, `DELETE /performance/cleanup`;
    /// seed 004's `/api/monitoring/drift` and `POST /api/monitoring/baseline`; and the alert history.
    func addDriftRoutes(to router: Router<WardenRequestContext>) {
        let management = router.group("api/v1/model-management")
        management.post("performance/:version/check-drift") { request, context in
            let coordinator = try requireCoordinator()
            let (model, version) = try await versionOf(request, context)
            let (check, events) = try await runCheck(coordinator, model: model, version: version)
            var body = Self.fields(Views.encoded(check))
            body["alerts"] = Views.encoded(events.map(AlertView.init))
            body["raised_alerts"] = .array(
                try await coordinator.raisedAlerts(model: model, version: version).map { .string($0.rawValue) })
            return JSONResponse.make(.object(body))
        }
        management.get("performance/:version/report") { request, context in
            let coordinator = try requireCoordinator()
            let (model, version) = try await versionOf(request, context)
            let report = try await performanceReport(coordinator, model: model, version: version)
            if Self.wantsText(request) {
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: .init(string: report.text())))
            }
            return JSONResponse.make(Views.encoded(report))
        }
        management.delete("performance/cleanup") { request, _ in
            let coordinator = try requireCoordinator()
            let query = request.uri.queryParameters
            let text = query["days"] ?? query["days_to_keep"]
            let days: Int
            if let text {
                guard let d = Int(text), d >= 0, d <= 36_500 else {
                    throw APIError(
                        .badRequest, code: "invalid_days",
                        "days must be a whole number of days from 0 to 36500, got '\(text)'")
                }
                days = d
            } else {
                days = settings.metricsRetentionDays
            }
            let removed = try await coordinator.cleanup(olderThanDays: days)
            return JSONResponse.make(.object([
                "success": true, "days_kept": .int(days), "deleted_buckets": .int(removed.buckets),
                "deleted_windows": .int(removed.windows), "deleted_alerts": .int(removed.alerts),
                "message": .string("monitoring data older than \(days) days deleted"),
            ]))
        }
        router.get("api/monitoring/drift") { request, _ in
            let coordinator = try requireCoordinator()
            let current = try await serving(request.uri.queryParameters["model"].map(String.init))
            let (check, _) = try await runCheck(coordinator, model: current.model, version: current.version)
            guard let drift = check.baseline else {
                if check.reference == nil {
                    throw DriftServiceError(
                        .noBaseline,
                        "version '\(current.version)' of '\(current.model)' has no baseline; capture one with "
                            + "POST /api/monitoring/baseline after a period of stable predictions")
                }
                throw DriftServiceError(.insufficientData, check.baselineUnavailable ?? "baseline drift unavailable")
            }
            var body = Self.fields(Views.encoded(drift))
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
            let coordinator = try requireCoordinator()
            let query = request.uri.queryParameters
            let current = try await resolve(
                model: query["model"].map(String.init), version: query["version"].map(String.init))
            let profile: ReferenceProfile
            let contentType = request.headers[.contentType] ?? ""
            if contentType.hasPrefix("text/csv") {
                let buffer = try await RequestBody.collect(request, limit: settings.maxBodyBytes, timeout: 60)
                profile = try ReferenceSamples.profile(
                    csv: String(decoding: buffer.readableBytesView, as: UTF8.self), serving: current, source: .upload,
                    capturedAt: Date())
                try await coordinator.save(profile, model: current.model, version: current.version, actor: actor(request))
            } else {
                profile = try await coordinator.captureBaseline(
                    model: current.model, version: current.version, actor: actor(request))
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
            let coordinator = try requireCoordinator()
            let query = request.uri.queryParameters
            let limitText = query["limit"].map(String.init)
            let limit = limitText.flatMap(Int.init) ?? 100
            guard (1...10_000).contains(limit) else {
                throw APIError(
                    .badRequest, code: "invalid_limit", "limit must be from 1 to 10000, got '\(limitText ?? "")'")
            }
            let alerts = try await coordinator.store.alerts(
                model: query["model"].map(String.init), version: query["version"].map(String.init), limit: limit)
            return JSONResponse.make(.object([
                "alerts": Views.encoded(alerts.map(AlertView.init)), "count": .int(alerts.count),
            ]))
        }
    }

    func requireCoordinator() throws -> MonitoringCoordinator {
        guard let monitoring else { throw APIError.monitoringDisabled }
        return monitoring
    }

    /// The model (`?model=`, else the default) and the path's version, which must exist.
    func versionOf(_ request: Request, _ context: WardenRequestContext) async throws -> (String, String) {
        let version = try context.parameters.require("version")
        let model = try await modelName(request)
        _ = try await store.record(model: model, version: version)  // 404 for an unknown version
        return (model, version)
    }

    /// Runs a check with the package's reference sample when the version ships one, and publishes the figures.
    func runCheck(_ coordinator: MonitoringCoordinator, model: String, version: String) async throws
        -> (DriftCheck, [DriftAlertRecord])
    {
        let package = try await packageReference(model: model, version: version)
        let result = try await coordinator.check(model: model, version: version, package: package)
        publish(result.check)
        for event in result.events {
            logger.warning(
                "drift alert",
                metadata: [
                    "model": "\(model)", "version": "\(version)", "kind": "\(event.kind)", "event": "\(event.event)",
                    "value": "\(event.value)", "threshold": "\(event.threshold)",
                ])
        }
        return result
    }

    /// The version's package reference sample, when the version is loadable and ships one.
    func packageReference(model: String, version: String) async throws -> ReferenceProfile? {
        let record = try await store.record(model: model, version: version)
        guard record.files.contains(where: { $0.name == ReferenceSamples.packageFile }) else { return nil }
        let serving = try await host.model(model, version: version)
        return try await references.package(serving, artifacts: host.artifacts)
    }

    /// Hands a check's figures to the Prometheus gauges (no-op when metrics are off): per feature and for the score,
    /// the Wasserstein distance normalised by the reference spread (higher is more drift; Evidently's drift line
    /// is 0.1); the drifted share; and data quality, the share of the window's requests that arrived valid.
    func publish(_ check: DriftCheck) {
        guard let metrics else { return }
        if let data = check.data {
            for f in data.features {
                metrics.setFeatureDrift(
                    model: check.model, version: check.version, feature: f.name, value: f.normalizedWasserstein)
            }
            if let p = data.prediction {
                metrics.setPredictionDrift(model: check.model, version: check.version, value: p.normalizedWasserstein)
            }
            metrics.setDatasetDriftShare(model: check.model, version: check.version, value: data.driftShare)
        }
        if let quality = check.dataQuality {
            metrics.setDataQuality(model: check.model, version: check.version, value: quality)
        }
    }

    func performanceReport(_ coordinator: MonitoringCoordinator, model: String, version: String) async throws
        -> PerformanceReport
    {
        let package = try await packageReference(model: model, version: version)
        return try await coordinator.report(model: model, version: version, package: package)
    }

    static func fields(_ value: JSONValue) -> [String: JSONValue] {
        if case .object(let o) = value { return o }
        return [:]
    }

    static func wantsText(_ request: Request) -> Bool {
        if let f = request.uri.queryParameters["format"] { return f == "text" }
        let accept = request.headers[.accept] ?? ""
        return accept.contains("text/plain") && !accept.contains("application/json")
    }
}

/// An alert event as the API shows it.
struct AlertView: Encodable {
    var id: Int64
    var model: String
    var version: String
    var kind: String
    var event: String
    var at: Date
    var value: Double
    var threshold: Double
    var details: JSONObjectText

    init(_ r: DriftAlertRecord) {
        id = r.id
        model = r.model
        version = r.version
        kind = r.kind
        event = r.event.rawValue
        at = r.at
        value = r.value
        threshold = r.threshold
        details = JSONObjectText(text: r.details)
    }
}

/// Stored JSON text (an object of numbers) re-encoded as a JSON object.
struct JSONObjectText: Encodable {
    var text: String

    func encode(to encoder: any Encoder) throws {
        let values =
            (try? JSONDecoder().decode([String: Double].self, from: Data(text.utf8))) ?? [:]
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
