import Foundation
import HTTPTypes
import Hummingbird
import ModelRuntime
import NIOCore
import Serving

extension WardenServer {
    /// Seed 000's `GET /metrics` (Prometheus text exposition 0.0.4) and the middleware that counts every HTTP
    /// request. Called right after the outermost middleware: Hummingbird applies a middleware only to the routes
    /// added after it, so every later route is counted.
    func addMetricsRoutes(to router: Router<WardenRequestContext>) {
        router.get("metrics") { _, _ in
            guard let metrics else {
                throw APIError(
                    .serviceUnavailable, code: "metrics_disabled",
                    "Prometheus metrics are off; set monitoring.enabled: true and restart")
            }
            // Memory is read at scrape time from what is loaded now; unloaded versions drop out.
            metrics.replaceModelMemory(
                host.loadedModels.map { ($0.model.model, $0.model.version, Self.estimatedMemoryBytes($0.model)) })
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.renderBytes())))
        }
    }

    /// The estimated bytes a loaded version holds: the forest's arrays for IsolationForest (alone or as a
    /// pipeline's final step), else the size of its stored artifacts (an upper-bound stand-in for estimators
    /// without an estimate).
    static func estimatedMemoryBytes(_ serving: ServingModel) -> Int {
        func estimate(_ d: any OutlierDetector) -> Int? {
            if let forest = d as? IsolationForest { return forest.estimatedMemoryBytes }
            if let pipeline = d as? Pipeline { return estimate(pipeline.detector) }
            return nil
        }
        return estimate(serving.detector) ?? serving.record.files.reduce(0) { $0 + $1.size }
    }
}
