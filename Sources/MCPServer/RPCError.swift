public import DataFormats
import WardenApp

/// A JSON-RPC error answered instead of a result: the protocol's own errors (a malformed message, an unknown method
/// or tool) and the errors of reading a resource or getting a prompt, which carry Warden's stable code, message and
/// details in `data` (`{"code": "version_not_found", "message": "...", "details": {...}}`). A tool's failures are
/// not these: they are tool results with `isError: true` (see ``ToolRegistry``).
public struct RPCError: Error, Sendable, Equatable {
    /// The JSON-RPC error code.
    public var code: Int
    /// What failed.
    public var message: String
    /// Structured facts: Warden's code, message and details for Warden's errors.
    public var data: JSONValue?

    /// Creates an error.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The message is not JSON.
    public static let parseErrorCode = -32700
    /// The message is not a JSON-RPC 2.0 request or notification.
    public static let invalidRequestCode = -32600
    /// No such method.
    public static let methodNotFoundCode = -32601
    /// The parameters do not fit the method (an unknown tool, a malformed resource URI, a missing argument).
    public static let invalidParamsCode = -32602
    /// Warden failed in a way it has no code for.
    public static let internalErrorCode = -32603
    /// The resource (model, version, report) does not exist (MCP's "resource not found").
    public static let resourceNotFoundCode = -32002
    /// Warden refused or could not serve the read; `data.code` says why (e.g. `forbidden`, `monitoring_disabled`).
    public static let wardenErrorCode = -32000

    static func parseError(_ detail: String) -> RPCError {
        RPCError(code: parseErrorCode, message: "Parse error: " + detail)
    }

    static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: invalidRequestCode, message: "Invalid Request: " + detail)
    }

    static func methodNotFound(_ method: String) -> RPCError {
        RPCError(
            code: methodNotFoundCode, message: "Method not found: \(method)",
            data: .object(["method": .string(method)]))
    }

    static func invalidParams(_ detail: String) -> RPCError {
        RPCError(code: invalidParamsCode, message: "Invalid params: " + detail)
    }

    /// Codes of Warden's errors that mean "what the request names does not exist".
    static let notFoundCodes: Set<String> = [
        "version_not_found", "model_not_found", "no_validation_report", "not_found", "key_not_found",
    ]

    /// Codes of Warden's errors that mean "the request's parameters are wrong".
    static let invalidCodes: Set<String> = ["invalid_request", "model_required", "invalid_limit", "invalid_days"]

    /// A Warden error of a resource read or a prompt, with its code, message and details in `data`.
    static func warden(_ error: any Error) -> RPCError {
        if let e = error as? RPCError { return e }
        let d = ErrorDescription(error)
        let code =
            notFoundCodes.contains(d.code)
            ? resourceNotFoundCode
            : invalidCodes.contains(d.code)
                ? invalidParamsCode : d.code == "internal_error" ? internalErrorCode : wardenErrorCode
        var data: [String: JSONValue] = ["code": .string(d.code), "message": .string(d.message)]
        if !d.details.isEmpty { data["details"] = .object(d.details) }
        return RPCError(code: code, message: "\(d.code): \(d.message)", data: .object(data))
    }

    /// The error member of a JSON-RPC response.
    var json: JSONValue {
        var o: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if let data { o["data"] = data }
        return .object(o)
    }
}
