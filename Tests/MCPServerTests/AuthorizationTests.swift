import AccessControl
import DataFormats
import Foundation
import MCPServer
import Registry
import TestSupport
import Testing
import WardenApp

@Suite("MCP authorization: each tool call is its HTTP operation's (role, key scope, mode), refusals audited")
struct AuthorizationTests {
    @Test("a viewer's deploy_version is refused, audited as denied, and changes nothing")
    func viewerCannotDeploy() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let r = try await t.tool(
            "deploy_version", #"{"version":"\#(MCPTestApp.candidate)","reason":"sneaky"}"#, as: MCPTestApp.viewer)
        #expect(r.isError)
        #expect(r.code == "forbidden")
        #expect(r.text?.hasPrefix("forbidden: ") == true)
        #expect(try await t.servingVersion() == ServingFixture.version)
        let entries = try await t.app.security.audit(since: nil, action: "deploy", actor: nil, limit: 10)
        let entry = try #require(entries.first)
        #expect(entry.outcome == "denied")
        #expect(entry.actor == MCPTestApp.viewer.auditActor)
        #expect(entry.details.contains("\"tool\":\"deploy_version\""))
        #expect(entry.details.contains("\"code\":\"forbidden\""))
    }

    @Test(
        "each role may call exactly the tools whose operation its role allows",
        arguments: [Role.viewer, .operator, .admin])
    func roles(_ role: Role) async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let e = try ServingExpected.load()
        let calls: [(String, String)] = [
            ("list_models", "{}"), ("get_version", "{}"),
            ("compare_versions", #"{"version_a":"\#(ServingFixture.version)","version_b":"\#(MCPTestApp.candidate)"}"#),
            ("predict", #"{"rows":\#(jsonText(.array([e.rows[0]])))}"#),
            ("deploy_version", #"{"version":"\#(ServingFixture.version)","reason":"r"}"#),
            ("rollback", #"{"version":"\#(ServingFixture.version)","reason":"r"}"#),
            ("promote_version", #"{"version":"\#(ServingFixture.version)","reason":"r","force":true}"#),
            ("get_performance", "{}"), ("check_drift", "{}"), ("list_alerts", "{}"), ("get_audit_log", "{}"),
            ("get_health", "{}"),
        ]
        let caller = MCPTestApp.caller(role)
        for (name, arguments) in calls {
            let definition = try #require(t.face.tools.tool(named: name)?.definition)
            let allowed = definition.operation.permission.map(role.allows) ?? true
            let r = try await t.tool(name, arguments, as: caller)
            if allowed {
                #expect(r.code != "forbidden", "\(name) as \(role): \(r.result)")
            } else {
                #expect(r.code == "forbidden", "\(name) as \(role)")
            }
        }
    }

    @Test("a key scoped to other models gets model_out_of_scope, for a named model and for the default one")
    func scope() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let e = try ServingExpected.load()
        let scoped = MCPTestApp.caller(.admin, models: ["other-model"])
        for (name, arguments) in [
            ("predict", #"{"model":"wifi-anomaly","rows":\#(jsonText(.array([e.rows[0]])))}"#),
            ("predict", #"{"rows":\#(jsonText(.array([e.rows[0]])))}"#),
            ("get_version", #"{"model":"wifi-anomaly"}"#), ("get_performance", #"{"model":"wifi-anomaly"}"#),
            ("deploy_version", #"{"version":"\#(MCPTestApp.candidate)","reason":"r"}"#),
        ] {
            let r = try await t.tool(name, arguments, as: scoped)
            #expect(r.code == "model_out_of_scope", "\(name) \(arguments): \(r.result)")
        }
        // Naming no model, a scoped key means one of its own: it has none here.
        #expect(try await t.tool("get_performance", "{}", as: scoped).code == "model_required")
        let listed = try await t.tool("list_models", as: scoped)
        #expect(listed.content["models"]?.array?.isEmpty == true)
        #expect(try await t.servingVersion() == ServingFixture.version)
    }

    @Test("the serving mode applies: in maintenance, predict and deploy are refused with mode_forbids")
    func modes() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        _ = t.app.modes.enter(.maintenance)
        let e = try ServingExpected.load()
        let predict = try await t.tool("predict", #"{"rows":\#(jsonText(.array([e.rows[0]])))}"#)
        #expect(predict.code == "mode_forbids")
        let deploy = try await t.tool("deploy_version", #"{"version":"\#(MCPTestApp.candidate)","reason":"r"}"#)
        #expect(deploy.code == "mode_forbids")
        #expect(try await t.tool("get_health").isError == false)
    }
}

@Suite("MCP tool arguments: wrong types, unknown names and missing ones are tool errors with Warden's codes")
struct ArgumentTests {
    @Test(
        "bad input is refused with a stable code and nothing changes",
        arguments: [
            ("predict", #"{"rows":"not rows"}"#, "invalid_request"),
            ("predict", #"{"rows":[]}"#, "invalid_request"),
            ("predict", #"{"rows":[1,2]}"#, "invalid_request"),
            ("predict", #"{"rows":[{"x":1}],"model":42}"#, "invalid_request"),
            ("predict", #"{"rows":[{"x":1}]}"#, "missing_features"),
            ("predict", #"{"rows":[{"x":1}],"missing_features":"sometimes"}"#, "invalid_request"),
            ("predict", #"{"model":"no-such-model","rows":[{"x":1}]}"#, "model_not_found"),
            ("predict", #"{"version":"19990101_000000","rows":[{"x":1}]}"#, "version_not_found"),
            ("predict", #"{"features":[{"x":1}]}"#, "invalid_request"),
            ("get_version", #"{"version":"19990101_000000"}"#, "version_not_found"),
            ("get_version", #"{"model":"no-such-model"}"#, "version_not_found"),
            ("get_version", #"{"version":7}"#, "invalid_request"),
            ("compare_versions", #"{"version_a":"20241201_143022"}"#, "invalid_request"),
            ("deploy_version", #"{"version":"20250101_000000"}"#, "invalid_request"),
            ("deploy_version", #"{"version":"20250101_000000","reason":"  "}"#, "invalid_request"),
            ("deploy_version", #"{"version":"19990101_000000","reason":"r"}"#, "version_not_found"),
            ("deploy_version", #"{"model":"no-such-model","version":"20250101_000000","reason":"r"}"#, "version_not_found"),
            ("rollback", #"{"reason":5}"#, "invalid_request"),
            ("promote_version", #"{"version":"20250101_000000","reason":"r","force":"yes"}"#, "invalid_request"),
            ("list_alerts", #"{"limit":"ten"}"#, "invalid_request"),
            ("list_alerts", #"{"limit":0}"#, "invalid_request"),
            ("get_audit_log", #"{"since":"yesterday"}"#, "invalid_request"),
            ("get_health", #"{"verbose":true}"#, "invalid_request"),
            ("get_health", #"[1]"#, "invalid_request"),
        ])
    func refused(_ tool: String, _ arguments: String, _ code: String) async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let r = try await t.tool(tool, arguments)
        #expect(r.isError, "\(tool) \(arguments)")
        #expect(r.code == code, "\(tool) \(arguments): \(r.result)")
        #expect(r.text?.hasPrefix(code + ": ") == true)
        #expect(try await t.servingVersion() == ServingFixture.version)
    }
}
