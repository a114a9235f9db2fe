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
import WardenApp
import WardenConfig

/// The application on a fresh registry holding the valid package, deployed, built as `warden serve` builds it
/// (``WardenServices/build``) on in-memory stores.
struct TestServer {
    let fixture: ServingFixture
    let app: WardenServices
    let server: WardenServer

    /// The loaded models.
    var host: ModelHost { app.host }

    static func make(
        deploy: Bool = true, maxRows: Int = 10_000, copies: [String] = [], models: [String] = [],
        metrics: ServingMetrics? = nil, security: ((ServingFixture) async throws -> TestSecurity)? = nil,
        mode: ServingMode = .inference, configure: (inout WardenConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let fixture = try await ServingFixture.make(deploy: deploy)
        for c in copies { try await fixture.addCopy(named: c) }
        for m in models { try await fixture.addModel(named: m) }
        let logger = Logger(label: "test")
        var configuration = WardenConfiguration(dataDirectory: fixture.directory.path)
        configuration.monitoring.windowSize = 100
        configure(&configuration)
        var settings = AppSettings(configuration: configuration, wardenVersion: "test", instance: "test")
        settings.serving = true
        settings.defaultMaxRows = maxRows
        let secured = try await security?(fixture)
        let app = try await WardenServices.build(
            settings: settings, stores: AppStores(fixture.store, artifacts: fixture.artifacts),
            issuer: secured?.issuer, metrics: metrics, logger: logger)
        _ = app.modes.enter(mode)
        await app.host.start()
        return TestServer(
            fixture: fixture, app: app,
            server: WardenServer(app: app, http: HTTPSettings(limiter: secured?.limiter), logger: logger))
    }

    var application: some ApplicationProtocol { Application(router: server.router()) }
}

/// Authentication of a test server: the token issuer (nil: off) and the rate limiter.
struct TestSecurity {
    var issuer: TokenIssuer?
    var limiter: RateLimiter?
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
