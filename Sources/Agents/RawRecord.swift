/// A raw log record: one ``RawField`` per contract field, absent fields null; keys outside the contract are
/// dropped by whoever fills it.
///
/// A fixed set of slots, not a dictionary, so a byte-level reader fills it without hashing or allocating:
///
/// ```swift
/// var record = RawRecord()
/// for (key, value) in pairs {           // key and value: slices of the reader's line buffer
///     _ = record.set(.utf8(value), forKey: key)
/// }
/// let event = try parser.parse(fields: record, arrivalID: lineNumber)
/// ```
public struct RawRecord {
    private var id: RawField = .null
    private var ts: RawField = .null
    private var timestamp: RawField = .null
    private var ap: RawField = .null
    private var bssid: RawField = .null
    private var clientMAC: RawField = .null
    private var ssid: RawField = .null
    private var eventType: RawField = .null
    private var level: RawField = .null
    private var signalDBm: RawField = .null
    private var dataRateMbps: RawField = .null
    private var packetLoss: RawField = .null
    private var message: RawField = .null

    /// An empty record (every field null).
    public init() {}

    /// A record from field names and values; names outside the contract are ignored.
    public init(_ fields: [String: RawField]) {
        for (name, value) in fields {
            if let field = LogField(name: name) { self[field] = value }
        }
    }

    /// Sets the field named by the UTF-8 bytes of `key`.
    ///
    /// - Returns: false, and changes nothing, when `key` names no contract field.
    @discardableResult
    public mutating func set(_ value: RawField, forKey key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let field = LogField(utf8: key) else { return false }
        self[field] = value
        return true
    }

    /// The value of a field (``RawField/null`` when unset).
    public subscript(field: LogField) -> RawField {
        @inline(__always) get {
            switch field {
            case .id: return id
            case .ts: return ts
            case .timestamp: return timestamp
            case .ap: return ap
            case .bssid: return bssid
            case .clientMAC: return clientMAC
            case .ssid: return ssid
            case .eventType: return eventType
            case .level: return level
            case .signalDBm: return signalDBm
            case .dataRateMbps: return dataRateMbps
            case .packetLoss: return packetLoss
            case .message: return message
            }
        }
        @inline(__always) set {
            switch field {
            case .id: id = newValue
            case .ts: ts = newValue
            case .timestamp: timestamp = newValue
            case .ap: ap = newValue
            case .bssid: bssid = newValue
            case .clientMAC: clientMAC = newValue
            case .ssid: ssid = newValue
            case .eventType: eventType = newValue
            case .level: level = newValue
            case .signalDBm: signalDBm = newValue
            case .dataRateMbps: dataRateMbps = newValue
            case .packetLoss: packetLoss = newValue
            case .message: message = newValue
            }
        }
    }
}
