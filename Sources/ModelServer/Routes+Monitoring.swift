import DataFormats
import Foundation
import Hummingbird
import Monitoring
import Registry
import Serving
import WardenApp
import WardenViews

extension WardenServer {
    /// Seed 004's `/api/monitoring/stats` and seed 000's `/performance` and `/performance/{version}`: the rolling
    /// windows of the performance monitor. Drift, baselines, reports and cleanup are in Routes+Drift.swift.
    func addMonitoringRoutes(to router: Router<WardenRequestContext>) {
        router.get("api/monitoring/stats") { request, _ in
            let monitor = try app.monitoring.requireMonitor()
            let current = try await serving(request.uri.queryParameters["model"].map(String.init), request)
            let snapshot = monitor.snapshot(model: current.model, version: current.version)
            var stats = Self.seed004Stats(snapshot, current, windowSize: monitor.windowSize)
            if case .object(var o) = stats {
                o["memory_bytes"] = .int(current.estimatedMemoryBytes)
                o["throughput_per_second"] =
                    monitor.uptime() > 0 ? .double(Double(snapshot?.totalPredictions ?? 0) / monitor.uptime()) : .null
                stats = .object(o)
            }
            return JSONResponse.make(stats)
        }
        router.get("api/v1/model-management/performance") { request, _ in
            let monitor = try app.monitoring.requireMonitor()
            let who = caller(request)
            let all = monitor.snapshots().filter { who.covers(model: $0.key.model) }
            return JSONResponse.make(.object([
                "window_size": .int(monitor.windowSize), "uptime_seconds": .double(monitor.uptime()),
                "versions": .array(all.map { .object(performanceView($0, monitor)) }), "count": .int(all.count),
            ]))
        }
        router.get("api/v1/model-management/performance/:version") { request, context in
            let monitor = try app.monitoring.requireMonitor()
            let version = try context.parameters.require("version")
            let model = try await modelName(request)
            _ = try await app.models.record(model: model, version: version)  // 404 for an unknown version
            guard let snapshot = monitor.snapshot(model: model, version: version) else {
                return JSONResponse.make(.object([
                    "model": .string(model), "version": .string(version), "total_predictions": 0, "total_errors": 0,
                    "window_size": .int(monitor.windowSize), "window": .null,
                    "message": "no predictions recorded for this version since the server started",
                ]))
            }
            var body = performanceView(snapshot, monitor)
            body["window_size"] = .int(monitor.windowSize)
            return JSONResponse.make(.object(body))
        }
    }

    /// One version's figures: totals, throughput since the server started, the loaded model's estimated memory
    /// (nil when the version is not loaded) and the window's statistics.
    func performanceView(_ s: PerformanceMonitor.Snapshot, _ monitor: PerformanceMonitor) -> [String: JSONValue] {
        let uptime = monitor.uptime()
        let loaded = app.host.loadedModels.first { $0.model.model == s.key.model && $0.model.version == s.key.version }
        return [
            "model": .string(s.key.model), "version": .string(s.key.version),
            "total_predictions": .int(s.totalPredictions), "total_errors": .int(s.totalErrors),
            "throughput_per_second": uptime > 0 ? .double(Double(s.totalPredictions) / uptime) : .null,
            "memory_bytes": loaded.map { .int($0.model.estimatedMemoryBytes) } ?? .null,
            "window": Views.encoded(s.window),
        ]
    }
    /// Seed 004's shape: totals, error rate, window size, prediction time and score ("confidence") summaries.
    static func seed004Stats(_ s: PerformanceMonitor.Snapshot?, _ current: ServingModel, windowSize: Int) -> JSONValue {
        func summary(_ d: DistributionSummary?, percentile95: Bool) -> JSONValue {
            guard let d else { return .null }
            var o: [String: JSONValue] = [
                "mean": .double(d.mean), "std": .double(d.std), "min": .double(d.min), "max": .double(d.max),
            ]
            if percentile95, let p95 = d.p95 { o["p95"] = .double(p95) }
            return .object(o)
        }
        return .object([
            "model": .string(current.model), "version": .string(current.version),
            "total_predictions": .int(s?.totalPredictions ?? 0), "error_count": .int(s?.totalErrors ?? 0),
            "error_rate": s.map { $0.totalPredictions > 0 ? .double(Double($0.totalErrors) / Double($0.totalPredictions)) : .null } ?? .null,
            "window_size": .int(windowSize), "window_count": .int(s?.window.count ?? 0),
            "prediction_time": summary(s?.window.latency, percentile95: true),
            "confidence": summary(s?.window.score, percentile95: false),
            "anomaly_rate": s?.window.anomalyRate.map(JSONValue.double) ?? .null,
        ])
    }
}
