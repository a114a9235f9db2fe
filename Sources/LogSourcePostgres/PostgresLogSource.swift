public import Agents
import Foundation
public import PostgresNIO

/// A ``Agents/LogSource`` reading a PostgreSQL table with the log contract's columns, in pages by `id`.
///
/// Each page is one statement with bound parameters, table and column names checked and quoted:
/// `SELECT "id", "ts", ... FROM "wifi_logs" WHERE "id" > $1 ORDER BY "id" LIMIT $2`. Rows are read in
/// PostgreSQL's binary format and normalised by ``Agents/LogRecordParser`` exactly as JSON records are: a row
/// that breaks the contract (a NaN signal, a bad MAC, no `ap`) is a ``Agents/MalformedRecord`` in the page, and
/// the page still moves past it.
///
/// The connection pool is a postgres-nio ``PostgresClient``, a swift-service-lifecycle `Service` the caller runs
/// (``client``): add it to the application's service group. While PostgreSQL is down, reads throw
/// ``LogSourcePostgresError`` (``LogSourcePostgresError/Code/unreachable`` and the like) after at most
/// ``PostgresLogSourceConfiguration/queryTimeout``; the pool reconnects by itself (backing off up to a minute) and
/// reads work again.
///
/// ```swift
/// let source = try PostgresLogSource(
///     configuration: PostgresLogSourceConfiguration(url: url, table: "wifi_logs"), logger: logger)
/// let services = ServiceGroup(services: [source.client, agent], logger: logger)  // in the composition root
/// let page = try await source.read(after: checkpoint, limit: 10_000)
/// ```
public struct PostgresLogSource: LogSource {
    /// The pool, a `Service`: run it (in the service group, or `client.run()` in a task) for reads to proceed.
    public let client: PostgresClient
    /// Where the source reads (its ``PostgresLogSourceConfiguration/description`` hides the password).
    public let configuration: PostgresLogSourceConfiguration
    /// How rows become events.
    public let parser: LogRecordParser

    let logger: Logger
    private let tableName: String
    private let mapped: [(field: LogField, column: SQLIdentifier)]
    private let pageSQL: String
    private let newestSQL: String

    /// Creates a source and its (not yet running) client.
    ///
    /// - Parameters:
    ///   - configuration: the server, table, columns and timeouts.
    ///   - parser: how rows become events (message patterns, whether messages are kept).
    ///   - logger: the client's background logger (connection errors); it never sees the password.
    /// - Throws: ``LogSourcePostgresError/Code/invalidConfiguration`` for a table name that is not `name` or
    ///   `schema.name` of plain identifiers, or timeouts and pool sizes out of range.
    public init(
        configuration: PostgresLogSourceConfiguration, parser: LogRecordParser = LogRecordParser(),
        logger: Logger = Logger(label: "warden.agents.postgres")
    ) throws(LogSourcePostgresError) {
        let parts = configuration.table.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw LogSourcePostgresError(
                .invalidConfiguration,
                "table is \"\(configuration.table)\"; write name or schema.name (one dot at most)")
        }
        let table = try parts.map { part throws(LogSourcePostgresError) in
            try SQLIdentifier(String(part), for: "table")
        }
        guard configuration.queryTimeout > .zero, configuration.connectTimeout > .zero else {
            throw LogSourcePostgresError(
                .invalidConfiguration, "the query and connect timeouts must be longer than zero")
        }
        guard configuration.maximumConnections >= 1 else {
            throw LogSourcePostgresError(
                .invalidConfiguration,
                "maximum_connections is \(configuration.maximumConnections); use 1 or more")
        }
        self.configuration = configuration
        self.parser = parser
        self.logger = logger
        self.tableName = configuration.table
        self.mapped = configuration.columns.mapped

