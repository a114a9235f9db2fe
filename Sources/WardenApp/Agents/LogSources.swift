public import Agents
import DataFormats
public import Foundation
public import Registry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The embedded source: events ingested into the registry's own `log_events` table (``LogEventStore``), in
/// ingestion order.
public struct EmbeddedLogSource: LogSource {
    let store: any LogEventStore
    let parser: LogRecordParser

    /// Creates the source over a store.
    public init(store: any LogEventStore, parser: LogRecordParser = LogRecordParser()) {
        self.store = store
        self.parser = parser
    }

    /// See ``LogSource/description``.
    public var description: String { "embedded" }

    /// See ``LogSource/read(after:limit:)``.
    public func read(after position: Int64, limit: Int) async throws -> LogPage {
        let rows = try await store.logEvents(after: position, limit: limit)
        var page = LogPage(events: [], lastPosition: rows.last?.id)
        page.events.reserveCapacity(rows.count)
        for row in rows {
            do {
                page.events.append(try parser.parse(fields: Self.fields(row), arrivalID: row.id))
            } catch {
                if let m = error.malformedRecord { page.malformed.append(m) }
            }
        }
        return page
    }

    /// See ``LogSource/newest()``.
    public func newest() async throws -> (id: Int64, ts: Int64)? { try await store.newestLogEvent() }

    /// A stored row as the parser's fields (it is already normalised; parsing it again is cheap and keeps one path).
    static func fields(_ row: LogEventRow) -> [String: RawField] {
        var f: [String: RawField] = [
            "id": .integer(row.id), "ts": .string(Timestamp(microseconds: row.ts).description[...]),
            "ap": .string(row.ap[...]), "event_type": .string(row.eventType[...]), "level": .string(row.level[...]),
        ]
        if let v = row.bssid { f["bssid"] = .string(v[...]) }
        if let v = row.clientMAC { f["client_mac"] = .string(v[...]) }
        if let v = row.ssid { f["ssid"] = .string(v[...]) }
        if let v = row.signalDBm { f["signal_dbm"] = .number(v) }
        if let v = row.dataRateMbps { f["data_rate_mbps"] = .number(v) }
        if let v = row.packetLoss { f["packet_loss"] = .number(v) }
        if let v = row.message { f["message"] = .string(v[...]) }
        return f
    }

    /// An event as the embedded store keeps it.
    public static func row(_ e: LogEvent, receivedAt: Date) -> LogEventRow {
        LogEventRow(
            ts: e.ts, ap: e.ap, bssid: e.bssid?.description, clientMAC: e.clientMAC?.description, ssid: e.ssid,
            eventType: e.eventType.name, level: e.level.rawValue, signalDBm: e.signalDBm,
            dataRateMbps: e.dataRateMbps, packetLoss: e.packetLoss, message: e.message, receivedAt: receivedAt)
    }
}

/// A JSON-lines, JSON-array or CSV file read once (events numbered by their record order).
///
/// JSON lines (`.jsonl`, `.ndjson`, or a file whose first record starts with `{`) are streamed 1 MiB at a time by
/// ``LogRecords/readLines(from:parser:firstArrivalID:maxLineBytes:chunkSize:)``, so only the events stay in memory
/// (and not their messages, with a parser that drops them); a JSON array or CSV is read whole.
public struct FileLogSource: LogSource {
    let parsed: LogRecords.Parsed
    let path: String

    /// Reads and parses the file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - parser: the record parser; `LogRecordParser(keepsMessages: false)` when the events' messages are not
    ///     needed (windows and features never read them).
    ///   - maxBytes: the largest JSON array or CSV file read whole.
    /// - Throws: ``AppError`` `invalid_request` when the file cannot be read or is not records, or a JSON line is
    ///   longer than ``LogRecords/maxLineBytes``.
    public init(path: String, parser: LogRecordParser = LogRecordParser(), maxBytes: Int = 4 << 30) throws {
        let format = try Self.format(path)
        self.path = path
        if format == .jsonLines {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw AppError(
                    .invalidRequest, "cannot read '\(path)': \(String(cString: strerror(errno))); give the path of a log file")
            }
            defer { close(fd) }
            do throws(AppError) {
                parsed = try LogRecords.readLines(
                    from: FileDescriptorStream(fd, name: path), parser: parser,
                    workers: min(4, ProcessInfo.processInfo.activeProcessorCount))
            } catch {
                throw AppError(.invalidRequest, "'\(path)': \(error.message)", cause: error)
            }
            return
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw AppError(.invalidRequest, "cannot read '\(path)'; give the path of a log file") }
        guard size <= maxBytes else {
            throw AppError(.invalidRequest, "'\(path)' has \(size) bytes; a log file may have \(maxBytes)")
        }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw AppError(.invalidRequest, "cannot read '\(path)': \(error.localizedDescription)", cause: error)
        }
        parsed = try LogRecords.parse(text: bytes, format: format, parser: parser)
    }

    /// The format by the extension, else by the first byte that is not blank (read from the file's first 64 KiB;
    /// `auto` when they are all blank).
    private static func format(_ path: String) throws -> LogRecords.Format {
        if path.hasSuffix(".csv") { return .csv }
        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") { return .jsonLines }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AppError(.invalidRequest, "cannot read '\(path)'; give the path of a log file")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        guard let first = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else {
            return .auto
        }
        return first == UInt8(ascii: "[") ? .jsonArray : first == UInt8(ascii: "{") ? .jsonLines : .csv
    }

    /// See ``LogSource/description``.
    public var description: String { "file:\((path as NSString).lastPathComponent)" }

    /// Every event and malformed record of the file.
    public var all: LogRecords.Parsed { parsed }

    /// See ``LogSource/read(after:limit:)``.
    public func read(after position: Int64, limit: Int) async throws -> LogPage {
        let events = parsed.events.lazy.filter { $0.id > position }.prefix(limit)
        let page = Array(events)
        let last = page.last?.id
        let malformed = parsed.malformed.filter { $0.arrivalID > position && $0.arrivalID <= (last ?? Int64.max) }
        return LogPage(events: page, malformed: malformed, lastPosition: last ?? malformed.last?.arrivalID)
    }

    /// See ``LogSource/newest()``.
    public func newest() async throws -> (id: Int64, ts: Int64)? { parsed.events.last.map { ($0.id, $0.ts) } }
}
