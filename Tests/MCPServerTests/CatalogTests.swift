import DataFormats
import Foundation
import MCPServer
import TestSupport
import Testing

@Suite("The MCP catalog: tools, schemas, resources and prompts as committed in docs/MCP.json")
struct CatalogTests {
    @Test("docs/MCP.json is the catalog of this build (regenerate: python3 python/mcp/build_docs.py)")
    func committedCatalog() throws {
        let url = Fixtures.root.appendingPathComponent("docs/MCP.json")
        let committed = try JSONValue.parse(try Data(contentsOf: url))
        let current = MCPCatalog.document()
        for key in ["tools", "tool_access", "resource_templates", "resource_access", "prompts", "server"] {
            #expect(committed[key] == current[key], "docs/MCP.json differs from the code in '\(key)'")
        }
        #expect(committed == current)
    }

    @Test("every tool's operation is one of AppOperation's table, and destructive tools are admin lifecycle ones")
    func operations() {
        for d in WardenTools.all.map(\.definition) {
            if d.effect == .destructive {
                #expect(d.operation.audit != nil, "\(d.name) is audited")
                #expect(d.parameters.contains { $0.name == "reason" && $0.required }, "\(d.name) takes a reason")
            } else {
                #expect(!d.parameters.contains { $0.name == "reason" }, "\(d.name)")
            }
        }
    }

    @Test("every tool issue 14 names is offered, each once, and none is pending")
    func everyTool() {
        let names = WardenTools.all.map(\.definition.name)
        #expect(names == [
            "list_models", "get_version", "compare_versions", "predict", "explain_window", "deploy_version",
            "rollback", "promote_version", "get_performance", "check_drift", "list_alerts", "list_agents",
            "set_agent_model", "list_anomalies", "update_anomaly_status", "get_audit_log", "get_health",
        ])
        #expect(MCPCatalog.document()["pending_tools"] == nil)
    }

    @Test("agent and anomaly tools act on an agent or an anomaly, never on the default model")
    func subjects() {
        let subjects = Dictionary(
            uniqueKeysWithValues: WardenTools.all.map { ($0.definition.name, $0.definition.subject) })
        for name in ["list_agents", "set_agent_model", "list_anomalies"] {
            #expect(subjects[name] == .agent, "\(name)")
        }
        for name in ["explain_window", "update_anomaly_status"] { #expect(subjects[name] == .anomaly, "\(name)") }
        #expect(subjects.filter { $0.value == .model }.count == 12)
    }
}
