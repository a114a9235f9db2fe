/// HTTP listener settings (`server:`); parsed and validated now, used by the server.
public struct ServerSettings: Sendable, Equatable, Codable {
    /// Address to bind. Default `127.0.0.1` (local only); non-empty.
    public var host: String
    /// TCP port. Default 8080; 1...65535.
    public var port: Int
    /// Browser origins allowed to call `POST /mcp` besides the server's own host (`scheme://host[:port]`).
    /// Default none; written as a comma-separated list (`server.mcp_allowed_origins`).
    public var mcpAllowedOrigins: [String]

    /// Creates server settings; the defaults are those documented on each field.
    public init(host: String = "127.0.0.1", port: Int = 8080, mcpAllowedOrigins: [String] = []) {
        self.host = host
        self.port = port
        self.mcpAllowedOrigins = mcpAllowedOrigins
    }

    enum CodingKeys: String, CodingKey {
        case host, port
        case mcpAllowedOrigins = "mcp_allowed_origins"
    }
}
