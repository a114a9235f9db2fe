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
        for key in ["tools", "tool_access", "resource_templates", "resource_access", "prompts", "pending_tools", "server"] {
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
        #expect(Set(WardenTools.all.map(\.definition.name)).isDisjoint(with: WardenTools.pending.map(\.name)))
    }
}
