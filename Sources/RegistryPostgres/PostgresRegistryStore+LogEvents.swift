public import Foundation
import Logging
import PostgresNIO
public import Registry

/// The embedded log source (``Registry/LogEventStore``) in table `log_events` of migration 6.
///
/// Readers page by id (`WHERE id > position`), so an id must never become visible after a greater one: appenders on
/// every replica take one transaction-scoped advisory lock, so ids are drawn and committed in order (a sequence
/// alone lets a later, smaller id commit after a reader moved past it). Appends are multi-row `INSERT`s with bound
/// values.
extension PostgresRegistryStore: LogEventStore {
    /// Events per `INSERT`: 13 parameters each, well under PostgreSQL's 65,535.
    static let logEventsPerStatement = 1_000

    /// The type of each bound column, in bind order: a NULL is sent untyped, and a column of a chunk that is NULL in
    /// every row would otherwise be taken as text.
    private static let logEventTypes = [
        "bigint", "text", "text", "text", "text", "text", "text", "double precision", "double precision",
        "double precision", "text", "double precision", "bigint",
    ]

    /// See ``Registry/LogEventStore/appendLogEvents(_:)``: every event is checked before the transaction starts, so
    /// a refused batch appends nothing.
    @discardableResult
    public func appendLogEvents(_ events: [LogEventRow]) async throws(RegistryError) -> [Int64] {
        for event in events { try event.validate() }
        guard !events.isEmpty else { return [] }
        let rows = events.map { $0.storedForm() }
        let logger = logger
        return try await write("append \(events.count) log events") { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(Self.modelLockClass), hashtext(current_schema() || ':log_events'))",
                logger: logger)
            var ids: [Int64] = []
            ids.reserveCapacity(rows.count)
            for start in stride(from: 0, to: rows.count, by: Self.logEventsPerStatement) {
                let chunk = rows[start..<min(start + Self.logEventsPerStatement, rows.count)]
                var binds = PostgresBindings(capacity: chunk.count * 13)
                var values: [String] = []
                values.reserveCapacity(chunk.count)
                for (n, e) in chunk.enumerated() {
                    let first = n * 13 + 1
                    values.append(
                        "("
                            + zip(first..<first + 13, Self.logEventTypes).map { "$\($0)::\($1)" }
                            .joined(separator: ", ") + ")")
                    binds.append(e.ts)
                    binds.append(e.ap)
                    binds.append(e.bssid)
                    binds.append(e.clientMAC)
                    binds.append(e.ssid)
                    binds.append(e.eventType)
                    binds.append(e.level)
                    binds.append(e.signalDBm)
                    binds.append(e.dataRateMbps)
                    binds.append(e.packetLoss)
                    binds.append(e.message)
                    binds.append(e.receivedAt.timeIntervalSinceReferenceDate)
                    // The position in the chunk, so ids are matched to events whatever order RETURNING uses.
                    binds.append(Int64(n))
                }
                // Only placeholders are joined into the text; every value is bound.
                let sql = """
                    WITH input (ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm, data_rate_mbps,
                        packet_loss, message, received_at, n) AS (VALUES \(values.joined(separator: ", ")))
                    , inserted AS (
                        INSERT INTO log_events (ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm,
                            data_rate_mbps, packet_loss, message, received_at)
                        SELECT ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm, data_rate_mbps,
                            packet_loss, message, received_at
                        FROM input ORDER BY n
                        RETURNING id)
                    SELECT id FROM inserted ORDER BY id
                    """
                let chunkIDs = try await Self.rows(PostgresQuery(unsafeSQL: sql, binds: binds), connection, logger)
                    .map { try $0[0].decode(Int64.self) }
                guard chunkIDs.count == chunk.count else {
                    throw Self.corrupt("an insert of \(chunk.count) log events returned \(chunkIDs.count) ids")
                }
                ids += chunkIDs
            }
            return ids
        }
    }

    /// See ``Registry/LogEventStore/logEvents(after:limit:)``: a range read on the primary key.
    public func logEvents(after id: Int64, limit: Int) async throws(RegistryError) -> [LogEventRow] {
        try LogEventRow.checkLimit(limit)
        let logger = logger
        return try await read("read log events after id \(id)") { connection in
            try await Self.rows(
                """
                SELECT id, ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm, data_rate_mbps, packet_loss,
                    message, received_at
                FROM log_events WHERE id > \(id) ORDER BY id LIMIT \(limit)
                """, connection, logger
            ).map { row in
                LogEventRow(
                    id: try row[0].decode(Int64.self), ts: try row[1].decode(Int64.self),
                    ap: try row[2].decode(String.self), bssid: try row[3].decode(String?.self),
                    clientMAC: try row[4].decode(String?.self), ssid: try row[5].decode(String?.self),
                    eventType: try row[6].decode(String.self), level: try row[7].decode(String.self),
                    signalDBm: try row[8].decode(Double?.self), dataRateMbps: try row[9].decode(Double?.self),
                    packetLoss: try row[10].decode(Double?.self), message: try row[11].decode(String?.self),
                    receivedAt: Date(timeIntervalSinceReferenceDate: try row[12].decode(Double.self)))
            }
        }
    }

    /// See ``Registry/LogEventStore/newestLogEvent()``.
    public func newestLogEvent() async throws(RegistryError) -> (id: Int64, ts: Int64)? {
        let logger = logger
        let newest = try await read("read the newest log event") { connection in
            try await Self.rows("SELECT id, ts FROM log_events ORDER BY id DESC LIMIT 1", connection, logger).first.map
            {
                row in [try row[0].decode(Int64.self), try row[1].decode(Int64.self)]
            }
        }
        return newest.map { (id: $0[0], ts: $0[1]) }
    }

    /// See ``Registry/LogEventStore/deleteLogEvents(receivedBefore:)``.
    @discardableResult
    public func deleteLogEvents(receivedBefore cutoff: Date) async throws(RegistryError) -> Int {
        let logger = logger
        let at = cutoff.timeIntervalSinceReferenceDate
        // The cutoff as a number: a non-finite date has no description.
        return try await write("delete log events received before \(at) s") { connection in
            try await Self.count("DELETE FROM log_events WHERE received_at < \(at) RETURNING 1", connection, logger)
        }
    }
}
