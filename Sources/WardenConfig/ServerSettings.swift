/// HTTP listener settings (`server:`); parsed and validated now, used by the server.
public struct ServerSettings: Sendable, Equatable, Codable {
    /// Address to bind. Default `127.0.0.1` (local only); non-empty.
    public var host: String
    /// TCP port. Default 8080; 1...65535.
    public var port: Int
    /// Seconds a client has to send a request's line and headers, counted from the connection opening or from the
    /// first byte of a later request on it; slower clients are closed (slowloris). Default 10; greater than 0, at
    /// most 3600.
    public var headerTimeout: Double
    /// The most connections one client address may hold open at once; more are answered 503
    /// `too_many_connections` and closed. Default 64; at least 1.
    public var maxConnectionsPerClient: Int
    /// Browser origins allowed to call `POST /mcp` besides the server's own host (`scheme://host[:port]`).
    /// Default none; written as a comma-separated list (`server.mcp_allowed_origins`).
    public var mcpAllowedOrigins: [String]

    /// Creates server settings; the defaults are those documented on each field.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, headerTimeout: Double = 10, maxConnectionsPerClient: Int = 64,
        mcpAllowedOrigins: [String] = []
    ) {
        self.host = host
        self.port = port
        self.headerTimeout = headerTimeout
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.mcpAllowedOrigins = mcpAllowedOrigins
    }

    enum CodingKeys: String, CodingKey {
        case host, port, headerTimeout = "header_timeout", maxConnectionsPerClient = "max_connections_per_client"
        case mcpAllowedOrigins = "mcp_allowed_origins"
    }
}
