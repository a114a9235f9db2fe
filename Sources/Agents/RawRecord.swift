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
    private var slots:
        (
            RawField, RawField, RawField, RawField, RawField, RawField, RawField, RawField, RawField, RawField,
            RawField,
            RawField, RawField
        ) = (.null, .null, .null, .null, .null, .null, .null, .null, .null, .null, .null, .null, .null)

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
        get {
            switch field {
            case .id: return slots.0
            case .ts: return slots.1
            case .timestamp: return slots.2
            case .ap: return slots.3
            case .bssid: return slots.4
            case .clientMAC: return slots.5
            case .ssid: return slots.6
            case .eventType: return slots.7
            case .level: return slots.8
            case .signalDBm: return slots.9
            case .dataRateMbps: return slots.10
            case .packetLoss: return slots.11
            case .message: return slots.12
            }
        }
        set {
            switch field {
            case .id: slots.0 = newValue
            case .ts: slots.1 = newValue
            case .timestamp: slots.2 = newValue
            case .ap: slots.3 = newValue
            case .bssid: slots.4 = newValue
            case .clientMAC: slots.5 = newValue
            case .ssid: slots.6 = newValue
            case .eventType: slots.7 = newValue
            case .level: slots.8 = newValue
            case .signalDBm: slots.9 = newValue
            case .dataRateMbps: slots.10 = newValue
            case .packetLoss: slots.11 = newValue
            case .message: slots.12 = newValue
            }
        }
    }
}
