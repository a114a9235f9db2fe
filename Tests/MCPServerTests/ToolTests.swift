import DataFormats
import Foundation
import MCPServer
import Registry
import TestSupport
import Testing

@Suite("MCP tools: each one with valid input calls its operation and returns a structured result")
struct ToolTests {
    @Test("list_models names every version of every model, with the serving one")
    func listModels() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let r = try await t.tool("list_models", as: MCPTestApp.viewer)
        #expect(!r.isError)
        let model = try #require(r.content["models"]?.array?.first)
        #expect(model["model"]?.string == ServingFixture.model)
        #expect(model["serving_version"]?.string == ServingFixture.version)
        #expect(Set(model["versions"]?.array?.compactMap { $0["version"]?.string } ?? []) == [
            ServingFixture.version, MCPTestApp.candidate,
        ])
        #expect(r.content["count"] == 2)
        // The text content is the same JSON, for clients that read text.
        #expect(try JSONValue.parse(Array((r.text ?? "").utf8)) == r.content)
    }

    @Test("get_version gives metadata, manifest and the validation verdict; the serving one by default")
    func getVersion() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let r = try await t.tool("get_version", as: MCPTestApp.viewer)
        #expect(!r.isError, "\(r.result)")
        #expect(r.content["version"]?.string == ServingFixture.version)
        #expect(r.content["metadata"]?.object != nil)
        #expect(r.content["manifest"]?.object != nil)
        #expect(r.content["validation"]?["valid"]?.bool != nil)
        #expect(r.content["validation_report"]?.object != nil)
        #expect(r.content["serving"]?["feature_names"]?.array?.count == 17)
        let candidate = try await t.tool("get_version", #"{"version":"\#(MCPTestApp.candidate)"}"#)
        #expect(candidate.content["version"]?.string == MCPTestApp.candidate)
        #expect(candidate.content["serving"] == nil)
    }

    @Test("compare_versions lists each metric of both versions")
    func compare() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let r = try await t.tool(
            "compare_versions",
            #"{"model":"wifi-anomaly","version_a":"\#(ServingFixture.version)","version_b":"\#(MCPTestApp.candidate)"}"#)
        #expect(!r.isError, "\(r.result)")
        #expect(r.content["a"]?.string == ServingFixture.version)
        #expect(r.content["b"]?.string == MCPTestApp.candidate)
        let metrics = try #require(r.content["metrics"]?.array)
        #expect(!metrics.isEmpty)
        #expect(metrics.allSatisfy { $0["difference"]?.double == 0 })
    }

    @Test("predict returns the scores, labels, threshold and version /predict returns (scikit-learn's, exactly)")
    func predict() async throws {
        let e = try ServingExpected.load()
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let r = try await t.tool("predict", #"{"model":"wifi-anomaly","rows":\#(jsonText(.array(e.rows)))}"#, as: MCPTestApp.operator)
        #expect(!r.isError, "\(r.result)")
        #expect(r.content["scores"]?.array?.compactMap(\.double) == e.scores)
        #expect(r.content["predictions"]?.array?.compactMap(\.int) == e.predictions)
        #expect(r.content["threshold"]?.double == e.threshold)
        #expect(r.content["total_samples"]?.int == e.rows.count)
        #expect(r.content["model_version"]?.string == ServingFixture.version)
        // A named version, and extra outputs.
        let named = try await t.tool(
            "predict",
            #"{"version":"\#(MCPTestApp.candidate)","rows":\#(jsonText(.array(Array(e.rows.prefix(2))))),"outputs":["score_samples"]}"#)
        #expect(named.content["model_version"]?.string == MCPTestApp.candidate)
        #expect(named.content["score_samples"]?.array?.compactMap(\.double) == Array(e.scoreSamples.prefix(2)))
    }

    @Test("deploy_version, rollback and promote_version change what serves, with the reason in the history")
    func lifecycle() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let deploy = try await t.tool(
            "deploy_version", #"{"version":"\#(MCPTestApp.candidate)","reason":"try the candidate"}"#)
        #expect(!deploy.isError, "\(deploy.result)")
        #expect(deploy.content["changed"] == true)
        #expect(deploy.content["serving_version"]?.string == MCPTestApp.candidate)
        #expect(try await t.servingVersion() == MCPTestApp.candidate)
        #expect(t.app.host.loadedModels.contains { $0.serving && $0.model.version == MCPTestApp.candidate })
        let again = try await t.tool(
            "deploy_version", #"{"version":"\#(MCPTestApp.candidate)","reason":"again"}"#)
        #expect(again.content["changed"] == false)

        let back = try await t.tool("rollback", #"{"reason":"the candidate misbehaves"}"#)
        #expect(!back.isError, "\(back.result)")
        #expect(try await t.servingVersion() == ServingFixture.version)
        let history = try await t.app.models.deploymentHistory(model: ServingFixture.model)
        #expect(history.contains { $0.reason == "the candidate misbehaves" })

        let promote = try await t.tool(
            "promote_version", #"{"version":"\#(MCPTestApp.candidate)","reason":"validated"}"#)
        #expect(!promote.isError, "\(promote.result)")
        #expect(promote.content["production_version"]?.string == MCPTestApp.candidate)
        let record = try await t.fixture.store.record(model: ServingFixture.model, version: MCPTestApp.candidate)
        #expect(record.status == .production)
    }

    @Test("get_performance, check_drift, list_alerts and get_health read monitoring and serving state")
    func monitoring() async throws {
        let e = try ServingExpected.load()
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        _ = try await t.tool("predict", #"{"rows":\#(jsonText(.array(e.rows)))}"#)
        let performance = try await t.tool("get_performance", as: MCPTestApp.viewer)
        #expect(!performance.isError, "\(performance.result)")
        #expect(performance.content["version"]?.string == ServingFixture.version)
        #expect(performance.content["window"]?["count"]?.int == e.rows.count)
        let drift = try await t.tool("check_drift", as: MCPTestApp.viewer)
        #expect(!drift.isError, "\(drift.result)")
        #expect(drift.content["drift_detected"]?.bool != nil)
        #expect(drift.content["raised_alerts"]?.array != nil)
        let alerts = try await t.tool("list_alerts", #"{"limit":5}"#, as: MCPTestApp.viewer)
        #expect(!alerts.isError, "\(alerts.result)")
        #expect(alerts.content["count"]?.int == alerts.content["alerts"]?.array?.count)
        let health = try await t.tool("get_health", as: MCPTestApp.viewer)
        #expect(health.content["status"] == "healthy")
        #expect(health.content["models"]?.array?.first?["version"]?.string == ServingFixture.version)
    }

    @Test("get_audit_log lists changes made through MCP with the tool, the reason and the outcome")
    func auditLog() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        _ = try await t.tool("deploy_version", #"{"version":"\#(MCPTestApp.candidate)","reason":"audit me"}"#)
        let r = try await t.tool("get_audit_log", #"{"action":"deploy","limit":10}"#)
        #expect(!r.isError, "\(r.result)")
        let entry = try #require(r.content["entries"]?.array?.first)
        #expect(entry["outcome"] == "success")
        #expect(entry["actor"]?.string?.contains("k-admin") == true)
        #expect(entry["target"]?.string == "wifi-anomaly/\(MCPTestApp.candidate)")
        let details = try JSONValue.parse(Array((entry["details"]?.string ?? "").utf8))
        #expect(details["tool"] == "deploy_version")
        #expect(details["reason"] == "audit me")
        #expect(details["face"] == "mcp")
    }
}
