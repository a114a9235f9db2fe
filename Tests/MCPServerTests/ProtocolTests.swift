import DataFormats
import MCP
import MCPServer
import Testing

@Suite("MCP protocol: initialize, lists, JSON-RPC errors, notifications, batches")
struct ProtocolTests {
    @Test("initialize answers the client's protocol version when supported, else the newest, with Warden's info")
    func initialize() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        for (asked, expected) in [("2025-06-18", "2025-06-18"), ("2025-11-25", "2025-11-25"), ("2099-01-01", Version.latest)] {
            let r = try await t.request(
                "initialize",
                #"{"protocolVersion":"\#(asked)","capabilities":{},"clientInfo":{"name":"t","version":"1"}}"#)
            #expect(r["id"] == 7)
            #expect(r["result"]?["protocolVersion"]?.string == expected)
            #expect(r["result"]?["serverInfo"]?["name"] == "warden")
            #expect(r["result"]?["capabilities"]?["tools"] != nil)
            #expect(r["result"]?["capabilities"]?["resources"] != nil)
            #expect(r["result"]?["capabilities"]?["prompts"] != nil)
            #expect(r["result"]?["instructions"]?.string?.contains("deploy_version") == true)
        }
    }

    @Test("tools/list names the seventeen tools; destructive ones are annotated and need a reason")
    func toolsList() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let tools = try #require(try await t.request("tools/list", as: MCPTestApp.viewer)["result"]?["tools"]?.array)
        let names = tools.compactMap { $0["name"]?.string }
        #expect(
            names == [
                "list_models", "get_version", "compare_versions", "predict", "explain_window", "deploy_version",
                "rollback", "promote_version", "get_performance", "check_drift", "list_alerts", "list_agents",
                "set_agent_model", "list_anomalies", "update_anomaly_status", "get_audit_log", "get_health",
            ])
        for tool in tools {
            let name = tool["name"]?.string ?? ""
            let destructive = ["deploy_version", "rollback", "promote_version", "set_agent_model"].contains(name)
            let writes = destructive || ["check_drift", "update_anomaly_status"].contains(name)
            #expect(tool["annotations"]?["destructiveHint"]?.bool == destructive, "\(name)")
            #expect(tool["annotations"]?["readOnlyHint"]?.bool == !writes, "\(name)")
            #expect(tool["annotations"]?["idempotentHint"]?.bool == !["check_drift", "set_agent_model"].contains(name))
            #expect(tool["inputSchema"]?["type"] == "object", "\(name)")
            #expect(tool["inputSchema"]?["additionalProperties"] == false, "\(name)")
            #expect(tool["outputSchema"]?["type"] == "object", "\(name)")
            let required = tool["inputSchema"]?["required"]?.array?.compactMap(\.string) ?? []
            #expect(required.contains("reason") == destructive, "\(name) requires a reason exactly when destructive")
        }
    }

    @Test("resource templates and prompts are listed")
    func lists() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let templates = try #require(
            try await t.request("resources/templates/list")["result"]?["resourceTemplates"]?.array)
        #expect(
            templates.compactMap { $0["uriTemplate"]?.string } == [
                "warden://models/{name}/versions/{version}/validation-report",
                "warden://models/{name}/versions/{version}/drift-report",
                "warden://models/{name}/versions/{version}/performance-report",
            ])
        let prompts = try #require(try await t.request("prompts/list")["result"]?["prompts"]?.array)
        #expect(prompts.compactMap { $0["name"]?.string } == ["investigate_anomaly", "review_candidate_model"])
    }

    @Test(
        "malformed messages get JSON-RPC errors",
        arguments: [
            ("{not json", -32700), (#"{"id":1,"method":"ping"}"#, -32600), (#"[]"#, -32600), (#"42"#, -32600),
            (#"{"jsonrpc":"2.0","id":1,"method":"nope/nope"}"#, -32601),
            (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool"}}"#, -32602),
            (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}"#, -32602),
            (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[1]}"#, -32602),
            (#"{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}"#, -32600),
        ])
    func malformed(_ message: String, _ code: Int) async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let reply = try #require(try await t.send(message))
        #expect(reply["error"]?["code"]?.int == code, "\(message) → \(reply)")
        #expect(reply["jsonrpc"] == "2.0")
    }

    @Test("notifications and responses get no reply; ping answers {}; a batch answers its requests in order")
    func notificationsAndBatches() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        #expect(try await t.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#) == nil)
        #expect(try await t.send(#"{"jsonrpc":"2.0","id":3,"result":{}}"#) == nil)
        #expect(try await t.request("ping")["result"] == .object([:]))
        let batch = try #require(
            try await t.send(
                #"[{"jsonrpc":"2.0","id":"a","method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"},"#
                    + #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}]"#))
        let replies = try #require(batch.array)
        #expect(replies.count == 2)
        #expect(replies[0]["id"] == "a")
        #expect(replies[1]["id"] == 2)
        #expect(replies[1]["result"]?["tools"]?.array?.count == 17)
    }
}
