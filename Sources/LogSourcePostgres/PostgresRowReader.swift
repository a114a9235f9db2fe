import Agents
import PostgresNIO

/// Turns the rows of a page into events and malformed records, through ``Agents/LogRecordParser`` exactly as JSON
/// records go.
///
/// Cells arrive in PostgreSQL's binary format. Integers and floats become the numbers a JSON record would hold;
/// text, and the text a JSON record would hold for a timestamp, a `macaddr` or a `numeric`, is copied into one
/// scratch buffer reused for every row and handed to the parser as borrowed UTF-8 (no dictionary, no String per
/// cell: the parser copies only what the event keeps). NULL is null, and the parser treats empty text as null.
struct PostgresRowReader {
    /// The selected fields, in column order; `id` first.
    private let fields: [LogField]
    private let columns: [SQLIdentifier]
    private let table: String
    private let parser: LogRecordParser
    private var scratch: [UInt8] = []
    private var slots: [Slot]

    /// One cell's value until the row is complete: text is a range of ``scratch`` (which may still grow).
    private enum Slot {
        case null
        case integer(Int64)
        case number(Double)
        case text(start: Int, count: Int)
    }

    init(mapped: [(field: LogField, column: SQLIdentifier)], table: String, parser: LogRecordParser) {
        self.fields = mapped.map(\.field)
        self.columns = mapped.map(\.column)
        self.table = table
        self.parser = parser
        self.slots = Array(repeating: .null, count: mapped.count)
        scratch.reserveCapacity(4096)
    }

    /// Reads one row into `page`: an event, or a malformed record; either way the row's id is the page's last
    /// position.
    ///
    /// - Throws: ``LogSourcePostgresError/Code/unsupportedColumnType`` when a column's type cannot hold its field.
    mutating func append(_ row: PostgresRow, to page: inout LogPage) throws(LogSourcePostgresError) {
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        for cell in row {
            guard index < fields.count else { break }
            slots[index] = try slot(cell, index)
            index += 1
        }
        // `WHERE id > $1` never selects a NULL id, and slot(_:_:) accepts only integer types for it.
        guard index == fields.count, case .integer(let id) = slots[0] else {
            throw LogSourcePostgresError(
                .queryFailed,
                "a row of table \(table) came back without its \(columns[0]) value; check the table's definition")
        }
        let outcome = scratch.withUnsafeBufferPointer { base -> Result<LogEvent, AgentsError> in
            var record = RawRecord()
            for i in 0..<fields.count {
                switch slots[i] {
                case .null: continue
                case .integer(let value): record[fields[i]] = .integer(value)
                case .number(let value): record[fields[i]] = .number(value)
                case .text(let start, let count):
                    record[fields[i]] = .utf8(UnsafeBufferPointer(rebasing: base[start..<start + count]))
                }
            }
            do throws(AgentsError) {
                return .success(try parser.parse(fields: record, arrivalID: id))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let event): page.events.append(event)
        case .failure(let error):
            // The parser throws nothing but malformed records.
            page.malformed.append(
                error.malformedRecord ?? MalformedRecord(arrivalID: id, field: .id, reason: .missing, value: "\(error)")
            )
        }
        page.lastPosition = id
    }

    /// What a field's column may be.
    private enum Kind {
        case id, ts, text, mac, level, measurement

        init(_ field: LogField) {
            switch field {
            case .id: self = .id
            case .ts, .timestamp: self = .ts
            case .bssid, .clientMAC: self = .mac
            case .level: self = .level
            case .signalDBm, .dataRateMbps, .packetLoss: self = .measurement
            case .ap, .ssid, .eventType, .message: self = .text
            }
        }

        var accepted: String {
            switch self {
            case .id: return "smallint, integer or bigint"
            case .ts:
                return "timestamp with time zone (or timestamp, read as UTC, or text in the contract's ISO 8601 form)"
            case .text: return "text, varchar or char"
            case .mac: return "text, varchar, char or macaddr"
            case .level: return "text, varchar, char or an integer type (a syslog severity)"
            case .measurement: return "double precision, real, numeric, an integer type or text"
            }
        }
    }

    private static func isText(_ type: PostgresDataType) -> Bool {
        type == .text || type == .varchar || type == .bpchar || type == .name
    }

    private static func isInteger(_ type: PostgresDataType) -> Bool {
        type == .int8 || type == .int4 || type == .int2
    }

    private mutating func slot(_ cell: PostgresCell, _ index: Int) throws(LogSourcePostgresError) -> Slot {
        guard var bytes = cell.bytes else { return .null }
        let type = cell.dataType
        let kind = Kind(fields[index])
        // postgres-nio asks for binary results; a text-format cell (never sent) would be the parser's to read.
        if cell.format == .text || (Self.isText(type) && kind != .id) { return copyText(bytes) }
        var value: Slot?
        if Self.isInteger(type), kind == .id || kind == .level || kind == .measurement {
            switch type {
            case .int8: value = bytes.readInteger(as: Int64.self).map { .integer($0) }
            case .int4: value = bytes.readInteger(as: Int32.self).map { .integer(Int64($0)) }
            default: value = bytes.readInteger(as: Int16.self).map { .integer(Int64($0)) }
            }
        } else if kind == .measurement, type == .float8 {
            value = bytes.readInteger(as: UInt64.self).map { .number(Double(bitPattern: $0)) }
        } else if kind == .measurement, type == .float4 {
            value = bytes.readInteger(as: UInt32.self).map { .number(Double(Float(bitPattern: $0))) }
        } else if kind == .measurement, type == .numeric {
            let start = scratch.count
            switch bytes.withUnsafeReadableBytes({ PostgresText.appendNumeric($0, to: &scratch) }) {
            case .decimal: value = .text(start: start, count: scratch.count - start)
            case .special(let number): value = .number(number)
            case .invalid: scratch.removeSubrange(start...)
            }
        } else if kind == .ts, type == .timestamptz || type == .timestamp {
            if bytes.readableBytes == 8, let microseconds = bytes.readInteger(as: Int64.self) {
                let start = scratch.count
                PostgresText.appendTimestamp(postgres: microseconds, to: &scratch)
                value = .text(start: start, count: scratch.count - start)
            }
        } else if kind == .mac, type == .macaddr {
            let start = scratch.count
            if bytes.withUnsafeReadableBytes({ PostgresText.appendMAC($0, to: &scratch) }) {
                value = .text(start: start, count: scratch.count - start)
            }
        } else {
            let name = type.knownSQLName?.lowercased() ?? "oid \(type.rawValue)"
            throw LogSourcePostgresError(
                .unsupportedColumnType,
                "column \(columns[index]) of table \(table), the log contract's `\(fields[index])`, has type \(name); "
                    + "use \(kind.accepted)")
        }
        guard let value else {
            throw LogSourcePostgresError(
                .queryFailed,
                "column \(columns[index]) of table \(table) sent a value that is not valid \(type); check the server")
        }
        return value
    }

    private mutating func copyText(_ bytes: ByteBuffer) -> Slot {
        let start = scratch.count
        bytes.withUnsafeReadableBytes { scratch.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
        return .text(start: start, count: scratch.count - start)
    }
}
