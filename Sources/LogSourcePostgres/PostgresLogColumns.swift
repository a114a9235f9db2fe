public import Agents

/// Which column of the table holds each contract field: the contract's own names unless configured otherwise.
///
/// `id` and `ts` are required; any other field may be absent from the table (it is then null in every record, as
/// a JSON record without that key). Keys are the contract's field names (`client_mac`, `signal_dbm`, ...).
///
/// ```swift
/// // a table with `event_time` instead of `ts` and no `bssid` column
/// let columns = try PostgresLogColumns(["ts": "event_time", "bssid": nil])
/// ```
public struct PostgresLogColumns: Sendable, Hashable, CustomStringConvertible {
    /// The contract fields a table can hold, in the order they are selected (`timestamp`, seed 000's name for `ts`,
    /// is not a column: map `ts` instead).
    public static let fields: [LogField] = [
        .id, .ts, .ap, .bssid, .clientMAC, .ssid, .eventType, .level, .signalDBm, .dataRateMbps, .packetLoss,
        .message,
    ]

    /// Every field in a column of its contract name (`id`, `ts`, `ap`, ..., `message`).
    public static let contract = PostgresLogColumns()

    private var names: [LogField: SQLIdentifier]

    private init() {
        var names: [LogField: SQLIdentifier] = [:]
        for field in Self.fields {
            // The contract's names are plain identifiers.
            names[field] = try? SQLIdentifier(field.name, for: "columns.\(field.name)")
        }
        self.names = names
    }

    /// The contract's names with some fields renamed or marked absent.
    ///
    /// - Parameter overrides: contract field name → column name, or nil when the table has no such column.
    /// - Throws: ``LogSourcePostgresError/Code/invalidConfiguration`` for a key that is not a contract field, a
    ///   column name that is not a plain identifier, or `id` / `ts` marked absent.
    public init(_ overrides: [String: String?]) throws(LogSourcePostgresError) {
        self.init()
        for key in overrides.keys.sorted() {
            guard let field = LogField(name: key), Self.fields.contains(field) else {
                throw LogSourcePostgresError(
                    .invalidConfiguration,
                    "columns.\(key) is not a field of the log contract; map one of "
                        + Self.fields.map(\.name).joined(separator: ", "))
            }
            if let column = overrides[key] ?? nil {
                names[field] = try SQLIdentifier(column, for: "columns.\(key)")
            } else if field == .id || field == .ts {
                throw LogSourcePostgresError(
                    .invalidConfiguration,
                    "columns.\(key) is null, but every log table needs an `\(key)` column; name the column that holds it"
                )
            } else {
                names[field] = nil
            }
        }
    }

    /// The column holding `field`, nil when the table has none.
    public subscript(field: LogField) -> SQLIdentifier? { names[field] }

    /// The fields the table holds, in ``fields`` order, with their columns (`id` and `ts` first).
    public var mapped: [(field: LogField, column: SQLIdentifier)] {
        Self.fields.compactMap { field in names[field].map { (field, $0) } }
    }

    /// `ts=event_time, bssid=-` for the fields that differ from the contract, `contract names` otherwise.
    public var description: String {
        let changed = Self.fields.compactMap { field -> String? in
            let column = names[field]
            if column?.name == field.name { return nil }
            return "\(field.name)=\(column?.name ?? "-")"
        }
        return changed.isEmpty ? "contract names" : changed.joined(separator: ", ")
    }
}
