import DataFormats
import Logging
import NIOCore
import NIOHTTP1

/// The channel handler of ``ConnectionGuard``: sits between NIO's HTTP/1 decoder and Hummingbird's conversion to
/// HTTP types (it needs the request's HTTP version for keep-alive), counts the connection against its client
/// address (``ClientConnections``), and performs the guard's actions: the header timeout, the 503 of a connection
/// over the per-client bound, `Connection: close` on a response that ends the connection, and the lingering close.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let limits: ConnectionGuard.Limits
    private let connections: ClientConnections
    private let logger: Logger
    private var state: ConnectionGuard?
    private var address: String?
    private var timer: Scheduled<Void>?

    init(limits: ConnectionGuard.Limits, connections: ClientConnections, logger: Logger) {
        self.limits = limits
        self.connections = connections
        self.logger = logger
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard state == nil else { return }
        let address = context.channel.remoteAddress.map { $0.ipAddress ?? $0.pathname ?? "unknown" } ?? "local"
        let admission = connections.open(address)
        switch admission {
        case .admitted:
            self.address = address
        case .refused(let first):
            // Once per episode: a client hammering at its limit must not flood the log.
            logger.log(
                level: first ? .warning : .debug, "connection over the per-client limit refused",
                metadata: ["client": .string(address), "limit": .stringConvertible(connections.limit)])
        }
        state = ConnectionGuard(opened: .now(), limits: limits, refused: admission != .admitted)
        schedule(context)
    }

    private func stop() {
        timer?.cancel()
        timer = nil
        state = nil
        if let address {
            connections.close(address)
            self.address = nil
        }
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var guarded = state else { return context.fireChannelRead(data) }
        let part = unwrapInboundIn(data)
        let decision: ConnectionGuard.Inbound
        switch part {
        case .head(let head): decision = guarded.head(keepAlive: head.isKeepAlive, now: .now())
        case .body: decision = guarded.bodyOrEnd(isEnd: false)
        case .end: decision = guarded.bodyOrEnd(isEnd: true)
        }
        state = guarded
        switch (decision, part) {
        case (.forward, _): context.fireChannelRead(data)
        case (.refuse, .head(let head)): refuse(context, head: head)
        default: break
        }
        schedule(context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        state?.bytesRead(now: .now())
        schedule(context)
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The client closed its side while the connection lingers: nothing is left to wait for.
        if let event = event as? ChannelEvent, event == .inputClosed, state?.isClosing == true {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard var guarded = state else { return context.write(data, promise: promise) }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            let says = head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
            let ends = guarded.responseHead(closes: says)
            state = guarded
            if ends, !says {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
                return context.write(wrapOutboundOut(.head(head)), promise: promise)
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            let closes = guarded.responseWritten(now: .now())
            state = guarded
            context.write(data, promise: promise)
            if closes { closeOutput(context) }
        }
    }

    // MARK: Actions

    /// Answers 503 `too_many_connections` to the first request of a connection over the per-client bound.
    private func refuse(_ context: ChannelHandlerContext, head: HTTPRequestHead) {
        let error = APIError(
            .serviceUnavailable, code: "too_many_connections",
            "this client address already has \(connections.limit) connections open, the most "
                + "server.max_connections_per_client allows; reuse connections (keep-alive) or close some",
            details: ["limit": .int(connections.limit)])
        respond(context, error, v2: head.uri == "/v2" || head.uri.hasPrefix("/v2/"))
        closeOutput(context)
    }

    /// Writes a complete error response that ends the connection, bypassing the router.
    private func respond(_ context: ChannelHandlerContext, _ error: APIError, v2: Bool) {
        let body = ByteBuffer(string: JSONWriter.text(error.document(v2: v2)))
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        for field in error.headers { headers.add(name: field.name.rawName, value: field.value) }
        let status = HTTPResponseStatus(statusCode: Int(error.status.code))
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Shuts the output once what is written is flushed; the timer closes the connection when lingering ends.
    private func closeOutput(_ context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.flush()
        context.close(mode: .output, promise: promise)
        // A channel that cannot half-close (or is already closed) closes fully.
        promise.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
        schedule(context)
    }

    /// Makes sure the timer fires by the guard's deadline. A timer already due earlier is kept (when it fires the
    /// guard finds nothing due yet and it is scheduled again), and one whose deadline went away is left to fire
    /// for nothing: so a keep-alive connection costs no timer per request, only one per header timeout at most.
    private func schedule(_ context: ChannelHandlerContext) {
        guard let deadline = state?.deadline else { return }
        if timer != nil, let at = scheduledAt, at <= deadline { return }
        timer?.cancel()
        scheduledAt = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.timer = nil
            self.scheduledAt = nil
            self.fired(context)
        }
    }

    private var scheduledAt: NIODeadline?

    private func fired(_ context: ChannelHandlerContext) {
        guard var guarded = state else { return }
        let timeout = guarded.timerFired(now: .now())
        state = guarded
        switch timeout {
        case .wait(let next):
            if next != nil { schedule(context) }
        case .close:
            context.close(promise: nil)
        case .headerTimedOut(let partial):
            logger.debug(
                "request head not received in time; closing", metadata: ["partial": .stringConvertible(partial)])
            if partial {
                let seconds = Double(limits.headerTimeout.nanoseconds) / 1e9
                respond(
                    context,
                    APIError(
                        .requestTimeout, code: "request_timeout",
                        "the request head did not arrive within \(seconds) s (server.header_timeout); send the "
                            + "request line and headers at once",
                        details: ["header_timeout_seconds": .double(seconds)]),
                    v2: false)
            }
            context.close(promise: nil)
        }
    }
}
