public import Hummingbird
import Logging
public import NIOCore

/// The request context of every Warden route: Hummingbird's core storage plus the request id that is returned in
/// `X-Request-Id` and attached to every log line of the request.
public struct WardenRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The request id: the client's `X-Request-Id` when it sent a sane one, else generated.
    public var requestID: String
    /// The client's address (rate limits of requests without a key); nil in in-process tests.
    public var remoteAddress: SocketAddress?

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = RequestID().description
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are read by the routes with their own limits (``ServerSettings/maxBodyBytes``).
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}
