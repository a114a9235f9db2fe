/// Why a log record cannot become an event: the record's arrival number, the field at fault, the reason and the
/// offending value. Carried by an ``AgentsError`` of code ``AgentsError/Code/malformedRecord``.
public struct MalformedRecord: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Reason: String, Sendable, Hashable {
        /// The field is required (`ts`, `ap`) but absent, null or empty.
        case missing
        /// A text field holds a number or a boolean.
        case notText = "not_text"
        /// `ts` (or `timestamp`) is not a contract ISO 8601 timestamp.
        case notATimestamp = "not_a_timestamp"
        /// A measurement is not a JSON number or a decimal string.
        case notANumber = "not_a_number"
        /// A measurement is NaN or infinite (or a literal that overflows).
        case notFinite = "not_finite"
        /// `id` is not an integer.
        case notAnInteger = "not_an_integer"
        /// `id` is outside the signed 64-bit range.
        case outOfRange = "out_of_range"
        /// `bssid` or `client_mac` is not one of the three MAC spellings.
        case notAMACAddress = "not_a_mac_address"
        /// The record is not a record: not a JSON object, or a CSV row that does not have the header's width.
        case notARecord = "not_a_record"

        /// What the sender should do instead.
        public var remedy: String {
            switch self {
            case .missing:
                return "every event needs `ts` (ISO 8601) and `ap`; a message-only record may set `ap=` in its text"
            case .notText: return "send text or null"
            case .notATimestamp: return "write YYYY-MM-DDTHH:MM:SS with 0-6 fraction digits and Z or ±HH:MM"
            case .notANumber: return "send a JSON number, a decimal string or null"
            case .notFinite: return "send a finite number or null"
            case .notAnInteger: return "send an integer id, or none to use the arrival order"
            case .outOfRange: return "send an id within the signed 64-bit range"
            case .notAMACAddress: return "write aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff, or null"
            case .notARecord: return "send one JSON object per record, or CSV rows as wide as the header"
            }
        }
    }

    /// The record's arrival number (line of a file, ingestion sequence).
    public var arrivalID: Int64
    /// The field at fault (``LogField/timestamp`` when seed 000's key held the bad value).
    public var field: LogField?
    /// What is wrong.
    public var reason: Reason
    /// The offending value, rendered short (nil when missing).
    public var value: String?

    /// Creates a description of a malformed record.
    public init(arrivalID: Int64, field: LogField?, reason: Reason, value: String? = nil) {
        self.arrivalID = arrivalID
        self.field = field
        self.reason = reason
        self.value = value
    }

    /// `record 17: signal_dbm is not a number: "n/a"`.
    public var description: String {
        let what: String
        let field = self.field.map(\.description) ?? "the record"
        switch reason {
        case .missing: what = "missing \(field)"
        case .notText: what = "\(field) is not text"
        case .notATimestamp: what = "\(field) is not an ISO 8601 timestamp"
        case .notANumber: what = "\(field) is not a number"
        case .notFinite: what = "\(field) is not a finite number"
        case .notAnInteger: what = "\(field) is not an integer"
        case .outOfRange: what = "\(field) is outside the signed 64-bit range"
        case .notAMACAddress: what = "\(field) is not a MAC address"
        case .notARecord: what = "not a record"
        }
        if let value { return "record \(arrivalID): \(what): \(value)" }
        return "record \(arrivalID): \(what)"
    }
}
