import NIOCore

/// What one HTTP/1 connection is doing, as far as the server's own limits care: whether a request head is awaited
/// and since when (the header timeout), which requests still owe a response and whether the connection stays open
/// after it (keep-alive), and the lingering close that follows a response that ends the connection.
///
/// A value type that takes events and returns what to do, so the rules are tested without a socket
/// (``ConnectionGuardHandler`` performs the actions). Times are `NIODeadline`s given by the caller.
///
/// - A request head must arrive within ``Limits/headerTimeout`` of the connection opening, or of the first byte
///   of a later request; between requests an idle keep-alive connection is Hummingbird's idle timeout's business.
/// - A connection over the per-client bound (``refused``) is answered 503 at its first request head and closed.
/// - A response closes the connection when its request is not keep-alive (HTTP/1.0 without `keep-alive`, or
///   `Connection: close`) or when the response says `Connection: close` (a body that was not read to its end).
///   Closing is lingering: the output is shut, input is read and dropped until the client closes, no byte arrives
///   for ``Limits/lingerIdle`` or ``Limits/lingerTotal`` has passed; then the connection is closed. A client still
///   sending a refused body so reads its response instead of a reset, and no further request is served.
struct ConnectionGuard {
    /// The limits of every connection.
    struct Limits: Sendable, Equatable {
        /// How long a request head may take to arrive.
        var headerTimeout: TimeAmount
        /// A lingering close ends when no byte has arrived for this long.
        var lingerIdle: TimeAmount = .seconds(5)
        /// A lingering close ends after this long in any case.
        var lingerTotal: TimeAmount = .seconds(30)
    }

    /// What to do with an inbound request part.
    enum Inbound: Equatable {
        /// Pass it on to the server.
        case forward
        /// Drop it: the connection is closing.
        case discard
        /// Drop it and answer 503 `too_many_connections`, then close (``responseWritten(now:)`` was not called for
        /// it: the guard wrote the answer itself and is closing).
        case refuse
    }

    /// What the timer's firing means.
    enum Timeout: Equatable {
        /// Nothing is due; wait for the deadline, if any.
        case wait(NIODeadline?)
        /// The request head did not arrive in time; `partial` when some of it did (answer 408), else close quietly.
        case headerTimedOut(partial: Bool)
        /// The lingering close is over: close the connection.
        case close
    }

    let limits: Limits
    /// Whether this connection is over the per-client bound.
    let refused: Bool

    /// Requests whose head arrived and whose end has not.
    private var reading = 0
    /// Per request that owes a response, oldest first: whether the connection stays open after it.
    private var owed: [Bool] = []
    /// When the awaited request head started (connection open, or the first byte of a later request).
    private var headSince: NIODeadline?
    /// Some bytes of the awaited request head arrived.
    private var partialHead = false
    /// When the lingering close began, and the last read since.
    private var lingerStart: NIODeadline?
    private var lastRead: NIODeadline?

    /// A connection that opened at `now`.
    init(opened now: NIODeadline, limits: Limits, refused: Bool = false) {
        self.limits = limits
        self.refused = refused
        headSince = now
    }

    /// Whether the connection is closing (output shut or about to be, input dropped).
    var isClosing: Bool { lingerStart != nil }

    /// When the timer should fire next; nil when nothing is timed.
    var deadline: NIODeadline? {
        if let lingerStart, let lastRead { return min(lingerStart + limits.lingerTotal, lastRead + limits.lingerIdle) }
        return headSince.map { $0 + limits.headerTimeout }
    }

    /// Bytes arrived (a read completed). The first byte of a request on an idle connection starts its header clock.
    mutating func bytesRead(now: NIODeadline) {
        if isClosing {
            lastRead = now
        } else if headSince != nil {
            partialHead = true
        } else if reading == 0, owed.isEmpty {
            headSince = now
            partialHead = true
        }
    }

    /// A request head arrived.
    mutating func head(keepAlive: Bool, now: NIODeadline) -> Inbound {
        if isClosing { return .discard }
        if refused {
            startClosing(now: now)
            return .refuse
        }
        headSince = nil
        partialHead = false
        reading += 1
        owed.append(keepAlive)
        return .forward
    }

    /// A body part or the end of a request arrived.
    mutating func bodyOrEnd(isEnd: Bool) -> Inbound {
        if isClosing { return .discard }
        if isEnd, reading > 0 { reading -= 1 }
        return .forward
    }

    /// A response head is written; `closes` when it says `Connection: close`. Returns whether the connection ends
    /// after this response (the handler then makes sure the head says `Connection: close`).
    mutating func responseHead(closes: Bool) -> Bool {
        guard !owed.isEmpty else { return closes }
        if closes { owed[0] = false }
        return !owed[0]
    }

    /// A response ended. Returns true when the connection now closes (lingering).
    mutating func responseWritten(now: NIODeadline) -> Bool {
        guard !owed.isEmpty else { return false }
        let keepAlive = owed.removeFirst()
        guard keepAlive else {
            startClosing(now: now)
            return true
        }
        return false
    }

    /// The timer fired at `now`.
    mutating func timerFired(now: NIODeadline) -> Timeout {
        guard let due = deadline else { return .wait(nil) }
        guard now >= due else { return .wait(due) }
        if isClosing { return .close }
        let partial = partialHead
        startClosing(now: now)
        return .headerTimedOut(partial: partial)
    }

    private mutating func startClosing(now: NIODeadline) {
        headSince = nil
        lingerStart = now
        lastRead = now
    }
}
