import AccessControl
import DataFormats
import Foundation
import Logging
import MCPServer
import Registry
import TestSupport
import WardenApp
import WardenConfig

/// The application on a fresh in-memory registry holding the valid package (deployed) and a copy of it, built as
/// `warden serve` builds it (authentication on), with the MCP face over it and one caller per role.
struct MCPTestApp {
    let fixture: ServingFixture
    let app: WardenServices
    let face: MCPFace

    static let candidate = "20250101_000000"

    static func make(serving: Bool = true) async throws -> MCPTestApp {
        let fixture = try await ServingFixture.make()
        try await fixture.addCopy(named: candidate)
        var configuration = WardenConfiguration(dataDirectory: fixture.directory.path)
        configuration.monitoring.windowSize = 100
        var settings = AppSettings(configuration: configuration, wardenVersion: "test", instance: "test")
        settings.serving = serving
        let app = try await WardenServices.build(
            settings: settings, stores: AppStores(fixture.store, artifacts: fixture.artifacts),
            issuer: try await TokenIssuer(secret: String(repeating: "s3cr3t-", count: 8)), metrics: nil,
            logger: Logger(label: "test"))
        await app.host.start()
        return MCPTestApp(fixture: fixture, app: app, face: MCPFace(app: app))
    }

    /// A caller proven by a key of `role` (scoped to `models` when given).
    static func caller(_ role: Role, models: [String]? = nil) -> Caller {
        Caller(
            Identity(
                keyID: "k-\(role.rawValue)", name: "test-\(role.rawValue)", role: role, models: models,
                credential: .apiKey))
    }

    static let admin = caller(.admin)
    static let `operator` = caller(.operator)
    static let viewer = caller(.viewer)

    /// Sends one message (JSON text) and parses the reply.
    func send(_ json: String, as caller: Caller = admin) async throws -> JSONValue? {
        try await face.send(json, as: caller)
    }

    /// Calls a method with params (JSON text) and returns the response object.
    func request(_ method: String, _ params: String = "{}", as caller: Caller = admin) async throws -> JSONValue {
        try await face.request(method, params, as: caller)
    }

    /// Calls a tool with arguments (JSON text) and returns its `CallToolResult`.
    func tool(_ name: String, _ arguments: String = "{}", as caller: Caller = admin) async throws -> ToolCall {
        try await face.tool(name, arguments, as: caller)
    }

    /// The serving version of the fixture's model in the registry.
    func servingVersion() async throws -> String? {
        try await fixture.store.lifecycle(model: ServingFixture.model).serving
    }

    func remove() { fixture.remove() }
}

extension MCPFace {
    /// Sends one message (JSON text) and parses the reply.
    func send(_ json: String, as caller: Caller) async throws -> JSONValue? {
        guard let reply = await respond(to: Array(json.utf8), caller: caller) else { return nil }
        return try JSONValue.parse(reply.json.utf8)
    }

    /// Calls a method with params (JSON text) and returns the response object.
    func request(_ method: String, _ params: String = "{}", as caller: Caller) async throws -> JSONValue {
        let reply = try await send(#"{"jsonrpc":"2.0","id":7,"method":"\#(method)","params":\#(params)}"#, as: caller)
        guard let reply else { throw TestFailure("no reply to \(method)") }
        return reply
    }

    /// Calls a tool with arguments (JSON text) and returns its `CallToolResult`.
    func tool(_ name: String, _ arguments: String = "{}", as caller: Caller) async throws -> ToolCall {
        let reply = try await request("tools/call", #"{"name":"\#(name)","arguments":\#(arguments)}"#, as: caller)
        guard let result = reply["result"] else { throw TestFailure("tools/call \(name) answered \(reply)") }
        return ToolCall(result: result)
    }
}

/// A tool's result.
struct ToolCall {
    let result: JSONValue

    var isError: Bool { result["isError"]?.bool == true }
    /// The structured content.
    var content: JSONValue { result["structuredContent"] ?? .null }
    /// The Warden error code of a failed call.
    var code: String? { result["structuredContent"]?["error"]?["code"]?.string }
    /// The text content.
    var text: String? { result["content"]?.array?.first?["text"]?.string }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// JSON text of a value.
func jsonText(_ v: JSONValue) -> String { JSONWriter.text(v, nonFinite: .literals) }
