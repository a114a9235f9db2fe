import DataFormats
import Foundation
import MCP
import MCPServer
import TestSupport
import Testing

@Suite("MCP over Streamable HTTP (stateless): the SDK's validation pipeline with Warden's origin policy")
struct HTTPEndpointTests {
    static let json = "application/json"
    static let accept = "application/json, text/event-stream"
    static let ping = Array(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#.utf8)

    func post(
        _ endpoint: MCPHTTPEndpoint, origin: String? = nil, host: String? = "127.0.0.1:8080", accept: String? = accept,
        contentType: String? = json, version: String? = nil, body: [UInt8] = ping
    ) async -> MCPHTTPEndpoint.Response {
        await endpoint.post(
            headers: .init(origin: origin, host: host, accept: accept, contentType: contentType, protocolVersion: version),
            body: body, caller: MCPTestApp.admin)
    }

    @Test("a request answers 200 JSON, a notification 202, a parse error 400; no session id is issued")
    func statuses() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let endpoint = MCPHTTPEndpoint(face: t.face, origins: MCPOriginPolicy())
        let ok = await post(endpoint, version: "2025-11-25")
        #expect(ok.status == 200)
        #expect(ok.headers[HTTPHeaderName.sessionID] == nil)
        #expect(try JSONValue.parse(Array((ok.body ?? "").utf8))["result"] == .object([:]))
        let notification = await post(endpoint, body: Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))
        #expect(notification.status == 202)
        #expect(notification.body == nil)
        #expect(await post(endpoint, body: Array("{oops".utf8)).status == 400)
        #expect(MCPHTTPEndpoint.methodNotAllowed.status == 405)
    }

    @Test(
        "the transport refuses what the protocol forbids",
        arguments: [
            (nil as String?, "text/plain" as String?, nil as String?, 406),
            (accept, "text/plain", nil, 415),
            (accept, json, "1999-01-01", 400),
        ])
    func refusals(_ accept: String?, _ contentType: String?, _ version: String?, _ status: Int) async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let endpoint = MCPHTTPEndpoint(face: t.face, origins: MCPOriginPolicy())
        let r = await post(endpoint, accept: accept, contentType: contentType, version: version)
        #expect(r.status == status)
        #expect(try JSONValue.parse(Array((r.body ?? "").utf8))["error"]?["code"] != nil)
    }

    @Test("an initialize request may carry any protocol version header; its body decides")
    func initializeVersion() async throws {
        let t = try await MCPTestApp.make()
        defer { t.remove() }
        let endpoint = MCPHTTPEndpoint(face: t.face, origins: MCPOriginPolicy())
        let body = Array(
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
                .utf8)
        let r = await post(endpoint, version: "2026-07-28", body: body)
        #expect(r.status == 200)
    }

    @Test(
        "Origin: none passes, the same host passes, a listed origin passes, any other is refused (403)",
        arguments: [
            (nil as String?, "warden.example:8080", [String](), false, true),
            ("http://warden.example:8080", "warden.example:8080", [], false, true),
            ("https://Warden.Example:8080/", "warden.example:8080", [], false, true),
            ("https://evil.example", "warden.example:8080", [], false, false),
            ("https://ops.example.com", "warden.example:8080", ["https://ops.example.com"], false, true),
            ("null", "warden.example:8080", [], false, false),
            ("http://127.0.0.1:8080", "127.0.0.1:8080", [], true, true),
            ("http://localhost:8080", "localhost:8080", [], true, true),
            ("http://[::1]:8080", "[::1]:8080", [], true, true),
            // DNS rebinding: the attacker's name resolves to 127.0.0.1; Origin and Host agree, Host is not loopback.
            ("http://rebind.evil:8080", "rebind.evil:8080", [], true, false),
            (nil, "rebind.evil:8080", [], true, false),
        ])
    func origins(_ origin: String?, _ host: String, _ allowed: [String], _ loopback: Bool, _ passes: Bool) {
        let policy = MCPOriginPolicy(allowedOrigins: allowed, loopbackOnly: loopback)
        var headers = ["Host": host]
        if let origin { headers["Origin"] = origin }
        let refused = policy.validate(
            HTTPRequest(method: "POST", headers: headers), context: HTTPValidationContext(httpMethod: "POST"))
        #expect((refused == nil) == passes, "\(origin ?? "no origin") at \(host)")
        if let refused { #expect([403, 421].contains(refused.statusCode)) }
    }
}
