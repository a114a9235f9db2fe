public import Foundation
import GRDB
public import Registry

/// The embedded log source in table `log_events` of migration `v5`. Appends bind events to prepared multi-row
/// statements inside one transaction (``LogEventInsert``); reads walk a cursor and take columns by index.
extension SQLiteRegistryStore: LogEventStore {
    /// See ``LogEventStore/appendLogEvents(_:)``: every event is checked before the transaction starts, so a
    /// refused batch appends nothing; ids come from `AUTOINCREMENT`, so they never go back.
    @discardableResult
    public func appendLogEvents(_ events: [LogEventRow]) async throws(RegistryError) -> [Int64] {
        for event in events { try event.validate() }
        guard !events.isEmpty else { return [] }
        let rows = events.map { $0.storedForm() }
        return try await write("append \(events.count) log events") { db in try LogEventInsert.append(rows, db) }
    }

    /// See ``LogEventStore/logEvents(after:limit:)``: a range read on the rowid.
    public func logEvents(after id: Int64, limit: Int) async throws(RegistryError) -> [LogEventRow] {
        try LogEventRow.checkLimit(limit)
        return try await read("read log events after id \(id)") { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(Self.logEventColumns) FROM log_events WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [id, limit])
            var events: [LogEventRow] = []
            events.reserveCapacity(min(limit, 10_000))
            while let row = try rows.next() {
                events.append(
                    LogEventRow(
                        id: try row.decode(atIndex: 0), ts: try row.decode(atIndex: 1), ap: try row.decode(atIndex: 2),
                        bssid: try row.decode(atIndex: 3), clientMAC: try row.decode(atIndex: 4),
                        ssid: try row.decode(atIndex: 5), eventType: try row.decode(atIndex: 6),
                        level: try row.decode(atIndex: 7), signalDBm: try row.decode(atIndex: 8),
                        dataRateMbps: try row.decode(atIndex: 9), packetLoss: try row.decode(atIndex: 10),
                        message: try row.decode(atIndex: 11),
                        receivedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 12))))
            }
            return events
        }
    }

    /// See ``LogEventStore/newestLogEvent()``.
    public func newestLogEvent() async throws(RegistryError) -> (id: Int64, ts: Int64)? {
        try await read("read the newest log event") { db in
            try Row.fetchOne(db, sql: "SELECT id, ts FROM log_events ORDER BY id DESC LIMIT 1").map { row in
                (id: try row.decode(Int64.self, atIndex: 0), ts: try row.decode(Int64.self, atIndex: 1))
            }
        }
    }

    /// See ``LogEventStore/deleteLogEvents(receivedBefore:)``.
    @discardableResult
    public func deleteLogEvents(receivedBefore cutoff: Date) async throws(RegistryError) -> Int {
        // The cutoff as a number: a non-finite date has no description.
        try await write("delete log events received before \(cutoff.timeIntervalSinceReferenceDate) s") { db in
            try db.execute(
                sql: "DELETE FROM log_events WHERE received_at < ?", arguments: [cutoff.timeIntervalSinceReferenceDate])
            return db.changesCount
        }
    }

    private static let logEventColumns = """
        id, ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm, data_rate_mbps, packet_loss, message, \
        received_at
        """
}
