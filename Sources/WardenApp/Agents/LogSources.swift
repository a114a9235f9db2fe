public import Agents
public import Foundation
public import Registry

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
public struct FileLogSource: LogSource {
    let parsed: LogRecords.Parsed
    let path: String

    /// Reads and parses the file.
    ///
    /// - Throws: ``AppError`` `invalid_request` when the file cannot be read or is not records.
    public init(path: String, parser: LogRecordParser = LogRecordParser(), maxBytes: Int = 4 << 30) throws {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw AppError(.invalidRequest, "cannot read '\(path)'; give the path of a log file") }
        guard size <= maxBytes else {
            throw AppError(.invalidRequest, "'\(path)' has \(size) bytes; a log file may have \(maxBytes)")
        }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: url)) } catch {
            throw AppError(.invalidRequest, "cannot read '\(path)': \(error.localizedDescription)", cause: error)
        }
        let format: LogRecords.Format =
            path.hasSuffix(".csv") ? .csv : path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonLines : .auto
        parsed = try LogRecords.parse(text: bytes, format: format, parser: parser)
        self.path = path
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
