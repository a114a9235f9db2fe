/// One normalised WiFi controller log event, as the contract defines it.
///
/// MACs are normalised (``MACAddress``), the level is one of three, empty strings are nil and `ts` is integer
/// microseconds since the epoch (UTC). ``LogRecordParser`` builds events from raw records; tests and sources that
/// already hold typed values build them directly. Measurements are finite (the parser rejects anything else);
/// features treat a non-finite measurement like a missing one.
public struct LogEvent: Sendable, Hashable {
    /// The source's own sequence number, or the record's arrival number when it has none.
    public var id: Int64
    /// When the controller saw the event: microseconds since 1970-01-01T00:00:00Z.
    public var ts: Int64
    /// The access point that reported the event: the entity windows are grouped by (compared exactly).
    public var ap: String
    /// The radio MAC the event concerns (for a beacon: the beaconing radio).
    public var bssid: MACAddress?
    /// The station's MAC.
    public var clientMAC: MACAddress?
    /// The network name (compared exactly).
    public var ssid: String?
    /// What happened.
    public var eventType: LogEventType
    /// The normalised level.
    public var level: LogLevel
    /// Received signal strength in dBm.
    public var signalDBm: Double?
    /// PHY data rate in Mbit/s.
    public var dataRateMbps: Double?
    /// Packet loss as a fraction 0...1 (not range-checked).
    public var packetLoss: Double?
    /// The raw controller line.
    public var message: String?

    /// Creates an event; every field after `ap` has the value of a record that does not set it.
    public init(
        id: Int64, ts: Int64, ap: String, bssid: MACAddress? = nil, clientMAC: MACAddress? = nil,
        ssid: String? = nil, eventType: LogEventType = .missing, level: LogLevel = .info, signalDBm: Double? = nil,
        dataRateMbps: Double? = nil, packetLoss: Double? = nil, message: String? = nil
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
    }
}
