import Foundation
import Logging
import PostgresNIO
import RegistryPostgres
import Testing

/// The real server the tests run against: `WARDEN_TEST_POSTGRES_URL`, which scripts/test exports after starting a
/// throw-away cluster (scripts/lib/postgres.sh). Without it, the suites that need it are skipped. Each test gets a
/// store in a schema of its own, dropped afterwards, so tests never see each other's rows and run in parallel.
enum TestDatabase {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["WARDEN_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    static let isAvailable = url != nil

    static let skipReason: Comment =
        "WARDEN_TEST_POSTGRES_URL is not set: run scripts/test, or `. scripts/lib/postgres.sh; ensure_postgres` first"

    /// Stores open at once: every parameterized case starts together, and the cluster allows 200 connections.
    static let slots = Slots(8)

    /// A fresh schema name, so that tests running in parallel never share one.
    static func uniqueSchema() -> String {
        "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// A configuration of the test database in `schema`.
    static func configuration(schema: String) throws -> PostgresStoreConfiguration {
        var configuration = try PostgresStoreConfiguration(url: url ?? "")
        configuration.schema = schema
        configuration.maximumConnections = 4
        return configuration
    }

    static var logger: Logger {
        // postgres-nio reports each failed connection attempt at info: keep the tests' output to warnings.
        var logger = Logger(label: "warden.tests.registry-postgres")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with running stores over `schema` (one per configuration), then drops the schema.
    static func withStores<T>(
        _ count: Int, schema: String = uniqueSchema(), migrate: Bool = true,
        _ body: ([PostgresRegistryStore]) async throws -> T
    ) async throws -> T {
        await slots.acquire()
        do {
            let result = try await run(count, schema: schema, migrate: migrate, body)
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    private static func run<T>(
        _ count: Int, schema: String, migrate: Bool, _ body: ([PostgresRegistryStore]) async throws -> T
    ) async throws -> T {
        do {
            let stores = try (0..<count).map { _ in
                try PostgresRegistryStore(configuration: try configuration(schema: schema), logger: logger)
            }
            return try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.run() } }
                defer { group.cancelAll() }
                do {
                    if migrate { try await stores[0].migrate() }
                    let result = try await body(stores)
                    try await drop(schema, stores[0])
                    return result
                } catch {
                    try? await drop(schema, stores[0])
                    throw error
                }
            }
        }
    }

    /// Runs `body` with one running, migrated store in a fresh schema.
    static func withStore<T>(_ body: (PostgresRegistryStore) async throws -> T) async throws -> T {
        try await withStores(1) { stores in try await body(stores[0]) }
    }

    private static func drop(_ schema: String, _ store: PostgresRegistryStore) async throws {
        // A name made by uniqueSchema(): letters and digits only.
        try await store.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
    }

    /// A counting semaphore for async code.
    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = count }

        func acquire() async {
            if free > 0 {
                free -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
        }
    }
}
