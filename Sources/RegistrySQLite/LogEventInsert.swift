import Foundation
import GRDB
import GRDBSQLite
import Registry

/// Appends log events inside a transaction the caller opened: multi-row `INSERT`s of ``rowsPerStatement`` events
/// bound through SQLite's C API, then single-row ones for the rest.
///
/// Why: with `AUTOINCREMENT`, every `INSERT` statement also updates `sqlite_sequence`, and GRDB's
/// `StatementArguments` box every value; one statement per event spent more time on both than on the rows
/// (≈ 130,000 events/s against ≈ 380,000 this way on a loaded 2-core machine, batches of 10,000). Every value is
/// bound (`SQLITE_TRANSIENT`: SQLite copies the text), none is spliced into the SQL.
enum LogEventInsert {
    /// Events per multi-row statement: 16 × 12 parameters, far below SQLite's limit of 32,766.
    static let rowsPerStatement = 16

    /// Inserts `events` (each already validated and in its ``LogEventRow/storedForm()``) and returns their ids,
    /// in order.
    static func append(_ events: [LogEventRow], _ db: Database) throws -> [Int64] {
        // AUTOINCREMENT gives each new row an id above every id the table ever held, so this transaction's rows
        // are exactly those above `before`, in insertion order.
        let before =
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'log_events'), 0),
                               coalesce((SELECT max(id) FROM log_events), 0))
                    """) ?? 0
        let wide = try db.makeStatement(sql: sql(rows: rowsPerStatement))
        let narrow = try db.makeStatement(sql: sql(rows: 1))
        var index = 0
        while events.count - index >= rowsPerStatement {
            for j in 0..<rowsPerStatement { bind(events[index + j], wide.sqliteStatement, from: Int32(j * 12)) }
            try step(wide, db)
            index += rowsPerStatement
        }
        while index < events.count {
            bind(events[index], narrow.sqliteStatement, from: 0)
            try step(narrow, db)
            index += 1
        }
        let last = db.lastInsertedRowID
        // The usual case: the ids follow each other.
        if last - before == Int64(events.count) { return Array((before + 1)...last) }
        let ids = try Int64.fetchAll(
            db, sql: "SELECT id FROM log_events WHERE id > ? ORDER BY id", arguments: [before])
        guard ids.count == events.count else {
            throw RegistryError(
                .storage,
                "appending \(events.count) log events stored \(ids.count); the log_events table changed "
                    + "during the transaction, which the write lock should prevent")
        }
        return ids
    }

    private static func sql(rows: Int) -> String {
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        return """
            INSERT INTO log_events (
                ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm, data_rate_mbps, packet_loss, message,
                received_at)
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """
    }

    private static func step(_ statement: Statement, _ db: Database) throws {
        let s = statement.sqliteStatement
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// Binds one event to parameters `offset + 1 ... offset + 12`.
    private static func bind(_ e: LogEventRow, _ s: SQLiteStatement, from offset: Int32) {
        sqlite3_bind_int64(s, offset + 1, e.ts)
        text(e.ap, s, offset + 2)
        text(e.bssid, s, offset + 3)
        text(e.clientMAC, s, offset + 4)
        text(e.ssid, s, offset + 5)
        text(e.eventType, s, offset + 6)
        text(e.level, s, offset + 7)
        real(e.signalDBm, s, offset + 8)
        real(e.dataRateMbps, s, offset + 9)
        real(e.packetLoss, s, offset + 10)
        text(e.message, s, offset + 11)
        real(e.receivedAt.timeIntervalSinceReferenceDate, s, offset + 12)
    }

    /// SQLite copies the bytes before `sqlite3_bind_text` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func text(_ value: String?, _ s: SQLiteStatement, _ index: Int32) {
        guard var value else {
            sqlite3_bind_null(s, index)
            return
        }
        value.withUTF8 { bytes in
            // An empty buffer may have no address, which SQLite would take as NULL: bind "" explicitly.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                _ = sqlite3_bind_text(s, index, "", 0, transient)
                return
            }
            _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                sqlite3_bind_text(s, index, chars, Int32(bytes.count), transient)
            }
        }
    }

    private static func real(_ value: Double?, _ s: SQLiteStatement, _ index: Int32) {
        if let value { sqlite3_bind_double(s, index, value) } else { sqlite3_bind_null(s, index) }
    }
}
