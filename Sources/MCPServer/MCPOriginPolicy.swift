import Foundation
public import MCP

/// Which browser origins may call `POST /mcp` (the protocol's DNS-rebinding and cross-site defence): a request
/// without an `Origin` header (every non-browser client) passes; one with an `Origin` passes when it is listed in
/// ``allowedOrigins`` (exactly, e.g. `https://ops.example.com`) or names the request's own `Host` ("same host").
/// When the server listens on loopback only, the `Host` must also be a loopback name, so a page on another site
/// whose name was rebound to 127.0.0.1 is refused even though its Origin and Host agree.
///
/// Refusals answer 403 (Origin) and 421 (Host) with a JSON-RPC error, through the SDK's validation pipeline.
public struct MCPOriginPolicy: HTTPRequestValidator, Sendable, Equatable {
    /// Origins allowed besides the request's own host (`scheme://host[:port]`, compared case-insensitively).
    public var allowedOrigins: [String]
    /// Whether the server listens on loopback only (then `Host` must be `localhost`, `127.x.y.z` or `[::1]`).
    public var loopbackOnly: Bool

    /// Creates a policy.
    public init(allowedOrigins: [String] = [], loopbackOnly: Bool = false) {
        self.allowedOrigins = allowedOrigins.map { Self.normalized($0) }
        self.loopbackOnly = loopbackOnly
    }

    /// Refuses a request from a browser origin that is neither listed nor the request's own host.
    public func validate(_ request: HTTPRequest, context: HTTPValidationContext) -> HTTPResponse? {
        let host = request.header(HTTPHeaderName.host)
        if loopbackOnly, let host, !Self.isLoopback(host: host) {
            return .error(
                statusCode: 421,
                .invalidRequest(
                    "Misdirected Request: this server listens on loopback; Host '\(host.prefix(100))' is not a "
                        + "loopback name"))
        }
        guard let origin = request.header(HTTPHeaderName.origin) else { return nil }
        if allows(origin: origin, host: host) { return nil }
        return .error(
            statusCode: 403,
            .invalidRequest(
                "Forbidden: Origin '\(origin.prefix(100))' is not allowed; list it in server.mcp_allowed_origins "
                    + "or call from the server's own host"))
    }

    /// Whether a browser origin may call a server addressed as `host`.
    public func allows(origin: String, host: String?) -> Bool {
        let o = Self.normalized(origin)
        if allowedOrigins.contains(o) { return true }
        guard let host, let authority = Self.authority(of: o) else { return false }
        return authority == host.lowercased()
    }

    /// `scheme://host[:port]` lower-cased, without a trailing slash.
    static func normalized(_ origin: String) -> String {
        var o = origin.trimmingCharacters(in: .whitespaces).lowercased()
        while o.hasSuffix("/") { o.removeLast() }
        return o
    }

    /// The `host[:port]` of an `http` or `https` origin.
    static func authority(of origin: String) -> String? {
        for scheme in ["http://", "https://"] where origin.hasPrefix(scheme) {
            let rest = origin.dropFirst(scheme.count)
            return rest.isEmpty || rest.contains("/") ? nil : String(rest)
        }
        return nil
    }

    /// Whether a `Host` header names the loopback interface.
    static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") {  // [::1]:port
            guard let end = name.firstIndex(of: "]") else { return false }
            return name[name.index(after: name.startIndex)..<end] == "::1"
        }
        if let colon = name.lastIndex(of: ":") { name = String(name[..<colon]) }
        return name == "localhost" || name.hasPrefix("127.")
    }
}
