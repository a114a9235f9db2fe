import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with ``ConnectionGuardHandler`` placed right after NIO's request decoder:
/// the header timeout, the bound on connections per client address, keep-alive as the request's HTTP version says
/// (an HTTP/1.0 request without `keep-alive` is answered and closed), and the lingering close of a response that
/// ends the connection. Everything else is ``HTTP1Channel``'s.
struct GuardedHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let limits: ConnectionGuard.Limits
    let connections: ClientConnections

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { [limits, connections] value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(
                ConnectionGuardHandler(limits: limits, connections: connections, logger: logger),
                position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
