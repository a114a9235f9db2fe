public import DataFormats
public import MCP
public import WardenApp

/// The Streamable HTTP transport of the MCP face, stateless: each `POST` carries one JSON-RPC message (or a
/// batch) and gets its response as one `application/json` body, or `202 Accepted` for notifications; no session
/// id is issued, so any replica behind a load balancer can answer any request. The request is checked first by
/// the SDK's validation pipeline: the origin (``MCPOriginPolicy``), `Accept` (must include `application/json`),
/// `Content-Type: application/json`, and a supported `MCP-Protocol-Version`. Authentication is the HTTP face's:
/// the caller comes in already proven.
public struct MCPHTTPEndpoint: Sendable {
    /// The face.
    public let face: MCPFace
    /// The validators run before a message is read.
    public let validation: StandardValidationPipeline

    /// Creates the endpoint.
    public init(face: MCPFace, origins: MCPOriginPolicy) {
        self.face = face
        validation = StandardValidationPipeline(validators: [
            origins, AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
        ])
    }

    /// The headers the transport reads.
    public struct Headers: Sendable {
        /// `Origin`.
        public var origin: String?
        /// `Host`.
        public var host: String?
        /// `Accept`.
        public var accept: String?
        /// `Content-Type`.
        public var contentType: String?
        /// `MCP-Protocol-Version`.
        public var protocolVersion: String?

        /// Creates the headers.
        public init(
            origin: String? = nil, host: String? = nil, accept: String? = nil, contentType: String? = nil,
            protocolVersion: String? = nil
        ) {
            self.origin = origin
            self.host = host
            self.accept = accept
            self.contentType = contentType
            self.protocolVersion = protocolVersion
        }

        var fields: [String: String] {
            var f: [String: String] = [:]
            if let origin { f[HTTPHeaderName.origin] = origin }
            if let host { f[HTTPHeaderName.host] = host }
            if let accept { f[HTTPHeaderName.accept] = accept }
            if let contentType { f[HTTPHeaderName.contentType] = contentType }
            if let protocolVersion { f[HTTPHeaderName.protocolVersion] = protocolVersion }
            return f
        }
    }

    /// An HTTP answer.
    public struct Response: Sendable {
        /// The status.
        public var status: Int
        /// Extra headers.
        public var headers: [String: String]
        /// The JSON body; nil for 202.
        public var body: String?
    }

    /// Answers a `POST /mcp` for a caller.
    public func post(headers: Headers, body: some Collection<UInt8>, caller: Caller) async -> Response {
        // Parsed once: validation needs to know whether the message is `initialize` (which carries its protocol
        // version in the body, so the header check does not apply), and the face answers the parsed message.
        let message = try? JSONValue.parse(body)
        let context = HTTPValidationContext(
            httpMethod: "POST", isInitializationRequest: message.map(Self.isInitialize) ?? false,
            supportedProtocolVersions: Version.supported)
        if let refused = validation.validate(HTTPRequest(method: "POST", headers: headers.fields), context: context) {
            let text = refused.bodyData.map { String(decoding: $0, as: UTF8.self) }
            var extra = refused.headers
            extra.removeValue(forKey: HTTPHeaderName.contentType)
            return Response(status: refused.statusCode, headers: extra, body: text)
        }
        let answer: MCPReply?
        if let message {
            answer = await face.respond(to: message, caller: caller)
        } else {
            answer = await face.respond(to: body, caller: caller)  // not JSON: the face's parse error
        }
        guard let reply = answer else { return Response(status: 202, headers: [:], body: nil) }
        switch reply.kind {
        case .result: return Response(status: 200, headers: [:], body: reply.json)
        case .parseError, .invalidMessage: return Response(status: 400, headers: [:], body: reply.json)
        }
    }

    /// Whether a message is an `initialize` request (alone or in a batch).
    static func isInitialize(_ message: JSONValue) -> Bool {
        if case .array(let batch) = message { return batch.contains(where: isInitialize) }
        return message["method"]?.string == "initialize"
    }

    /// A JSON-RPC error (id null) for an HTTP-level refusal of `/mcp` (no credential, a bad key, a rate limit): the
    /// Warden code leads the message and `data` holds `{code, message, details}`.
    public static func errorDocument(code: String, message: String, details: [String: JSONValue]) -> JSONValue {
        var data: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if !details.isEmpty { data["details"] = .object(details) }
        return .object([
            "jsonrpc": "2.0", "id": .null,
            "error": RPCError(code: RPCError.wardenErrorCode, message: "\(code): \(message)", data: .object(data)).json,
        ])
    }

    /// The answer to methods other than POST: the server streams nothing and keeps no session.
    public static let methodNotAllowed = Response(
        status: 405, headers: ["Allow": "POST"],
        body: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Method Not Allowed: this MCP endpoint is stateless; POST JSON-RPC messages"}}"#
    )
}
