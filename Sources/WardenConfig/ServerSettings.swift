/// HTTP listener settings (`server:`); parsed and validated now, used by the server.
public struct ServerSettings: Sendable, Equatable, Codable {
    /// Address to bind. Default `127.0.0.1` (local only); non-empty.
    public var host: String
    /// TCP port. Default 8080; 1...65535.
    public var port: Int

    /// Creates server settings; the defaults are those documented on each field.
    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}