        let from = table.map(\.quoted).joined(separator: ".")
        let id = mapped[0].column.quoted
        let ts = mapped[1].column.quoted
        let list = mapped.map(\.column.quoted).joined(separator: ", ")
        self.pageSQL = "SELECT \(list) FROM \(from) WHERE \(id) > $1 ORDER BY \(id) LIMIT $2"
        self.newestSQL =
            "SELECT \(id), \(ts) FROM \(from) WHERE \(ts) IS NOT NULL ORDER BY \(id) DESC LIMIT \(Self.newestScan)"
        self.client = PostgresClient(
            configuration: Self.clientConfiguration(configuration), backgroundLogger: logger)
    }

    /// `postgres:wifi_logs@127.0.0.1:5432/warden` (no credentials).
    public var description: String {
        "postgres:\(tableName)@\(configuration.endpoint)/\(configuration.database)"
    }

    /// The statement each page runs (for logs and tests; parameters `$1` position, `$2` limit).
    public var pageStatement: String { pageSQL }

    /// Up to `limit` rows with an id greater than `position`, in id order, as events and malformed records.
    ///
    /// - Parameters:
    ///   - position: the largest id already read (0 or less to start from the beginning).
    ///   - limit: the most rows to read (≥ 1).
    /// - Returns: the page; ``Agents/LogPage/lastPosition`` is the last row's id, nil when no row was read.
    /// - Throws: ``LogSourcePostgresError`` naming the problem and the remedy: ``LogSourcePostgresError/Code/
    ///   unreachable`` or ``LogSourcePostgresError/Code/timedOut`` while the server is down or slow (transient),
    ///   the table, column, type or credential problems otherwise; `CancellationError` when the caller's task is
    ///   cancelled.
    public func read(after position: Int64, limit: Int) async throws -> LogPage {
        guard limit >= 1 else {
            throw LogSourcePostgresError(.invalidConfiguration, "a page limit of \(limit) reads nothing; use 1 or more")
        }
        var binds = PostgresBindings(capacity: 2)
        binds.append(position)
        binds.append(Int64(limit))
        let query = PostgresQuery(unsafeSQL: pageSQL, binds: binds)
        let reader = PostgresRowReader(mapped: mapped, table: tableName, parser: parser)
        let reserve = min(limit, 100_000)
        return try await guarded {
            var reader = reader
            var page = LogPage(events: [], malformed: [], lastPosition: nil)
            page.events.reserveCapacity(reserve)
            let rows = try await client.query(query, logger: logger)
            for try await row in rows {
                try reader.append(row, to: &page)
            }
            return page
        }
    }

    /// The newest event's id and time (µs since the epoch), nil when the table has no row with a time.
    ///
    /// Runs `SELECT id, ts FROM table WHERE ts IS NOT NULL ORDER BY id DESC LIMIT 64` and returns the first row
    /// whose `ts` the contract accepts (a `timestamptz` that is not ±infinity and within years 0-9999, or text in
    /// the contract's form), so that one bad row does not hide the lag.
    ///
    /// - Throws: as ``read(after:limit:)``.
    public func newest() async throws -> (id: Int64, ts: Int64)? {
        let query = PostgresQuery(unsafeSQL: newestSQL)
        let columns = (mapped[0].column, mapped[1].column)
        let table = tableName
        let found: NewestRow = try await guarded {
            for try await row in try await client.query(query, logger: logger) {
                var cells = row.makeIterator()
                guard let idCell = cells.next(), let tsCell = cells.next() else { continue }
                let id = try Self.integer(idCell, column: columns.0, table: table)
                if let ts = try Self.microseconds(tsCell, column: columns.1, table: table) {
                    return NewestRow(value: (id, ts))
                }
            }
            return NewestRow(value: nil)
        }
        return found.value
    }

    // MARK: - Internals

    /// Rows `newest()` looks at for a valid time.
    private static let newestScan = 64

    /// `newest()`'s answer as a Sendable value.
    private struct NewestRow: Sendable {
        var value: (id: Int64, ts: Int64)?
    }

    /// Runs `operation` within the query timeout, turning every failure into a ``LogSourcePostgresError`` that says
    /// what to do.
    private func guarded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let timeout = configuration.queryTimeout
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                if let first = try await group.next(), let value = first { return value }
                throw QueryTimeout()
            }
        } catch let error as LogSourcePostgresError {
            throw error
        } catch {
            if Task.isCancelled { throw error }
            throw await diagnose(error)
        }
    }

    private static func clientConfiguration(_ c: PostgresLogSourceConfiguration) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch c.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(tlsConfiguration(c.tls))
        case .require, .verifyCA, .verifyFull: tls = .require(tlsConfiguration(c.tls))
        }
        var configuration = PostgresClient.Configuration(
            host: c.host, port: c.port, username: c.username, password: c.password, database: c.database, tls: tls)
        configuration.options.connectTimeout = c.connectTimeout
        configuration.options.maximumConnections = c.maximumConnections
        configuration.options.additionalStartupParameters = startupParameters(c)
        return configuration
    }

    private static func integer(_ cell: PostgresCell, column: SQLIdentifier, table: String) throws -> Int64 {
        do {
            return try cell.decode(Int64.self)
        } catch {
            throw LogSourcePostgresError(
                .unsupportedColumnType,
                "column \(column) of table \(table), the log contract's `id`, has type \(cell.dataType); "
                    + "use smallint, integer or bigint")
        }
    }

    private static func microseconds(_ cell: PostgresCell, column: SQLIdentifier, table: String) throws -> Int64? {
        guard var bytes = cell.bytes else { return nil }
        switch cell.dataType {
        case .timestamptz, .timestamp:
            guard bytes.readableBytes == 8, let value = bytes.readInteger(as: Int64.self),
                let us = PostgresText.unixMicroseconds(postgres: value)
            else { return nil }
            var text: [UInt8] = []
            PostgresText.appendTimestamp(postgres: value, to: &text)
            return text.withUnsafeBufferPointer(Timestamp.parse(utf8:)) == us ? us : nil
        case .text, .varchar, .bpchar, .name:
            return bytes.withUnsafeReadableBytes { Timestamp.parse(utf8: $0.assumingMemoryBound(to: UInt8.self)) }
        default:
            throw LogSourcePostgresError(
                .unsupportedColumnType,
                "column \(column) of table \(table), the log contract's `ts`, has type \(cell.dataType); use "
                    + "timestamp with time zone (or timestamp, read as UTC, or text in the contract's ISO 8601 form)")
        }
    }
}

/// The marker of a read that outlived ``PostgresLogSourceConfiguration/queryTimeout``.
struct QueryTimeout: Error {}
