/// Where an agent reads log events: pages of events after a position, the source's own increasing `id`.
///
/// Implementations: the embedded source (events ingested into the registry's database), PostgreSQL (a table with the
/// contract's columns), and a file read once. Events come back normalised as the contract says (MACs, levels, empty
/// strings); records that cannot be parsed are skipped and reported in ``LogPage/malformed``, never fatal.
public protocol LogSource: Sendable {
    /// A short description for status and logs, e.g. `postgres:wifi_logs` (no credentials).
    var description: String { get }

    /// Up to `limit` events with an id greater than `position`, in id order.
    ///
    /// - Throws: the source's error when it cannot be read now (a database that went away); the agent backs off and
    ///   retries.
    func read(after position: Int64, limit: Int) async throws -> LogPage

    /// The newest event's id and time (µs since the epoch), nil when the source is empty: what lag is measured
    /// against.
    func newest() async throws -> (id: Int64, ts: Int64)?
}

/// One page read from a ``LogSource``.
public struct LogPage: Sendable {
    /// The events, in id order.
    public var events: [LogEvent]
    /// Records of the page that could not be parsed (counted and reported, not scored).
    public var malformed: [MalformedRecord]
    /// The largest id read, events and malformed records included: where the next page starts.
    public var lastPosition: Int64?

    /// Creates a page.
    public init(events: [LogEvent], malformed: [MalformedRecord] = [], lastPosition: Int64?) {
        self.events = events
        self.malformed = malformed
        self.lastPosition = lastPosition
    }
}
