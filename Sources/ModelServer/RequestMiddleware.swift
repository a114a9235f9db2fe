import Foundation
public import Hummingbird
import Logging
import HTTPTypes
public import WardenApp

/// The outermost middleware: request id on the response and on every log line, one access-log line per request,
/// every error turned into the API's JSON error shape (``APIError``), and the request counter and duration of
/// `/metrics` (one middleware layer for all of it: each layer is an async frame on every request).
public struct RequestMiddleware: RouterMiddleware {
    public typealias Context = WardenRequestContext
    /// Where requests are counted; nil when metrics are off.
    let metrics: ServingMetrics?
    static let knownMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .delete, .patch, .options]

    /// Creates the middleware.
    public init(metrics: ServingMetrics? = nil) {
        self.metrics = metrics
    }

    public func handle(
        _ request: Request, context: WardenRequestContext,
        next: (Request, WardenRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let incoming = request.headers[.xRequestID], Self.isSane(incoming) { context.requestID = incoming }
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error(
                    "request failed", metadata: ["code": .string(apiError.code), "error": .string(apiError.message)])
            }
            response = try apiError.response(from: request, context: context)
        }
        response.headers[.xRequestID] = context.requestID
        let elapsed = ContinuousClock.now - start
        if let metrics {
            // The matched template (`/v2/models/{name}/infer`), never the raw path, which would be unbounded.
            // Unmatched paths count as "NotFound"; methods outside the standard set as "OTHER".
            metrics.recordRequest(
                method: Self.knownMethods.contains(request.method) ? request.method.rawValue : "OTHER",
                route: context.endpointPath ?? "NotFound", status: Int(response.status.code),
                duration: elapsed.inSeconds)
        }
        context.logger.debug(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_us": .stringConvertible(elapsed.components.seconds * 1_000_000
                    + elapsed.components.attoseconds / 1_000_000_000_000),
            ])
        return response
    }

    /// 1–128 characters of letters, digits and `- . _ : @ / + =`: an id (or actor, or file name) that can be echoed
    /// into headers, logs and the audit log without quoting, markup or separators.
    static func isSane(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "-._:@/+=".utf8.contains(byte)
            }
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let xRequestID = HTTPField.Name("X-Request-Id")!
}
