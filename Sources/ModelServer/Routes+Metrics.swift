import Foundation
import HTTPTypes
import Hummingbird
import ModelRuntime
import NIOCore
import Serving
import WardenApp

extension WardenServer {
    /// Seed 000's `GET /metrics` (Prometheus text exposition 0.0.4) and the middleware that counts every HTTP
    /// request. Called right after the outermost middleware: Hummingbird applies a middleware only to the routes
    /// added after it, so every later route is counted.
    func addMetricsRoutes(to router: Router<WardenRequestContext>) {
        router.get("metrics") { request, _ in
            // A key limited to some models gets only their series (and the server's own).
            guard let bytes = app.monitoring.exposition(visibleTo: caller(request)) else {
                throw APIError(
                    .serviceUnavailable, code: "metrics_disabled",
                    "Prometheus metrics are off; set monitoring.enabled: true and restart")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
