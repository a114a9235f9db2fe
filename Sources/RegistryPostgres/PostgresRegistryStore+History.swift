public import Foundation
import Logging
import PostgresNIO
public import Registry

/// Import and transfer histories (``Registry/HistoryStore``) in the tables of migration 1, oldest first by id.
extension PostgresRegistryStore {
    /// See ``Registry/HistoryStore/recordTransfer(_:)``.
    public func recordTransfer(_ event: TransferEvent) async throws(RegistryError) {
        let logger = logger
        try await write("record a transfer of model '\(event.model)'") { connection in
            try await connection.query(
                """
                INSERT INTO transfer_events (source, model, version, status, at, message)
                VALUES (\(event.source), \(event.model), \(event.version), \(event.status),
                    \(event.at.timeIntervalSinceReferenceDate), \(event.message))
                """, logger: logger)
        }
    }

    /// See ``Registry/HistoryStore/transferHistory()``.
    public func transferHistory() async throws(RegistryError) -> [TransferEvent] {
        let logger = logger
        return try await read("read the transfer history") { connection in
            try await Self.rows(
                "SELECT source, model, version, status, at, message FROM transfer_events ORDER BY id", connection,
                logger
            ).map { row in
                TransferEvent(
                    source: try row[0].decode(String.self), model: try row[1].decode(String.self),
                    version: try row[2].decode(String.self), status: try row[3].decode(String.self),
                    at: Date(timeIntervalSinceReferenceDate: try row[4].decode(Double.self)),
                    message: try row[5].decode(String?.self))
            }
        }
    }

    /// See ``Registry/HistoryStore/clearTransferHistory(olderThan:)``.
    @discardableResult
    public func clearTransferHistory(olderThan: Date?) async throws(RegistryError) -> Int {
        let logger = logger
        let before = olderThan?.timeIntervalSinceReferenceDate
        return try await write("clear the transfer history") { connection in
            try await Self.count(
                "DELETE FROM transfer_events WHERE \(before)::double precision IS NULL OR at < \(before) RETURNING 1",
                connection, logger)
        }
    }

    /// See ``Registry/HistoryStore/recordImport(_:)``.
    public func recordImport(_ event: ImportEvent) async throws(RegistryError) {
        let logger = logger
        try await write("record an import of model '\(event.model)'") { connection in
            try await connection.query(
                """
                INSERT INTO import_events (model, source, version, outcome, at, message)
                VALUES (\(event.model), \(event.source), \(event.version), \(event.outcome.rawValue),
                    \(event.at.timeIntervalSinceReferenceDate), \(event.message))
                """, logger: logger)
        }
    }

    /// See ``Registry/HistoryStore/importHistory(model:)``.
    public func importHistory(model: String?) async throws(RegistryError) -> [ImportEvent] {
        let logger = logger
        return try await read("read the import history") { connection in
            try await Self.rows(
                """
                SELECT model, source, version, outcome, at, message FROM import_events
                WHERE \(model)::text IS NULL OR model = \(model) ORDER BY id
                """, connection, logger
            ).map { row in
                let text = try row[3].decode(String.self)
                guard let outcome = ImportEvent.Outcome(rawValue: text) else {
                    throw Self.corrupt("unknown import outcome '\(text)'")
                }
                return ImportEvent(
                    model: try row[0].decode(String.self), source: try row[1].decode(String.self),
                    version: try row[2].decode(String?.self), outcome: outcome,
                    at: Date(timeIntervalSinceReferenceDate: try row[4].decode(Double.self)),
                    message: try row[5].decode(String?.self))
            }
        }
    }
}
