public import DataFormats
import Foundation
import MCP
public import WardenApp

/// Warden's Model Context Protocol face: the JSON-RPC methods of an MCP server (`initialize`, `ping`,
/// `tools/list`, `tools/call`, `resources/list`, `resources/templates/list`, `resources/read`, `prompts/list`,
/// `prompts/get`) over the application, for one caller per message. It keeps no session: every message carries
/// all it needs, so the Streamable HTTP endpoint is stateless (any replica can answer any request) and the stdio
/// server is the same face over a pipe. Declarations (tools, resources, prompts, the initialize result) are the
/// SDK's types, encoded the SDK's way; tool results are written directly (the prediction is the hot path).
///
/// ```swift
/// let face = MCPFace(app: app)
/// let reply = await face.respond(to: Array(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8),
///                                caller: Caller(identity))
/// ```
public struct MCPFace: Sendable {
    /// The application.
    public let app: WardenServices
    /// The tools.
    public let tools: ToolRegistry
    /// The resources.
    public let resources: ResourceCatalog
    /// The prompts.
    public let prompts: PromptCatalog
    private let toolsList: String
    private let templatesList: String
    private let promptsList: String
    private let capabilities: JSONValue
    private let serverInfo: JSONValue

    /// Creates the face.
    ///
    /// - Parameters:
    ///   - app: the application whose operations the tools call.
    ///   - tools: the tools (default: ``WardenTools/all``).
    public init(app: WardenServices, tools: [any MCPTool] = WardenTools.all) {
        self.app = app
        self.tools = ToolRegistry(tools)
        resources = ResourceCatalog()
        prompts = PromptCatalog()
        toolsList = JSONWriter.text(MCPValue.json(ListTools.Result(tools: self.tools.definitions.map(\.tool))))
        templatesList = JSONWriter.text(MCPValue.json(ListResourceTemplates.Result(templates: resources.templates)))
        promptsList = JSONWriter.text(MCPValue.json(ListPrompts.Result(prompts: prompts.prompts)))
        capabilities = MCPValue.json(
            Server.Capabilities(
                prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false),
                tools: .init(listChanged: false)))
        serverInfo = MCPValue.json(Server.Info(name: "warden", version: app.settings.wardenVersion, title: "Warden"))
    }

    /// What the server tells an assistant at `initialize`.
    public static let instructions = """
        Warden is a model registry and inference server for scikit-learn anomaly models. Use list_models to learn \
        model and version names, get_version for a version's metadata, manifest and validation verdict, predict to \
        score feature rows, get_performance, check_drift and list_alerts to see how a version behaves, and \
        get_health for what serves now. Log agents turn WiFi logs into anomalies: list_agents shows them, \
        list_anomalies what they flagged, explain_window why a window was flagged, update_anomaly_status \
        acknowledges, resolves or dismisses one. deploy_version, rollback, promote_version and set_agent_model \
        change what serves or scores: they need an admin key and a reason, which the audit log records. Resources \
        hold each version's validation, drift and performance reports (warden://models/{name}/versions/{version}/...).
        """

    // MARK: Messages

    /// Answers one message (a request, a notification, or a batch of them) for a caller.
    ///
    /// - Returns: the reply as JSON text, nil when nothing is to be sent (notifications, responses).
    public func respond(to body: some Collection<UInt8>, caller: Caller) async -> MCPReply? {
        let message: JSONValue
        do { message = try JSONValue.parse(body) } catch {
            return MCPReply(json: Self.envelope(id: .null, .failure(.parseError(error.message))), kind: .parseError)
        }
        return await respond(to: message, caller: caller)
    }

    /// Answers a parsed message for a caller.
    public func respond(to message: JSONValue, caller: Caller) async -> MCPReply? {
        guard case .array(let batch) = message else {
            return await single(message, caller: caller).map { MCPReply(json: $0.json, kind: $0.kind) }
        }
        guard !batch.isEmpty else {
            return MCPReply(json: Self.envelope(id: .null, .failure(.invalidRequest("empty batch"))), kind: .invalidMessage)
        }
        var replies: [String] = []
        for item in batch {
            if let r = await single(item, caller: caller) { replies.append(r.json) }
        }
        return replies.isEmpty ? nil : MCPReply(json: "[" + replies.joined(separator: ",") + "]", kind: .result)
    }

    private func single(_ message: JSONValue, caller: Caller) async -> MCPReply? {
        guard case .object(let m) = message else {
            return MCPReply(
                json: Self.envelope(id: .null, .failure(.invalidRequest("a message must be a JSON object"))),
                kind: .invalidMessage)
        }
        let id = m["id"]
        guard m["jsonrpc"] == "2.0", let method = m["method"]?.string else {
            // A response to a request of ours (we send none) is dropped; anything else is not JSON-RPC.
            if m["jsonrpc"] == "2.0", m["result"] != nil || m["error"] != nil { return nil }
            return MCPReply(
                json: Self.envelope(
                    id: id ?? .null, .failure(.invalidRequest("a message needs \"jsonrpc\": \"2.0\" and a \"method\""))),
                kind: .invalidMessage)
        }
        guard let id, id.string != nil || id.int != nil else {
            if m["id"] != nil {
                return MCPReply(
                    json: Self.envelope(id: .null, .failure(.invalidRequest("\"id\" must be a string or an integer"))),
                    kind: .invalidMessage)
            }
            return nil  // a notification (initialized, cancelled, ...): nothing to answer
        }
        let params = m["params"]
        if let params, params.object == nil, !params.isNull {
            return MCPReply(
                json: Self.envelope(id: id, .failure(.invalidParams("\"params\" must be an object"))), kind: .result)
        }
        return MCPReply(json: Self.envelope(id: id, await call(method, params: params, caller: caller)), kind: .result)
    }

    /// The result (as JSON text) of a method.
    private func call(_ method: String, params: JSONValue?, caller: Caller) async -> Result<String, RPCError> {
        do throws(RPCError) {
            switch method {
            case "initialize":
                return .success(initialize(params))
            case "ping":
                return .success("{}")
            case "tools/list":
                return .success(toolsList)
            case "tools/call":
                guard let name = params?["name"]?.string else {
                    throw RPCError.invalidParams("tools/call needs \"name\", the tool's name")
                }
                return .success(try await tools.call(name, arguments: params?["arguments"], app: app, caller: caller))
            case "resources/list":
                do {
                    let list = try await resources.list(app: app, caller: caller)
                    return .success(JSONWriter.text(MCPValue.json(ListResources.Result(resources: list))))
                } catch { throw RPCError.warden(error) }
            case "resources/templates/list":
                return .success(templatesList)
            case "resources/read":
                guard let uri = params?["uri"]?.string else {
                    throw RPCError.invalidParams("resources/read needs \"uri\"")
                }
                let body = try await resources.read(uri, app: app, caller: caller)
                let result = ReadResource.Result(
                    contents: [.text(JSONWriter.text(body), uri: uri, mimeType: "application/json")])
                return .success(JSONWriter.text(MCPValue.json(result)))
            case "prompts/list":
                return .success(promptsList)
            case "prompts/get":
                guard let name = params?["name"]?.string else {
                    throw RPCError.invalidParams("prompts/get needs \"name\", the prompt's name")
                }
                let result = try await prompts.get(
                    name, arguments: params?["arguments"]?.object ?? [:], app: app, caller: caller)
                return .success(JSONWriter.text(MCPValue.json(result)))
            default:
                throw RPCError.methodNotFound(String(method.prefix(100)))
            }
        } catch {
            return .failure(error)
        }
    }

    /// The initialize result: the client's protocol version when the SDK supports it, else the newest it does.
    private func initialize(_ params: JSONValue?) -> String {
        let asked = params?["protocolVersion"]?.string ?? ""
        let version = Version.supported.contains(asked) ? asked : Version.latest
        return JSONWriter.text(.object([
            "protocolVersion": .string(version), "capabilities": capabilities, "serverInfo": serverInfo,
            "instructions": .string(Self.instructions),
        ]))
    }

    /// A JSON-RPC response.
    static func envelope(id: JSONValue, _ result: Result<String, RPCError>) -> String {
        var out = "{\"jsonrpc\":\"2.0\",\"id\":"
        JSONWriter.write(id, into: &out)
        switch result {
        case .success(let json):
            out.reserveCapacity(out.utf8.count + json.utf8.count + 12)
            out += ",\"result\":"
            out += json
        case .failure(let error):
            out += ",\"error\":"
            JSONWriter.write(error.json, into: &out)
        }
        out += "}"
        return out
    }
}

/// A reply to a message: JSON text, and what kind of reply it is (transports choose their status by it).
public struct MCPReply: Sendable {
    /// What the reply answers.
    public enum Kind: Sendable {
        /// A response (a result or a JSON-RPC error) to a request.
        case result
        /// The message was not JSON.
        case parseError
        /// The message was JSON but not a JSON-RPC message.
        case invalidMessage
    }

    /// The reply.
    public var json: String
    /// Its kind.
    public var kind: Kind
}
