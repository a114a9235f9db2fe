import AccessControl
import Agents
import DataFormats
import Foundation
import MCP
import MCPServer
import Registry
import TestSupport
import Testing
import WardenApp
import WardenViews

@Suite("MCP agent tools: agents, their anomalies and pairings, over the sample agent's stored anomalies")
struct AgentToolTests {
    @Test("list_agents shows the agent with its pairing and what it has done; one agent by id")
    func listAgents() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let r = try await t.tool("list_agents", as: MCPTestApp.viewer)
        #expect(!r.isError, "\(r.result)")
        #expect(r.content["count"] == 1)
        let agent = try #require(r.content["agents"]?.array?.first)
        #expect(agent["id"]?.string == MCPAgentApp.agent)
        #expect(agent["model"]?.string == MCPAgentApp.model)
        #expect(agent["paired_version"]?.string == "production")
        #expect((agent["windows_scored"]?.double ?? 0) > 250)
        let one = try await t.tool("list_agents", #"{"agent":"\#(MCPAgentApp.agent)"}"#, as: MCPTestApp.viewer)
        #expect(one.content["agents"] == r.content["agents"])
    }

    @Test("list_anomalies lists the stored anomalies as GET /api/v1/anomalies does, filtered and paged")
    func listAnomalies() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let stored = try await t.anomalies()
        let all = try await t.tool("list_anomalies", #"{"limit":1000}"#, as: MCPTestApp.viewer)
        #expect(!all.isError, "\(all.result)")
        #expect(all.content["total"]?.int == stored.count)
        let ids = all.content["anomalies"]?.array?.compactMap { $0["id"]?.int } ?? []
        #expect(ids == stored.map { Int($0.id) })
        #expect(all.content["anomalies"]?.array?.first == Views.anomaly(stored[0]))

        let deauth = try await t.tool(
            "list_anomalies", #"{"agent":"wifi-campus","ap":"ap-02","type":"deauth_flood","status":"open"}"#)
        let found = try #require(deauth.content["anomalies"]?.array)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0["entity"] == "ap-02" && $0["type"] == "deauth_flood" })

        let window = try await t.tool(
            "list_anomalies", #"{"from":"2026-01-06T07:30:00Z","to":"2026-01-06T07:35:00Z"}"#)
        #expect(window.content["anomalies"]?.array?.allSatisfy { $0["window_start"] == "2026-01-06T07:30:00Z" } == true)
        #expect(window.content["anomalies"]?.array?.contains { $0["entity"] == "ap-02" } == true)

        let page = try await t.tool("list_anomalies", #"{"limit":2,"offset":1}"#)
        #expect(page.content["anomalies"]?.array?.compactMap { $0["id"]?.int } == Array(ids.dropFirst().prefix(2)))
        #expect(page.content["offset"] == 1)
    }

    @Test("explain_window gives an anomaly's window, score, features and stored contributors with their z")
    func explainWindow() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let anomaly = try #require(try await t.anomalies().first { $0.record.entity == "ap-05" })
        let r = try await t.tool("explain_window", #"{"id":\#(anomaly.id)}"#, as: MCPTestApp.viewer)
        #expect(!r.isError, "\(r.result)")
        #expect(r.content["id"]?.int == Int(anomaly.id))
        #expect(r.content["agent"] == "wifi-campus")
        #expect(r.content["ap"] == "ap-05")
        #expect(r.content["window_start"]?.string == anomaly.record.windowStart.description)
        #expect(r.content["model_version"]?.string == MCPAgentApp.version)
        #expect(r.content["type"]?.string == anomaly.record.type.rawValue)
        #expect(r.content["score"]?.double == anomaly.record.score)
        #expect(r.content["threshold"]?.double == anomaly.record.threshold)
        #expect(r.content["features"]?.object?.count == 17)
        let contributors = try #require(r.content["contributors"]?.array)
        #expect(!contributors.isEmpty)
        #expect(contributors.compactMap { $0["feature"]?.string } == anomaly.record.contributors.map(\.feature))
        #expect(contributors.compactMap { $0["z"]?.double } == anomaly.record.contributors.map(\.z))
    }

    @Test("set_agent_model pairs the agent, records the reason in its history and the audit log; each call adds one")
    func setAgentModel() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let arguments =
            #"{"agent":"wifi-campus","version":"20260105_000000","shadow_version":"20260105_000000","reason":"pin for the audit"}"#
        let r = try await t.tool("set_agent_model", arguments)
        #expect(!r.isError, "\(r.result)")
        #expect(r.content["agent"] == "wifi-campus")
        #expect(r.content["model"] == "wifi-anomaly")
        #expect(r.content["version"] == "20260105_000000")
        #expect(r.content["shadow_version"] == "20260105_000000")
        #expect(r.content["success"] == true)
        _ = try await t.tool("set_agent_model", #"{"agent":"wifi-campus","reason":"follow production again"}"#)
        let history = try await t.app.agents.pairingHistory(agent: MCPAgentApp.agent)
        #expect(history.map(\.reason) == ["pin for the audit", "follow production again"])
        #expect(history.last?.version == nil)
        let entries = try await t.audit("agent.set_model")
        #expect(entries.count == 2)
        let entry = try #require(entries.last)
        #expect(entry.outcome == "success")
        #expect(entry.target == "agent:wifi-campus")
        #expect(entry.actor == MCPTestApp.admin.auditActor)
        let details = try JSONValue.parse(Array(entry.details.utf8))
        #expect(details["tool"] == "set_agent_model")
        #expect(details["agent"] == "wifi-campus")
        #expect(details["reason"] == "pin for the audit")
        #expect(details["shadow_version"] == "20260105_000000")
        let definition = try #require(t.face.tools.tool(named: "set_agent_model")?.definition)
        #expect(definition.tool.annotations.destructiveHint == true)
        #expect(definition.tool.annotations.idempotentHint == false)
    }

    @Test("update_anomaly_status moves an anomaly, recorded in its history and audited as anomaly:<id>")
    func updateAnomalyStatus() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let id = try #require(try await t.anomalies().first?.id)
        let r = try await t.tool(
            "update_anomaly_status", #"{"id":\#(id),"status":"acknowledged","note":"on it"}"#, as: MCPTestApp.operator)
        #expect(!r.isError, "\(r.result)")
        #expect(r.content["id"]?.int == Int(id))
        #expect(r.content["status"] == "acknowledged")
        #expect(r.content["status_history"]?.array?.first?["note"] == "on it")
        #expect(r.content == Views.anomaly(try await t.app.anomalies.get(id, caller: .system("test"))))
        let again = try await t.tool(
            "update_anomaly_status", #"{"id":\#(id),"status":"acknowledged"}"#, as: MCPTestApp.operator)
        #expect(again.code == "conflict")
        let entries = try await t.audit("anomaly.status")
        #expect(entries.map(\.outcome) == ["failed", "success"])
        #expect(entries.allSatisfy { $0.target == "anomaly:\(id)" })
        #expect(entries.last?.details.contains("\"note\":\"on it\"") == true)
        let definition = try #require(t.face.tools.tool(named: "update_anomaly_status")?.definition)
        #expect(definition.tool.annotations.destructiveHint == false)
        #expect(definition.tool.annotations.readOnlyHint == false)
    }

    @Test("a viewer may not pair or move anomalies, an operator may not pair: refused and audited as denied")
    func refusals() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let id = try #require(try await t.anomalies().first?.id)
        for caller in [MCPTestApp.viewer, MCPTestApp.operator] {
            let r = try await t.tool(
                "set_agent_model", #"{"agent":"wifi-campus","version":"20260105_000000","reason":"r"}"#, as: caller)
            #expect(r.code == "forbidden", "\(caller.role)")
        }
        let move = try await t.tool(
            "update_anomaly_status", #"{"id":\#(id),"status":"resolved"}"#, as: MCPTestApp.viewer)
        #expect(move.code == "forbidden")
        #expect(try await t.app.agents.pairingHistory(agent: MCPAgentApp.agent).isEmpty)
        #expect(try await t.app.anomalies.get(id, caller: .system("test")).record.status == .open)
        let pairings = try await t.audit("agent.set_model")
        #expect(pairings.map(\.outcome) == ["denied", "denied"])
        #expect(Set(pairings.map(\.actor)) == [MCPTestApp.viewer.auditActor, MCPTestApp.operator.auditActor])
        #expect(pairings.allSatisfy { $0.target == "agent:wifi-campus" && $0.details.contains("\"code\":\"forbidden\"") })
        let moves = try await t.audit("anomaly.status")
        #expect(moves.map(\.outcome) == ["denied"])
        #expect(moves.first?.target == "anomaly:\(id)")
    }

    @Test("a key scoped to other models sees no agent or anomaly and may not pair: as over HTTP")
    func scope() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let id = try #require(try await t.anomalies().first?.id)
        let scoped = MCPTestApp.caller(.admin, models: ["other-model"])
        #expect(try await t.tool("list_agents", as: scoped).content["count"] == 0)
        #expect(try await t.tool("list_agents", #"{"agent":"wifi-campus"}"#, as: scoped).code == "not_found")
        let listed = try await t.tool("list_anomalies", as: scoped)
        #expect(listed.content["anomalies"]?.array?.isEmpty == true)
        #expect(listed.content["total"] == 0)
        #expect(try await t.tool("explain_window", #"{"id":\#(id)}"#, as: scoped).code == "not_found")
        let move = try await t.tool("update_anomaly_status", #"{"id":\#(id),"status":"resolved"}"#, as: scoped)
        #expect(move.code == "not_found")
        for arguments in [
            #"{"agent":"wifi-campus","reason":"r"}"#, #"{"agent":"wifi-campus","model":"wifi-anomaly","reason":"r"}"#,
        ] {
            let r = try await t.tool("set_agent_model", arguments, as: scoped)
            #expect(r.code == "model_out_of_scope", "\(arguments): \(r.result)")
        }
        #expect(try await t.app.agents.pairingHistory(agent: MCPAgentApp.agent).isEmpty)
        #expect(try await t.app.anomalies.get(id, caller: .system("test")).record.status == .open)
        // A key scoped to the agent's model may.
        let own = MCPTestApp.caller(.admin, models: ["wifi-anomaly"])
        #expect(try await t.tool("list_agents", as: own).content["count"] == 1)
        #expect(try await t.tool("set_agent_model", #"{"agent":"wifi-campus","reason":"r"}"#, as: own).isError == false)
    }

    @Test(
        "bad input is refused with Warden's codes and changes nothing",
        arguments: [
            ("list_agents", #"{"agent":"no-such-agent"}"#, "not_found"),
            ("set_agent_model", #"{"agent":"no-such-agent","reason":"r"}"#, "not_found"),
            ("set_agent_model", #"{"agent":"wifi-campus"}"#, "invalid_request"),
            ("set_agent_model", #"{"agent":"wifi-campus","reason":" "}"#, "invalid_request"),
            ("set_agent_model", #"{"reason":"r"}"#, "invalid_request"),
            (
                "set_agent_model", #"{"agent":"wifi-campus","version":"19990101_000000","reason":"r"}"#,
                "version_not_found"
            ),
            ("explain_window", #"{"id":999999}"#, "not_found"),
            ("explain_window", #"{"id":0}"#, "invalid_request"),
            ("explain_window", #"{"id":"1"}"#, "invalid_request"),
            ("explain_window", #"{}"#, "invalid_request"),
            ("update_anomaly_status", #"{"id":999999,"status":"resolved"}"#, "not_found"),
            ("update_anomaly_status", #"{"id":1,"status":"closed"}"#, "invalid_request"),
            ("update_anomaly_status", #"{"id":1,"status":"open"}"#, "invalid_request"),
            ("update_anomaly_status", #"{"id":1}"#, "invalid_request"),
            ("update_anomaly_status", #"{"id":1,"status":"resolved","reason":"r"}"#, "invalid_request"),
            ("list_anomalies", #"{"from":"yesterday"}"#, "invalid_request"),
            ("list_anomalies", #"{"to":"2026-01-06 07:30"}"#, "invalid_request"),
            ("list_anomalies", #"{"limit":1001}"#, "invalid_request"),
            ("list_anomalies", #"{"limit":0}"#, "invalid_request"),
            ("list_anomalies", #"{"offset":-1}"#, "invalid_request"),
            ("list_anomalies", #"{"status":"closed"}"#, "invalid_request"),
            ("list_anomalies", #"{"entity":"ap-02"}"#, "invalid_request"),
        ])
    func refused(_ tool: String, _ arguments: String, _ code: String) async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let before = try await t.anomalies().map(\.record)
        let r = try await t.tool(tool, arguments)
        #expect(r.isError, "\(tool) \(arguments)")
        #expect(r.code == code, "\(tool) \(arguments): \(r.result)")
        #expect(r.text?.hasPrefix(code + ": ") == true)
        #expect(try await t.app.agents.pairingHistory(agent: MCPAgentApp.agent).isEmpty)
        #expect(try await t.anomalies().map(\.record) == before)
    }

    @Test("investigate_anomaly with an anomaly id embeds its explanation and the reports of the version that scored it")
    func investigatePrompt() async throws {
        let t = try await MCPAgentApp.make()
        defer { t.remove() }
        let anomaly = try #require(try await t.anomalies().first)
        let r = try await t.request(
            "prompts/get", #"{"name":"investigate_anomaly","arguments":{"anomaly":"\#(anomaly.id)"}}"#,
            as: MCPTestApp.viewer)
        let messages = try #require(r["result"]?["messages"]?.array, "\(r)")
        let texts = messages.compactMap { $0["content"]?["text"]?.string }
        let explained = try #require(texts.first { $0.hasPrefix("The anomaly, as explain_window gives it:") })
        let json = try JSONValue.parse(Array(explained.drop { $0 != "{" }.utf8))
        #expect(json == Views.explanation(anomaly))
        let uris = messages.compactMap { $0["content"]?["resource"]?["uri"]?.string }
        let base = "warden://models/wifi-anomaly/versions/\(anomaly.record.modelVersion)/"
        #expect(uris == [base + "drift-report", base + "performance-report"])

        let unknown = try await t.request(
            "prompts/get", #"{"name":"investigate_anomaly","arguments":{"anomaly":"999999"}}"#)
        #expect(unknown["error"]?["data"]?["code"] == "not_found")
        let bad = try await t.request("prompts/get", #"{"name":"investigate_anomaly","arguments":{"anomaly":"x"}}"#)
        #expect(bad["error"]?["code"]?.int == -32602)
        let other = try await t.request(
            "prompts/get",
            #"{"name":"investigate_anomaly","arguments":{"anomaly":"\#(anomaly.id)","version":"19990101_000000"}}"#)
        #expect(other["error"]?["code"]?.int == -32602)
    }
}
