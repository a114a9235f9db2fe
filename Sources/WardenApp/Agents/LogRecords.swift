public import Agents
public import DataFormats
import Foundation

/// Log records as Warden receives them — JSON objects (the contract's records, or seed 000's
/// `{"timestamp", "message"}`), JSON lines, CSV with a header — turned into normalised events by the agents'
/// ``LogRecordParser``. Malformed records are collected with their reason, never fatal.
public enum LogRecords {
    /// The events of a batch of records and the records that could not be parsed.
    public struct Parsed: Sendable {
        /// The events, in arrival order.
        public var events: [LogEvent]
        /// The records refused, with the field and reason.
        public var malformed: [MalformedRecord]
    }

    /// Parses JSON objects; arrival ids count from `firstArrivalID`.
    public static func parse(objects: [JSONValue], parser: LogRecordParser, firstArrivalID: Int64 = 1) -> Parsed {
        var parsed = Parsed(events: [], malformed: [])
        parsed.events.reserveCapacity(objects.count)
        for (i, object) in objects.enumerated() {
            let arrival = firstArrivalID + Int64(i)
            guard case .object(let o) = object else {
                parsed.malformed.append(MalformedRecord(arrivalID: arrival, field: nil, reason: .notARecord, value: nil))
                continue
            }
            add(parser, fields(o), arrival, into: &parsed)
        }
        return parsed
    }

    /// Parses a text of records: a JSON array of objects, JSON lines (one object per line; blank lines skipped), or
    /// CSV with a header row naming the contract's fields (`format` decides; `auto` looks at the first byte).
    ///
    /// - Throws: ``AppError`` `invalid_request` when the text is neither.
    public static func parse(text bytes: [UInt8], format: Format = .auto, parser: LogRecordParser, firstArrivalID: Int64 = 1)
        throws -> Parsed
    {
        var format = format
        if format == .auto {
            let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            format = first == UInt8(ascii: "[") ? .jsonArray : first == UInt8(ascii: "{") ? .jsonLines : .csv
        }
        switch format {
        case .jsonArray:
            let value: JSONValue
            do { value = try JSONValue.parse(bytes) } catch {
                throw AppError(.invalidRequest, "the records are not a JSON array: \(error.message)")
            }
            guard case .array(let objects) = value else {
                throw AppError(.invalidRequest, "expected a JSON array of log records")
            }
            return parse(objects: objects, parser: parser, firstArrivalID: firstArrivalID)
        case .jsonLines, .auto:
            return try readLines(bytes: bytes, parser: parser, firstArrivalID: firstArrivalID)
        case .csv:
            return try parseCSV(bytes, parser: parser, firstArrivalID: firstArrivalID)
        }
    }

    /// How records are written.
    public enum Format: String, Sendable {
        /// Decide from the first byte: `[` JSON array, `{` JSON lines, else CSV.
        case auto
        /// A JSON array of objects.
        case jsonArray = "json"
        /// One JSON object per line.
        case jsonLines = "jsonl"
        /// A header row, then one record per row.
        case csv
    }

    static func add(_ parser: LogRecordParser, _ fields: [String: RawField], _ arrival: Int64, into parsed: inout Parsed) {
        add(parser, RawRecord(fields), arrival, into: &parsed)
    }

    /// Parses one record into `parsed`: its event, or why it is malformed.
    @inline(__always)
    static func add(_ parser: LogRecordParser, _ record: RawRecord, _ arrival: Int64, into parsed: inout Parsed) {
        do {
            parsed.events.append(try parser.parse(fields: record, arrivalID: arrival))
        } catch {
            if let malformed = error.malformedRecord {
                parsed.malformed.append(malformed)
            } else {
                parsed.malformed.append(MalformedRecord(arrivalID: arrival, field: nil, reason: .notARecord, value: nil))
            }
        }
    }

    /// A JSON object's members as raw fields: numbers keep their integer or double form; arrays and objects are not
    /// values of any contract field and are handed over as such (`not_text` / `not_a_number`).
    static func fields(_ object: [String: JSONValue]) -> [String: RawField] {
        var out: [String: RawField] = [:]
        out.reserveCapacity(object.count)
        for (key, value) in object {
            switch value {
            case .null: out[key] = .null
            case .bool(let b): out[key] = .bool(b)
            case .int(let i): out[key] = .integer(Int64(i))
            case .double(let d): out[key] = .number(d)
            case .string(let s): out[key] = .string(s[...])
            case .array, .object: out[key] = .bool(false)
            }
        }
        return out
    }

    /// CSV with a header: quoted fields (`""` for a quote), CRLF or LF; every cell is text (empty is null).
    static func parseCSV(_ bytes: [UInt8], parser: LogRecordParser, firstArrivalID: Int64) throws -> Parsed {
        var rows: [[String]] = []
        var row: [String] = []
        var cell: [UInt8] = []
        var quoted = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var cellWasQuoted = false
        func endCell() {
            row.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            cellWasQuoted = false
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        cell.append(b)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(b)
                }
            } else if b == UInt8(ascii: "\""), cell.isEmpty, !cellWasQuoted {
                quoted = true
                cellWasQuoted = true
            } else if b == UInt8(ascii: ",") {
                endCell()
            } else if b == 0x0A {
                endCell()
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            } else if b != 0x0D {
                cell.append(b)
            }
            i += 1
        }
        if quoted { throw AppError(.invalidRequest, "the CSV ends inside a quoted field; close the quote") }
        if !cell.isEmpty || !row.isEmpty {
            endCell()
            rows.append(row)
        }
        guard let header = rows.first else { return Parsed(events: [], malformed: []) }
        var parsed = Parsed(events: [], malformed: [])
        for (n, values) in rows.dropFirst().enumerated() {
            let arrival = firstArrivalID + Int64(n)
            guard values.count == header.count else {
                parsed.malformed.append(
                    MalformedRecord(
                        arrivalID: arrival, field: nil, reason: .notARecord,
                        value: "\(values.count) cells for \(header.count) columns"))
                continue
            }
            var fields: [String: RawField] = [:]
            for (name, value) in zip(header, values) { fields[name] = value.isEmpty ? .null : .string(value[...]) }
            add(parser, fields, arrival, into: &parsed)
        }
        return parsed
    }
}
