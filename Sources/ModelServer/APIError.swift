public import DataFormats
public import Hummingbird
import DriftService
import ModelRuntime
import Monitoring
import ModelPackage
import NIOCore
import NIOHTTP1
import PackageImport
import Pickle
import Registry
import AccessControl
import Serving
import WardenApp
import MCPServer

/// The one HTTP error of the API: `{"error": {"code": "...", "message": "...", "details": {...}}}` with a status.
/// Every other module's error is mapped to it here, and nowhere else.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// Stable machine-readable code.
    public var code: String
    /// What failed and the remedy.
    public var message: String
    /// Structured facts.
    public var details: [String: JSONValue]
    /// Extra response headers (e.g. `Allow`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(
        _ status: HTTPResponse.Status, code: String, _ message: String, details: [String: JSONValue] = [:],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The JSON response. Under `/mcp` a JSON-RPC error (id null); under `/v2` the Open Inference Protocol's shape, `{"error": "<code>: <message>", "code": ...,
    /// "details": ...}`, which its clients (tritonclient) read; everywhere else `{"error": {"code", "message",
    /// "details"}}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let document: JSONValue
        if request.uri.path == "/mcp" {
            // MCP clients read JSON-RPC error bodies (at any status): the code leads the message, and `data` holds
            // the error as everywhere else.
            document = MCPHTTPEndpoint.errorDocument(code: code, message: message, details: details)
        } else {
            document = self.document(v2: request.uri.path == "/v2" || request.uri.path.hasPrefix("/v2/"))
        }
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.text(document))))
    }

    /// The JSON body: the Open Inference Protocol's shape when `v2`, else the API's.
    func document(v2: Bool) -> JSONValue {
        if v2 {
            // tritonclient shows only the string: it carries the code too.
            var body: [String: JSONValue] = ["error": .string("\(code): \(message)"), "code": .string(code)]
            if !details.isEmpty { body["details"] = .object(details) }
            return .object(body)
        }
        var body: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if !details.isEmpty { body["details"] = .object(details) }
        return .object(["error": .object(body)])
    }

    /// Monitoring is off (`monitoring.enabled: false`): the monitoring endpoints have nothing to answer from.
    static let monitoringDisabled = APIError(
        .serviceUnavailable, code: "monitoring_disabled",
        "performance monitoring is off; set monitoring.enabled: true and restart")

    /// A capability that arrives with a later part of Warden.
    static func notImplemented(_ capability: String, _ remedy: String) -> APIError {
        APIError(
            .notImplemented, code: "not_implemented", "\(capability) is not implemented yet; \(remedy)",
            details: ["capability": .string(capability)])
    }

    /// Maps any error to the API's error: every module's error type gets its status and keeps its code here, and
    /// only an error of no Warden module answers `500 internal_error`.
    ///
    /// - Parameter error: What a route (or a middleware) threw.
    /// - Returns: The status, code, message and details the client receives.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as AppError:
            if e.code == .modeForbids {
                // A prediction refused by the mode: the service is unavailable; any other action conflicts.
                let status: HTTPResponse.Status = e.details["action"] == .string("predict") ? .serviceUnavailable : .conflict
                return APIError(status, code: e.code.rawValue, e.message, details: e.details)
            }
            return APIError(appStatuses[e.code] ?? .internalServerError, code: e.code.rawValue, e.message, details: e.details)
        case let e as ServingError: return from(e)
        case let e as RegistryError: return from(e)
        case let e as ImportError: return from(e)
        case let e as ModelRuntimeError:
            return APIError(.unprocessableContent, code: e.code.rawValue, e.message)
        case let e as PickleError:
            // A model file's bytes: classified as loading it classifies them (unsafe_pickle, corrupt_model, ...).
            return from(ModelRuntimeError(reading: "", e))
        case let e as ModelPackageError:
            // A package's ZIP or folder: as importing it answers (413 zip_bomb, 422 not_a_zip, ...).
            return from(ImportError(e))
        case let e as DataFormatsError:
            return APIError(.badRequest, code: e.code.rawValue, e.message)
        case let e as SecurityError:
            return from(e)
        case let e as HTTPError:
            return from(e)
        case let e as NIOTooManyBytesError:
            // A body without Content-Length (chunked) found over its reader's limit while it was read.
            return bodyTooLarge(e.maxBytes)
        case let e as HTTPParserError:
            return from(e)
        case let e as DriftServiceError:
            return from(e)
        case let e as MonitoringError:
            let status: HTTPResponse.Status = e.code == .insufficientData ? .conflict : .unprocessableContent
            var details: [String: JSONValue] = [:]
            if let r = e.required { details["required"] = .int(r) }
            if let a = e.available { details["available"] = .int(a) }
            return APIError(status, code: e.code.rawValue, e.message, details: details)
        default:
            return APIError(
                .internalServerError, code: "internal_error", "the server failed: \(error); see the server log")
        }
    }

    /// The statuses of the application layer's rules.
    static let appStatuses: [AppError.Code: HTTPResponse.Status] = [
        .modelRequired: .badRequest, .invalidRequest: .badRequest, .invalidMode: .badRequest,
        .invalidLimit: .badRequest, .invalidDays: .badRequest, .emptyFile: .badRequest,
        .unauthenticated: .unauthorized, .forbidden: .forbidden, .modelOutOfScope: .forbidden,
        .apiKeyRequired: .forbidden, .keyNotFound: .notFound, .noValidationReport: .notFound, .notFound: .notFound,
        .keyRevoked: .conflict, .conflict: .conflict, .validationRequired: .conflict,
        .authDisabled: .serviceUnavailable, .monitoringDisabled: .serviceUnavailable,
        .trainingServiceNotConfigured: .serviceUnavailable, .unavailable: .serviceUnavailable,
    ]

    /// Monitoring state (no reference, no baseline, too little data) is a conflict; a stored payload that cannot be
    /// read is the server's fault.
    static let driftStatuses: [DriftServiceError.Code: HTTPResponse.Status] = [
        .noReference: .conflict, .noBaseline: .conflict, .insufficientData: .conflict,
        .invalidReference: .unprocessableContent, .corruptPayload: .internalServerError,
    ]

    static func from(_ e: DriftServiceError) -> APIError {
        APIError(driftStatuses[e.code] ?? .internalServerError, code: e.code.rawValue, e.message)
    }

    /// `registry_error` takes the status of the registry code in its details (see ``registryStatus(_:)``).
    static let servingStatuses: [ServingError.Code: HTTPResponse.Status] = [
        .modelNotLoaded: .serviceUnavailable, .versionNotFound: .notFound, .modelNotFound: .notFound,
        .missingFeatures: .unprocessableContent, .invalidFeatures: .unprocessableContent,
        .unsupportedOutput: .unprocessableContent, .loadFailed: .unprocessableContent, .invalidRequest: .badRequest,
        .tooManyRows: .contentTooLarge, .validationRequired: .conflict, .registry: .internalServerError,
    ]

    static func from(_ e: ServingError) -> APIError {
        if e.code == .registry, case .string(let code)? = e.details["registry_code"] {
            return APIError(registryStatus(code), code: code, e.message, details: e.details)
        }
        return APIError(
            servingStatuses[e.code] ?? .internalServerError, code: e.code.rawValue, e.message, details: e.details)
    }

    static func from(_ e: RegistryError) -> APIError {
        var details: [String: JSONValue] = [:]
        if let m = e.model { details["model"] = .string(m) }
        if let v = e.version { details["version"] = .string(v) }
        return APIError(registryStatus(e.code.rawValue), code: e.code.rawValue, e.description, details: details)
    }

    static let registryStatuses: [RegistryError.Code: HTTPResponse.Status] = [
        .versionNotFound: .notFound, .invalidTransition: .conflict, .servingVersionProtected: .conflict,
        .noPreviousVersion: .conflict, .duplicateVersion: .conflict, .conflict: .conflict,
        .invalidVersion: .badRequest, .invalidModelName: .badRequest, .invalidRecord: .badRequest,
        .storage: .internalServerError,
    ]

    /// The status of a registry code given as text; an unknown code is the server's fault.
    static func registryStatus(_ code: String) -> HTTPResponse.Status {
        RegistryError.Code(rawValue: code).flatMap { registryStatuses[$0] } ?? .internalServerError
    }

    static func from(_ e: ImportError) -> APIError {
        let status: HTTPResponse.Status
        switch e.code {
        case .duplicateVersion: status = .conflict
        case .storage: status = .internalServerError
        case .packageNotFound: status = .notFound
        case .invalidPath: status = .badRequest
        case .tooLarge, .zipBomb: status = .contentTooLarge
        default: status = .unprocessableContent  // the package is invalid
        }
        var details: [String: JSONValue] = [:]
        if let v = e.version { details["version"] = .string(v) }
        return APIError(status, code: e.code.rawValue, e.description, details: details)
    }

    /// A presented credential that does not verify is 401 (with `WWW-Authenticate`); a request out of range 400; a
    /// secret or security setting the server lacks makes the operation unavailable (503) until an operator sets it.
    static let securityStatuses: [SecurityError.Code: HTTPResponse.Status] = [
        .invalidKey: .unauthorized, .invalidToken: .unauthorized, .expiredToken: .unauthorized,
        .invalidRequest: .badRequest,
        .weakSecret: .serviceUnavailable, .missingSecret: .serviceUnavailable,
        .invalidConfiguration: .serviceUnavailable,
    ]

    static func from(_ e: SecurityError) -> APIError {
        let status = securityStatuses[e.code] ?? .internalServerError
        let headers: HTTPFields = status == .unauthorized ? [.wwwAuthenticate: "Bearer realm=\"warden\""] : [:]
        return APIError(status, code: e.code.rawValue, e.message, headers: headers)
    }

    /// 413 `body_too_large`; the connection closes after the answer (the rest of the body is not read).
    static func bodyTooLarge(_ limit: Int?) -> APIError {
        APIError(
            .contentTooLarge, code: "body_too_large",
            "the request body exceeds \(limit.map { "\($0) bytes" } ?? "the limit"); send fewer rows per request",
            details: limit.map { ["limit_bytes": .int($0)] } ?? [:], headers: [.connection: "close"])
    }

    /// A request whose framing NIO's HTTP/1 parser refused while its body was read (a chunk size that is not
    /// hexadecimal, a body cut short by the client closing): 400, and the connection closes after the answer (the
    /// client will usually be gone already; nothing is logged as a server failure).
    static func from(_ e: HTTPParserError) -> APIError {
        if e == .invalidEOFState {
            return APIError(
                .badRequest, code: "incomplete_body",
                "the connection closed before the request body was complete; send the whole body",
                headers: [.connection: "close"])
        }
        return APIError(
            .badRequest, code: "malformed_request",
            "the request is not valid HTTP/1.1 (\(e)); fix the client's framing (Content-Length or chunked encoding)",
            headers: [.connection: "close"])
    }

    static func from(_ e: HTTPError) -> APIError {
        switch e.status {
        case .notFound:
            return APIError(.notFound, code: "route_not_found", "no such endpoint; see /openapi.json for the API")
        case .contentTooLarge:
            return APIError(
                .contentTooLarge, code: "body_too_large", e.body ?? "the request body is too large",
                headers: [.connection: "close"])
        case .methodNotAllowed:
            return APIError(
                .methodNotAllowed, code: "method_not_allowed", "this endpoint does not accept that method",
                headers: e.headers)
        default:
            return APIError(e.status, code: "http_error", e.body ?? e.status.reasonPhrase, headers: e.headers)
        }
    }
}
