import DriftService
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ModelRuntime
import ModelServer
import Monitoring
import NIOCore
import AccessControl
import DataFormats
import Serving
import TestSupport

/// The application on a fresh registry holding the valid package, deployed.
struct TestServer {
    let fixture: ServingFixture
    let host: ModelHost
    let server: WardenServer

    static func make(
        deploy: Bool = true, maxRows: Int = 10_000, copies: [String] = [],
        metrics: ServingMetrics? = nil, security: ((ServingFixture) async throws -> ServerSecurity)? = nil,
        mode: ServingMode = .inference
    ) async throws -> TestServer {
        let fixture = try await ServingFixture.make(deploy: deploy)
        for c in copies { try await fixture.addCopy(named: c) }
        let logger = Logger(label: "test")
        let host = ModelHost(store: fixture.store, artifacts: fixture.artifacts, defaultModel: nil, logger: logger)
        await host.start()
        let settings = ServerSettings(
            wardenVersion: "test", defaultMaxRows: maxRows, dataDirectory: fixture.directory.path)
        let monitor = try PerformanceMonitor(windowSize: 100)
        let coordinator = MonitoringCoordinator(monitor: monitor, store: fixture.store, instance: "test")
        return TestServer(
            fixture: fixture, host: host,
            server: WardenServer(
                host: host, importer: fixture.importer, settings: settings, monitor: monitor, metrics: metrics,
                monitoring: coordinator, security: try await security?(fixture), modes: ModeController(mode: mode),
                logger: logger))
    }

    var application: some ApplicationProtocol { Application(router: server.router()) }
}

extension ByteBuffer {
    /// The body parsed as JSON (JSONValue, exact doubles).
    func json() throws -> JSONValue { try JSONValue.parse(readableBytesView) }
}

/// A JSON body.
func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

/// `{"features": rows}` with rows as JSON text.
func featuresBody(_ rows: [JSONValue], extra: String = "") throws -> ByteBuffer {
    ByteBuffer(string: "{\"features\":\(try jsonText(.array(rows)))\(extra)}")
}

/// JSON text of a value (doubles in Swift's shortest round-trip form, non-finite ones as Python's bare literals).
func jsonText(_ v: JSONValue) throws -> String { JSONWriter.text(v, nonFinite: .literals) }
