public import Hummingbird
import HummingbirdCore
public import HummingbirdTLS
public import Logging
public import NIOSSL
import ServiceLifecycle
public import WardenApp

/// Where and how `warden serve` listens.
public struct ListenSettings: Sendable {
    /// The address to bind.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// TLS, when serving HTTPS.
    public var tls: TLSConfiguration?
    /// Connections idle (or sending nothing) this long are closed.
    public var idleTimeout: Duration

    /// Creates settings.
    public init(host: String, port: Int, tls: TLSConfiguration? = nil, idleTimeout: Duration = .seconds(60)) {
        self.host = host
        self.port = port
        self.tls = tls
        self.idleTimeout = idleTimeout
    }
}

extension WardenServer {
    /// The HTTP application of `warden serve`: this face's router on the configured address, with the application's
    /// background services (refresh, imports, monitoring, agents) run beside the server and shut down with it.
    ///
    /// - Throws: NIOSSL's errors when the TLS configuration cannot be used.
    public func application(listen: ListenSettings, onRunning: @escaping @Sendable () -> Void = {}) throws
        -> some ApplicationProtocol
    {
        let http1 = HTTPServerBuilder.http1(
            configuration: .init(idleTimeout: .nanoseconds(listen.idleTimeout.components.seconds * 1_000_000_000)))
        let server: HTTPServerBuilder = try listen.tls.map { try .tls(http1, tlsConfiguration: $0) } ?? http1
        return Application(
            router: router(), server: server,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "warden"),
            services: app.backgroundServices(),
            onServerRunning: { _ in onRunning() },
            logger: logger)
    }
}
