public import Foundation

/// The embedded log source: log events ingested over HTTP (`POST /api/v1/logs`) or by `warden logs ingest`, kept in
/// the registry's database so an agent works with no external database. Each event gets an increasing id at
/// ingestion (its arrival order), which agents keep their position by.
///
/// Implemented by ``InMemoryRegistryStore`` and the SQLite store; TestSupport's `LogEventStoreConformance` runs
/// against both.
public protocol LogEventStore: Sendable {
    /// Appends events in the given order and assigns them increasing ids (greater than every id assigned before).
    ///
    /// - Returns: the ids assigned, in order.
    /// - Throws: `invalid_record` (see ``LogEventRow/validate()``), with nothing appended; `storage_error`.
    @discardableResult
    func appendLogEvents(_ events: [LogEventRow]) async throws(RegistryError) -> [Int64]

    /// Events with an id greater than `id`, in id order, at most `limit`.
    func logEvents(after id: Int64, limit: Int) async throws(RegistryError) -> [LogEventRow]

    /// The newest event's id and time, nil when there is none.
    func newestLogEvent() async throws(RegistryError) -> (id: Int64, ts: Int64)?

    /// Deletes events received before `cutoff` (retention).
    ///
    /// - Returns: how many were removed.
    @discardableResult
    func deleteLogEvents(receivedBefore cutoff: Date) async throws(RegistryError) -> Int
}

/// One normalised log event as the embedded source keeps it (the contract's fields; MACs in lower-case colon form).
public struct LogEventRow: Sendable, Equatable {
    /// The largest message kept, in bytes (longer messages are cut at a character boundary).
    public static let maxMessageBytes = 8 * 1024

    /// Assigned by the store on append (ignored there).
    public var id: Int64
    /// When the controller saw it, µs since the epoch.
    public var ts: Int64
    /// The access point.
    public var ap: String
    /// The radio MAC.
    public var bssid: String?
    /// The station MAC.
    public var clientMAC: String?
    /// The network name.
    public var ssid: String?
    /// The event type word.
    public var eventType: String
    /// `info`, `warning` or `error`.
    public var level: String
    /// Received signal strength.
    public var signalDBm: Double?
    /// PHY data rate.
    public var dataRateMbps: Double?
    /// Loss fraction.
    public var packetLoss: Double?
    /// The raw controller line.
    public var message: String?
    /// When Warden received it.
    public var receivedAt: Date

    /// Creates a row.
    public init(
        id: Int64 = 0, ts: Int64, ap: String, bssid: String? = nil, clientMAC: String? = nil, ssid: String? = nil,
        eventType: String, level: String, signalDBm: Double? = nil, dataRateMbps: Double? = nil,
        packetLoss: Double? = nil, message: String? = nil, receivedAt: Date
    ) {
        self.id = id
        self.ts = ts
        self.ap = ap
        self.bssid = bssid
        self.clientMAC = clientMAC
        self.ssid = ssid
        self.eventType = eventType
        self.level = level
        self.signalDBm = signalDBm
        self.dataRateMbps = dataRateMbps
        self.packetLoss = packetLoss
        self.message = message
        self.receivedAt = receivedAt
    }
}
