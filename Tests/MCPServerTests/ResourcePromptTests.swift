import DataFormats
import Foundation
import MCPServer
import TestSupport
import Testing

@Suite("MCP resources and prompts: reports by URI, authorized like their HTTP routes")
struct ResourcePromptTests {
    @Test("resources/list names the serving version's three reports, and each one reads as JSON")
    func listAndRead() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let resources = try #require(try await t.request("resources/list", as: MCPTestApp.viewer)["result"]?["resources"]?.array)
        let uris = resources.compactMap { $0["uri"]?.string }
        let base = "warden://models/wifi-anomaly/versions/\(ServingFixture.version)/"
        #expect(uris == [base + "validation-report", base + "drift-report", base + "performance-report"])
        for uri in uris {
            let r = try await t.request("resources/read", #"{"uri":"\#(uri)"}"#, as: MCPTestApp.viewer)
            let content = try #require(r["result"]?["contents"]?.array?.first, "\(uri): \(r)")
            #expect(content["uri"]?.string == uri)
            #expect(content["mimeType"] == "application/json")
            let body = try JSONValue.parse(Array((content["text"]?.string ?? "").utf8))
            #expect(body.object != nil)
        }
        let validation = try await t.request(
            "resources/read", #"{"uri":"\#(base)validation-report"}"#)
        let body = try JSONValue.parse(Array((validation["result"]?["contents"]?.array?.first?["text"]?.string ?? "").utf8))
        #expect(body["report"]?["isValid"] != nil || body["report"]?.object != nil)
    }

    @Test(
        "a bad URI, an unknown version and an out-of-scope model are JSON-RPC errors carrying Warden's code",
        arguments: [
            ("warden://models/wifi-anomaly/versions/19990101_000000/drift-report", -32002, "version_not_found"),
            ("warden://models/wifi-anomaly/versions/20241201_143022/nonsense", -32602, "invalid_uri"),
            ("https://example.com/x", -32602, "invalid_uri"),
        ])
    func errors(_ uri: String, _ code: Int, _ warden: String) async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let r = try await t.request("resources/read", #"{"uri":"\#(uri)"}"#)
        #expect(r["error"]?["code"]?.int == code, "\(r)")
        #expect(r["error"]?["data"]?["code"]?.string == warden)
    }

    @Test("a scoped key reads no other model's reports")
    func scope() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let scoped = MCPTestApp.caller(.viewer, models: ["other-model"])
        let r = try await t.request(
            "resources/read", #"{"uri":"warden://models/wifi-anomaly/versions/\#(ServingFixture.version)/performance-report"}"#,
            as: scoped)
        #expect(r["error"]?["data"]?["code"] == "model_out_of_scope")
        let list = try await t.request("resources/list", as: scoped)
        #expect(list["result"]?["resources"]?.array?.isEmpty == true)
    }

    @Test("investigate_anomaly embeds the drift and performance reports; review_candidate_model the validation report")
    func prompts() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let investigate = try await t.request(
            "prompts/get", #"{"name":"investigate_anomaly","arguments":{"observation":"many anomalies on AP-12"}}"#,
            as: MCPTestApp.viewer)
        let messages = try #require(investigate["result"]?["messages"]?.array, "\(investigate)")
        #expect(messages.first?["content"]?["text"]?.string?.contains("AP-12") == true)
        let embedded = messages.compactMap { $0["content"]?["resource"]?["uri"]?.string }
        #expect(embedded.map { $0.split(separator: "/").last.map(String.init) ?? "" } == ["drift-report", "performance-report"])

        let review = try await t.request(
            "prompts/get", #"{"name":"review_candidate_model","arguments":{"version":"\#(MCPTestApp.candidate)"}}"#,
            as: MCPTestApp.viewer)
        let reviewMessages = try #require(review["result"]?["messages"]?.array, "\(review)")
        let uris = reviewMessages.compactMap { $0["content"]?["resource"]?["uri"]?.string }
        #expect(uris.first?.hasSuffix("\(MCPTestApp.candidate)/validation-report") == true)
        #expect(reviewMessages.contains { $0["content"]?["text"]?.string?.contains("difference = b − a") == true })

        let missing = try await t.request("prompts/get", #"{"name":"review_candidate_model"}"#)
        #expect(missing["error"]?["code"]?.int == -32602)
        let unknown = try await t.request("prompts/get", #"{"name":"nope"}"#)
        #expect(unknown["error"]?["code"]?.int == -32602)
    }
}
