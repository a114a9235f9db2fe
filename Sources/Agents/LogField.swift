/// A field of a raw log record, named as in JSON keys, PostgreSQL columns and CSV headers.
///
/// ``timestamp`` is seed 000's name for ``ts``, read only when `ts` is absent or null.
public enum LogField: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `id`.
    case id
    /// `ts`.
    case ts
    /// `timestamp` (seed 000).
    case timestamp
    /// `ap`.
    case ap
    /// `bssid`.
    case bssid
    /// `client_mac`.
    case clientMAC
    /// `ssid`.
    case ssid
    /// `event_type`.
    case eventType
    /// `level`.
    case level
    /// `signal_dbm`.
    case signalDBm
    /// `data_rate_mbps`.
    case dataRateMbps
    /// `packet_loss`.
    case packetLoss
    /// `message`.
    case message

    /// The fields a message may set (`ts` and `id` in a message's text are ignored).
    public static let messageFields: [LogField] = [
        .ap, .bssid, .clientMAC, .ssid, .eventType, .level, .signalDBm, .dataRateMbps, .packetLoss,
    ]

    /// The snake_case name (`client_mac`, ...).
    public var name: String { LogField.names[rawValue].description }

    /// The snake_case name.
    public var description: String { name }

    /// Whether a message may set this field.
    public var isMessageField: Bool {
        switch self {
        case .id, .ts, .timestamp, .message: return false
        default: return true
        }
    }

    /// The field named `name` exactly (case-sensitive); nil for any other key.
    public init?(name: some StringProtocol) {
        var copy = String(name)
        guard let field = copy.withUTF8({ LogField(utf8: $0) }) else { return nil }
        self = field
    }

    /// The field named by UTF-8 bytes (a JSON key or a CSV header), without allocating; nil for any other key.
    public init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        for field in LogField.allCases {
            let word = LogField.names[field.rawValue]
            guard word.utf8CodeUnitCount == b.count else { continue }
            let p = word.utf8Start
            var equal = true
            for i in 0..<b.count where p[i] != b[i] {
                equal = false
                break
            }
            if equal {
                self = field
                return
            }
        }
        return nil
    }

    private static let names: [StaticString] = [
        "id", "ts", "timestamp", "ap", "bssid", "client_mac", "ssid", "event_type", "level", "signal_dbm",
        "data_rate_mbps", "packet_loss", "message",
    ]
}
