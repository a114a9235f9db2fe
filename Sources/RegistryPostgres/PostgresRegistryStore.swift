public import Foundation
public import Logging
public import PostgresNIO
public import Registry
public import ServiceLifecycle

/// The shared ``Registry/RegistryStore`` for several replicas: PostgreSQL through postgres-nio's pool.
///
/// Its lifecycle: create it (no I/O), run it as a `Service` (``run()`` runs the pool; in the application's service
/// group, or in a task of its own), call ``migrate()`` once, then use it. Every change runs in one transaction, so
/// nothing is half-written; changes to one model's versions are serialised across replicas by a transaction-scoped
/// advisory lock per model, so ``commit(_:)`` re-reads the revision under it and refuses a stale plan with
/// `conflict`. Reads of several tables run in one `REPEATABLE READ` snapshot. Every SQL value is bound, never
/// interpolated. Backend failures are `storage_error` with the server's message (and SQLSTATE) as the cause.
///
/// ```swift
/// let store = try PostgresRegistryStore(configuration: try PostgresStoreConfiguration(url: url), logger: logger)
/// group.addTask { try await store.run() }
/// try await store.migrate()
/// try await store.insert(record)
/// ```
public final class PostgresRegistryStore: RegistryStore, Service, Sendable {
    /// The pool, itself a `Service`; ``run()`` runs it. Exposed for diagnostics and tests.
    public let client: PostgresClient
    /// Where the store keeps its tables.
    public let configuration: PostgresStoreConfiguration
    let logger: Logger

    /// A store over the configured database; nothing is sent to the server until ``run()`` runs and a call needs it.
    ///
    /// - Parameters:
    ///   - configuration: the server, credentials, schema, pool size and timeouts.
    ///   - logger: the pool's and the store's logger (connection failures are logged at info by postgres-nio).
    /// - Throws: `invalid_configuration` (see ``PostgresStoreConfiguration/validate()``).
    public init(configuration: PostgresStoreConfiguration, logger: Logger) throws(RegistryPostgresError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: Self.clientConfiguration(configuration), backgroundLogger: logger)
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await client.run()
    }

    // MARK: - Transactions

    /// Runs `body` in one transaction on one pooled connection: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(RegistryError) -> T {
        try await transaction(what, begin: "BEGIN", body)
    }

    /// Runs `body` on one consistent, read-only snapshot.
    func read<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(RegistryError) -> T {
        try await transaction(what, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func transaction<T: Sendable>(
        _ what: String, begin: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(RegistryError) -> T {
        do {
            return try await inTransaction(begin: begin, body)
        } catch {
            throw Self.wrap(error, what, configuration)
        }
    }

    /// `body` in a transaction opened with `begin`, within ``PostgresStoreConfiguration/operationTimeout``.
    func inTransaction<T: Sendable>(
        begin: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        let client = client
        return try await withTimeout(configuration.operationTimeout) {
            try await client.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
                let value: T
                do {
                    value = try await body(connection)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
                try await connection.query("COMMIT", logger: logger)
                return value
            }
        }
    }

    /// `operation`, or ``OperationTimedOut`` when it takes longer than `timeout`: the pool waits for a connection
    /// without limit while the server is down, and callers must not hang with it.
    private func withTimeout<T: Sendable>(
        _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            if let first = try await group.next(), let value = first { return value }
            throw OperationTimedOut(timeout: timeout)
        }
    }

    /// An operation that did not finish in time (no connection, or a slow server).
    struct OperationTimedOut: Error, CustomStringConvertible {
        var timeout: Duration
        var description: String { "no answer within \(timeout) (no connection could be made, or the server is slow)" }
    }

    /// Takes the transaction-scoped lock of `model`'s versions: writers of one model (insert, commit, retention) take
    /// turns across every replica; the lock ends with the transaction.
    static func lockModel(_ model: String, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(Self.modelLockClass), hashtext(current_schema() || ':' || \(model)))",
            logger: logger)
    }

    /// The first key of the per-model advisory locks ("WARD"); ``migrationLockClass`` is the next number.
    static let modelLockClass: Int32 = 0x5741_5244
    /// The first key of the migration lock.
    static let migrationLockClass: Int32 = 0x5741_5245

    /// The rows of `query`, each as a random-access row.
    static func rows(
        _ query: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [PostgresRandomAccessRow] {
        var result: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(query, logger: logger) { result.append(row.makeRandomAccess()) }
        return result
    }

    /// The number of rows `query` returns: with `RETURNING 1`, how many rows a statement changed (the async API
    /// does not expose the command tag's count).
    static func count(
        _ query: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Int {
        var count = 0
        for try await _ in try await connection.query(query, logger: logger) { count += 1 }
        return count
    }

    // MARK: - Errors

    static func wrap(_ error: any Error, _ what: String, _ configuration: PostgresStoreConfiguration) -> RegistryError {
        if let error = error as? RegistryError { return error }
        return RegistryError(
            .storage,
            "the PostgreSQL registry at \(configuration.endpoint)/\(configuration.database) failed to \(what); check "
                + "that the server is up and reachable, the credentials are right and the schema is migrated",
            cause: ServerError(error))
    }

    static func notFound(_ model: String, _ version: String) -> RegistryError {
        RegistryError(
            .versionNotFound,
            "model '\(model)' has no version '\(version)'; list the model's versions to pick an existing one",
            model: model, version: version)
    }

    static func corrupt(_ what: String) -> RegistryError {
        RegistryError(
            .storage,
            "the PostgreSQL registry holds a row this build cannot read (\(what)); run the Warden release that wrote "
                + "it or restore a backup")
    }

    /// The SQLSTATE of a server error, e.g. `23505` for a unique violation.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The constraint a server error names, if any.
    static func constraint(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.constraintName]
    }

    /// A backend error shown with the server's message and SQLSTATE: postgres-nio's own description hides them.
    struct ServerError: Error, CustomStringConvertible {
        var description: String

        init(_ error: any Error) {
            if let error = error as? PSQLError {
                if let info = error.serverInfo, let message = info[.message] {
                    description = "PostgreSQL \(info[.sqlState] ?? "?"): \(message)"
                } else {
                    description = "postgres-nio \(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
                }
            } else {
                description = "\(error)"
            }
        }
    }

    // MARK: - Pool configuration

    private static func clientConfiguration(_ c: PostgresStoreConfiguration) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        switch c.tls {
        case .disable, .prefer, .require: tlsConfiguration.certificateVerification = .none
        case .verifyCA: tlsConfiguration.certificateVerification = .noHostnameVerification
        case .verifyFull: tlsConfiguration.certificateVerification = .fullVerification
        }
        switch c.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(tlsConfiguration)
        case .require, .verifyCA, .verifyFull: tls = .require(tlsConfiguration)
        }
        var configuration = PostgresClient.Configuration(
            host: c.host, port: c.port, username: c.username, password: c.password, database: c.database, tls: tls)
        configuration.options.connectTimeout = c.connectTimeout
        configuration.options.maximumConnections = c.maximumConnections
        let (seconds, attoseconds) = c.statementTimeout.components
        let milliseconds = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        var parameters = [("statement_timeout", "\(milliseconds)")]
        if !c.applicationName.isEmpty { parameters.append(("application_name", c.applicationName)) }
        // A plain identifier (checked by validate()), so it stands in the search path as it is.
        if let schema = c.schema { parameters.append(("search_path", schema)) }
        configuration.options.additionalStartupParameters = parameters
        return configuration
    }
}
