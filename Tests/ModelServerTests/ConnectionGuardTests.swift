import NIOCore
import Testing

@testable import ModelServer

/// The connection guard's rules, without a socket: the header timeout, keep-alive by HTTP version and
/// `Connection: close`, the per-client refusal and the lingering close.
@Suite("ConnectionGuard: header timeout, keep-alive, refusal, lingering close")
struct ConnectionGuardTests {
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let limits = ConnectionGuard.Limits(headerTimeout: .seconds(10))

    @Test("a head must arrive within the header timeout of the connection opening; bytes alone do not extend it")
    func headerTimeoutFromOpen() {
        var g = ConnectionGuard(opened: t0, limits: limits)
        #expect(g.deadline == t0 + .seconds(10))
        g.bytesRead(now: t0 + .seconds(9))  // a header line a second (slowloris)
        #expect(g.deadline == t0 + .seconds(10))
        #expect(g.timerFired(now: t0 + .seconds(5)) == .wait(t0 + .seconds(10)))
        #expect(g.timerFired(now: t0 + .seconds(10)) == .headerTimedOut(partial: true))
        #expect(g.isClosing)
    }

    @Test("a connection that sends nothing is closed quietly at the header timeout")
    func silentConnection() {
        var g = ConnectionGuard(opened: t0, limits: limits)
        #expect(g.timerFired(now: t0 + .seconds(10)) == .headerTimedOut(partial: false))
    }

    @Test("between requests nothing is timed by the guard; the first byte of the next request starts the clock")
    func keepAliveIdle() {
        var g = ConnectionGuard(opened: t0, limits: limits)
        #expect(g.head(keepAlive: true, now: t0 + .seconds(1)) == .forward)
        #expect(g.deadline == nil)
        #expect(g.bodyOrEnd(isEnd: true) == .forward)
        g.bytesRead(now: t0 + .seconds(1))
        #expect(g.deadline == nil)  // the request is being answered
        #expect(g.responseHead(closes: false) == false)
        #expect(g.responseWritten(now: t0 + .seconds(2)) == false)
        #expect(g.deadline == nil)  // idle keep-alive: Hummingbird's idle timeout
        g.bytesRead(now: t0 + .seconds(100))
        #expect(g.deadline == t0 + .seconds(110))
        #expect(g.head(keepAlive: true, now: t0 + .seconds(101)) == .forward)
        #expect(g.deadline == nil)
    }

    @Test("a long request is never cut by the header timeout")
    func longRequest() {
        var g = ConnectionGuard(opened: t0, limits: limits)
        _ = g.head(keepAlive: true, now: t0)
        _ = g.bodyOrEnd(isEnd: false)
        g.bytesRead(now: t0 + .seconds(60))
        #expect(g.deadline == nil)
        #expect(g.timerFired(now: t0 + .seconds(60)) == .wait(nil))
    }

    @Test("a request that is not keep-alive (HTTP/1.0, Connection: close) closes after its response, lingering")
    func notKeepAlive() {
        var g = ConnectionGuard(opened: t0, limits: limits)
        _ = g.head(keepAlive: false, now: t0)
        _ = g.bodyOrEnd(isEnd: true)
        #expect(g.responseHead(closes: false) == true)
        #expect(g.responseWritten(now: t0 + .seconds(1)) == true)
        #expect(g.isClosing)
        // Whatever arrives now is dropped: no further request is served.
        #expect(g.head(keepAlive: true, now: t0 + .seconds(2)) == .discard)
        // Lingering ends 5 s after the last byte, 30 s after it began at the latest.
        g.bytesRead(now: t0 + .seconds(3))
        #expect(g.deadline == t0 + .seconds(8))
        #expect(g.timerFired(now: t0 + .seconds(6)) == .wait(t0 + .seconds(8)))
        #expect(g.timerFired(now: t0 + .seconds(8)) == .close)
        for s in stride(from: 10, through: 40, by: 2) { g.bytesRead(now: t0 + .seconds(Int64(s))) }
        #expect(g.deadline == t0 + .seconds(31))
    }

    @Test("a response that says Connection: close ends a keep-alive connection (a body left unread)")
    func responseCloses() {
        var g = ConnectionGuard(opened: t0, limits: limits)
        _ = g.head(keepAlive: true, now: t0)
        #expect(g.responseHead(closes: true) == true)
        #expect(g.bodyOrEnd(isEnd: false) == .forward)
        #expect(g.responseWritten(now: t0) == true)
        #expect(g.bodyOrEnd(isEnd: false) == .discard)
    }

    @Test("pipelined requests: the connection closes after the response of the request that asked for it")
    func pipelined() {
        var g = ConnectionGuard(opened: t0, limits: limits)
        _ = g.head(keepAlive: true, now: t0)
        _ = g.bodyOrEnd(isEnd: true)
        _ = g.head(keepAlive: false, now: t0)
        _ = g.bodyOrEnd(isEnd: true)
        #expect(g.responseHead(closes: false) == false)
        #expect(g.responseWritten(now: t0) == false)
        #expect(g.responseHead(closes: false) == true)
        #expect(g.responseWritten(now: t0) == true)
    }

    @Test("a connection over the per-client bound is refused at its first head")
    func refused() {
        var g = ConnectionGuard(opened: t0, limits: limits, refused: true)
        #expect(g.head(keepAlive: true, now: t0) == .refuse)
        #expect(g.isClosing)
        #expect(g.bodyOrEnd(isEnd: true) == .discard)
    }

    @Test("connections per client address: refused over the limit (reported once), released on close")
    func clientConnections() {
        let c = ClientConnections(limit: 2)
        #expect(c.open("10.0.0.1") == .admitted && c.open("10.0.0.1") == .admitted)
        #expect(c.open("10.0.0.1") == .refused(first: true))
        #expect(c.open("10.0.0.1") == .refused(first: false))
        #expect(c.open("10.0.0.2") == .admitted)
        c.close("10.0.0.1")
        #expect(c.count("10.0.0.1") == 1)
        #expect(c.open("10.0.0.1") == .admitted)
        #expect(c.open("10.0.0.1") == .refused(first: true))
    }
}
