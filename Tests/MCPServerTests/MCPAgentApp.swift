import AccessControl
import DataFormats
import Foundation
import Logging
import MCPServer
import Registry
import TestSupport
import Testing
import WardenApp
import WardenConfig

/// The application on in-memory stores with the sample WiFi package deployed and one agent on the embedded source,
/// drained over the sample logs (samples/wifi-anomaly/logs.jsonl), so that its anomalies are stored; authentication
/// on, with the MCP face over it. As WardenAppTests' AgentFixture, built as `warden serve --config
/// samples/wifi-anomaly/warden.yaml` builds it.
struct MCPAgentApp {
    static let samples = Fixtures.root.appendingPathComponent("samples/wifi-anomaly")
    static let agent = "wifi-campus"
    static let model = "wifi-anomaly"
    static let version = "20260105_000000"

    let app: WardenServices
    let face: MCPFace
    let directory: URL

    static func make() async throws -> MCPAgentApp {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-mcp-agents-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var configuration = WardenConfiguration(dataDirectory: dir.path)
        configuration.model.name = model
        configuration.agents = [AgentSettings(id: agent, model: model, interval: 0.05)]
        var settings = AppSettings(configuration: configuration, wardenVersion: "test", instance: "test")
        settings.serving = true
        let app = try await WardenServices.build(
            settings: settings,
            stores: AppStores(
                InMemoryRegistryStore(), artifacts: FileArtifactStore(root: dir.appendingPathComponent("artifacts"))),
            issuer: try await TokenIssuer(secret: String(repeating: "s3cr3t-", count: 8)), metrics: nil,
            logger: Logger(label: "test"))
        let imported = try await app.imports.importFile(
            at: samples.appendingPathComponent("model_20260105_000000_deployment.zip"))
        try await app.lifecycle.perform(.deploy(imported.record.version), model: model, caller: .system("test"))
        await app.host.start()
        _ = try await app.logs.ingestAll(Array(try Data(contentsOf: samples.appendingPathComponent("logs.jsonl"))))
        try await app.agents.runner(agent).drain()
        return MCPAgentApp(app: app, face: MCPFace(app: app), directory: dir)
    }

    /// Calls a tool with arguments (JSON text) and returns its `CallToolResult`.
    func tool(_ name: String, _ arguments: String = "{}", as caller: Caller = MCPTestApp.admin) async throws -> ToolCall {
        try await face.tool(name, arguments, as: caller)
    }

    /// Calls a method with params (JSON text) and returns the response object.
    func request(_ method: String, _ params: String = "{}", as caller: Caller = MCPTestApp.admin) async throws
        -> JSONValue
    {
        try await face.request(method, params, as: caller)
    }

    /// The stored anomalies, newest window first.
    func anomalies() async throws -> [AnomalyService.Stored] {
        try await app.anomalies.list(AnomalyQuery(limit: 1_000), caller: .system("test")).anomalies
    }

    /// The audit entries of an action, newest first.
    func audit(_ action: String) async throws -> [AuditRecord] {
        try await app.security.audit(since: nil, action: action, actor: nil, limit: 100)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
