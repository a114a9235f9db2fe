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
    /// A request head (request line and headers) must arrive within this long of the connection opening, or of
    /// the first byte of a later request (`server.header_timeout`).
    public var headerTimeout: Duration
    /// The most connections one client address may hold open (`server.max_connections_per_client`).
    public var maxConnectionsPerClient: Int

    /// Creates settings.
    public init(
        host: String, port: Int, tls: TLSConfiguration? = nil, idleTimeout: Duration = .seconds(60),
        headerTimeout: Duration = .seconds(10), maxConnectionsPerClient: Int = 64
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.maxConnectionsPerClient = maxConnectionsPerClient
    }
}

extension WardenServer {
    /// The HTTP application of `warden serve`: this face's router on the configured address, with the application's
    /// background services (refresh, imports, monitoring, agents) run beside the server and shut down with it.
    /// Every connection is guarded (``GuardedHTTPChannel``): header timeout, connections per client, keep-alive.
    ///
    /// - Throws: NIOSSL's errors when the TLS configuration cannot be used.
    public func application(listen: ListenSettings, onRunning: @escaping @Sendable () -> Void = {}) throws
        -> some ApplicationProtocol
    {
        let limits = ConnectionGuard.Limits(headerTimeout: .init(listen.headerTimeout))
        let connections = ClientConnections(limit: listen.maxConnectionsPerClient)
        let configuration = HTTP1Channel.Configuration(idleTimeout: .init(listen.idleTimeout))
        let http1 = HTTPServerBuilder { responder in
            GuardedHTTPChannel(
                base: HTTP1Channel(responder: responder, configuration: configuration), limits: limits,
                connections: connections)
        }
        let server: HTTPServerBuilder = try listen.tls.map { try .tls(http1, tlsConfiguration: $0) } ?? http1
        return Application(
            router: router(), server: server,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "warden"),
            services: app.backgroundServices(),
            onServerRunning: { _ in onRunning() },
            logger: logger)
    }
}
