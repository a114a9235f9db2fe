public import DataFormats
import MCP
import WardenApp

/// The declarations of the MCP face as one JSON document, committed as docs/MCP.json (`warden mcp --catalog`) and
/// rendered into docs/MCP.md: the tools exactly as `tools/list` sends them, who may call each (its operation,
/// permission, serving-mode action, audit action and what it acts on), the resource templates and the prompts.
/// Tests compare it with the committed file, so a change of a tool's schema shows in review.
public enum MCPCatalog {
    /// The catalog of `tools`.
    public static func document(tools: [any MCPTool] = WardenTools.all) -> JSONValue {
        let registry = ToolRegistry(tools)
        let access: [String: JSONValue] = Dictionary(
            uniqueKeysWithValues: registry.definitions.map { d in
                (
                    d.name,
                    .object([
                        "operation": .string(d.operation.name),
                        "permission": d.operation.permission.map { .string($0.rawValue) } ?? .null,
                        "mode_action": .string(d.operation.action.rawValue),
                        "audit": d.operation.audit.map(JSONValue.string) ?? .null, "effect": .string(d.effect.rawValue),
                        "subject": .string(d.subject.rawValue),
                    ])
                )
            })
        let reports: [String: JSONValue] = Dictionary(
            uniqueKeysWithValues: VersionReport.allCases.map { r in
                (
                    r.rawValue,
                    .object([
                        "operation": .string(r.operation.name),
                        "permission": r.operation.permission.map { .string($0.rawValue) } ?? .null,
                    ])
                )
            })
        return .object([
            "server": .object(["name": "warden", "instructions": .string(MCPFace.instructions)]),
            "tools": MCPValue.json(registry.definitions.map(\.tool)),
            "tool_access": .object(access),
            "resource_templates": MCPValue.json(ResourceCatalog().templates),
            "resource_access": .object(reports),
            "prompts": MCPValue.json(PromptCatalog().prompts),
        ])
    }
}
