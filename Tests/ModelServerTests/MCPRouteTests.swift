import AccessControl
import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing
import WardenApp

@Suite("POST /mcp: the MCP face behind the API's authentication, rate limits and error mapping")
struct MCPRouteTests {
    static let apiKey = HTTPField.Name("X-API-Key")!
    static let headers: HTTPFields = [
        .contentType: "application/json", .accept: "application/json, text/event-stream",
    ]

    static func call(_ tool: String, _ arguments: String) -> ByteBuffer {
        body(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#)
    }

    @Test("without a credential 401 with a JSON-RPC error; a bad key 401 invalid_key")
    func authentication() async throws {
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            let anonymous = try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers, body: body(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#))
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] != nil)
            let json = try anonymous.body.json()
            #expect(json["jsonrpc"] == "2.0")
            #expect(json["error"]?["data"]?["code"] == "unauthenticated")
            var bad = Self.headers
            bad[Self.apiKey] = "wdn_nope"
            let refused = try await client.execute(
                uri: "/mcp", method: .post, headers: bad, body: body(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#))
            #expect(refused.status == .unauthorized)
            #expect(try refused.body.json()["error"]?["message"]?.string?.hasPrefix("invalid_key: ") == true)
        }
    }

    @Test("predict over /mcp returns /predict's body; a viewer's deploy_version is refused like the HTTP route")
    func predictAndDeploy() async throws {
        let e = try ServingExpected.load()
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            var admin = Self.headers
            admin[Self.apiKey] = s.keys[.admin]!
            let rows = try jsonText(.array(e.rows))
            let direct = try await client.execute(
                uri: "/predict", method: .post, headers: admin, body: body(#"{"features":\#(rows)}"#))
            let viaMCP = try await client.execute(
                uri: "/mcp", method: .post, headers: admin, body: Self.call("predict", #"{"rows":\#(rows)}"#))
            #expect(viaMCP.status == .ok)
            let result = try viaMCP.body.json()["result"]
            #expect(result?["structuredContent"] == (try direct.body.json()))

            var viewer = Self.headers
            viewer[Self.apiKey] = s.keys[.viewer]!
            let deploy = try await client.execute(
                uri: "/mcp", method: .post, headers: viewer,
                body: Self.call("deploy_version", #"{"version":"20250101_000000","reason":"r"}"#))
            #expect(deploy.status == .ok)
            let refused = try deploy.body.json()["result"]
            #expect(refused?["isError"] == true)
            #expect(refused?["structuredContent"]?["error"]?["code"] == "forbidden")
            let http = try await client.execute(
                uri: "/api/v1/model-management/20250101_000000/deploy", method: .post, headers: viewer)
            #expect(http.status == .forbidden)
            let denials = try await s.store.audit(since: nil, action: "deploy", actor: nil, limit: 10)
            #expect(denials.count == 2)
            #expect(denials.allSatisfy { $0.outcome == "denied" })
        }
    }

    @Test("a foreign Origin is refused (403); the server's own host is allowed; GET answers 405")
    func origin() async throws {
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            var h = Self.headers
            h[Self.apiKey] = s.keys[.viewer]!
            h[HTTPField.Name("Host")!] = "warden.example:8080"
            h[HTTPField.Name("Origin")!] = "https://evil.example"
            let ping = body(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
            let foreign = try await client.execute(uri: "/mcp", method: .post, headers: h, body: ping)
            #expect(foreign.status == .forbidden)
            h[HTTPField.Name("Origin")!] = "http://warden.example:8080"
            let same = try await client.execute(uri: "/mcp", method: .post, headers: h, body: ping)
            #expect(same.status == .ok)
            let stream = try await client.execute(uri: "/mcp", method: .get, headers: h)
            #expect(stream.status == .methodNotAllowed)
        }
    }
}
