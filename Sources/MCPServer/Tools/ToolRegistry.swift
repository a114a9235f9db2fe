public import DataFormats
import MCP
public import WardenApp

/// The tools by name, and the one way a tool is called: what the call names (its `model` and `version`, its `agent`
/// or anomaly `id`, by the tool's ``ToolDefinition/Subject``) is read first for the authorization and the audit
/// entry (as the HTTP API reads `?model=` before a route runs), then
/// ``WardenServices/perform(_:caller:model:target:subject:succeeded:details:_:)`` refuses the call unless the
/// caller's role, key scope and the serving mode allow the tool's operation (a refusal is audited), checks the
/// arguments, runs the tool and audits the change with the `reason`. Every failure becomes a tool result with
/// `isError: true` whose text and structured content carry Warden's stable code and message.
public struct ToolRegistry: Sendable {
    /// The tools, in the order `tools/list` names them.
    public let tools: [any MCPTool]
    private let byName: [String: any MCPTool]

    /// Creates a registry.
    public init(_ tools: [any MCPTool]) {
        self.tools = tools
        byName = Dictionary(tools.map { ($0.definition.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The definitions, in order.
    public var definitions: [ToolDefinition] { tools.map(\.definition) }

    /// The tool named `name`.
    public func tool(named name: String) -> (any MCPTool)? { byName[name] }

    /// Calls a tool for a caller; the result as the JSON text of a `CallToolResult`.
    ///
    /// - Throws: ``RPCError`` `invalid_params` for a tool of no such name (a protocol error, not a tool result).
    public func call(_ name: String, arguments: JSONValue?, app: WardenServices, caller: Caller) async throws(RPCError)
        -> String
    {
        guard let tool = byName[name] else {
            throw RPCError(
                code: RPCError.invalidParamsCode, message: "Invalid params: unknown tool '\(name.prefix(80))'",
                data: .object([
                    "code": "unknown_tool", "tool": .string(String(name.prefix(80))),
                    "tools": .array(tools.map { .string($0.definition.name) }),
                ]))
        }
        let definition = tool.definition
        // What the call names, read leniently for the authorization and the audit entry; checked strictly below.
        var model = arguments?["model"]?.string
        let version = arguments?["version"]?.string
        var audit: [String: JSONValue] = ["face": "mcp", "tool": .string(name)]
        let target: String
        switch definition.subject {
        case .model:
            // A lifecycle change records the serving version of the model it acts on, named or the default one.
            if model == nil, definition.operation.action == .lifecycle { model = await app.models.defaultModel() }
            target = model.map { m in version.map { m + "/" + $0 } ?? m } ?? "mcp:" + name
        case .agent:
            let agent = arguments?["agent"]?.string.map { String($0.prefix(64)) }
            if let agent { audit["agent"] = .string(agent) }
            target = agent.map { "agent:" + $0 } ?? "mcp:" + name
        case .anomaly:
            let id = arguments?["id"]?.int
            if let id { audit["anomaly"] = .int(id) }
            target = id.map { "anomaly:\($0)" } ?? "mcp:" + name
        }
        if let model { audit["model"] = .string(model) }
        for key in ["version", "shadow_version", "status"] {
            if let value = arguments?[key]?.string { audit[key] = .string(String(value.prefix(128))) }
        }
        for key in ["reason", "note"] {
            if let value = arguments?[key]?.string { audit[key] = .string(String(value.prefix(1000))) }
        }
        let context = ToolContext(app: app, caller: caller)
        do {
            let output = try await app.perform(
                definition.operation, caller: caller, model: model, target: target,
                subject: "the MCP tool \(name)",
                details: { _, error in audit.merging(error.map(Auditor.failure) ?? [:]) { a, _ in a } }
            ) {
                let checked = try ToolArguments(arguments, parameters: definition.parameters, tool: name)
                return try await tool.run(checked, in: context)
            }
            return Self.result(output.text)
        } catch {
            return Self.failure(error)
        }
    }

    /// A successful `CallToolResult`: the structured content, and the same JSON as text for clients that read text.
    static func result(_ json: String) -> String {
        var out = "{\"content\":[{\"type\":\"text\",\"text\":"
        out.reserveCapacity(json.utf8.count * 2 + 64)
        JSONString.append(json, to: &out)
        out += "}],\"structuredContent\":"
        out += json
        out += "}"
        return out
    }

    /// A failed `CallToolResult`: `isError`, the code and message as text, and `{"error": {code, message,
    /// details}}` as structured content.
    static func failure(_ error: any Error) -> String {
        let d = ErrorDescription(error)
        var error: [String: JSONValue] = ["code": .string(d.code), "message": .string(d.message)]
        if !d.details.isEmpty { error["details"] = .object(d.details) }
        return JSONWriter.text(.object([
            "content": .array([.object(["type": "text", "text": .string("\(d.code): \(d.message)")])]),
            "structuredContent": .object(["error": .object(error)]), "isError": true,
        ]))
    }
}
