import Foundation
import PostgresNIO
import Registry
import RegistryPostgres
import TestSupport
import Testing

@Suite("PostgresRegistryStore", .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresRegistryStoreTests {
    @Test("passes the RegistryStore conformance suite", arguments: RegistryConformance.checks)
    func conformance(_ check: RegistryConformance.Check) async throws {
        try await TestDatabase.withStore { store in try await check.run(store) }
    }

    @Test("two replicas migrating one new schema at once both succeed, and the schema is applied once")
    func concurrentMigrations() async throws {
        try await TestDatabase.withStores(2, migrate: false) { stores in
            async let a = stores[0].migrate()
            async let b = stores[1].migrate()
            let (first, second) = try await (a, b)
            let known = PostgresRegistryStore.knownMigrations
            #expect([first, second].sorted { $0.count > $1.count } == [known, []])
            #expect(try await stores[0].appliedMigrations() == known)
            #expect(try await stores[1].migrate() == [])
            // Both replicas see and use the same tables.
            try await stores[0].insert(RegistryConformance.record("1.0.0"))
            #expect(try await stores[1].models() == ["m"])
        }
    }

    @Test("refuses a schema migrated by a newer Warden, naming the remedy")
    func newerSchema() async throws {
        try await TestDatabase.withStore { store in
            try await store.client.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
            do {
                try await store.migrate()
                Issue.record("a newer schema was migrated")
            } catch let error as RegistryPostgresError {
                #expect(error.code == .newerSchema)
                #expect(error.message.contains("999") && error.message.contains("newer Warden"))
            }
        }
    }

    @Test("one serving version per model is enforced by the schema, whoever writes")
    func oneServingIndex() async throws {
        try await TestDatabase.withStore { store in
            try await store.insert(RegistryConformance.record("1.0.0", status: .deployed))
            try await store.insert(RegistryConformance.record("1.1.0"))
            await #expect(throws: PSQLError.self) {
                try await store.client.query("UPDATE versions SET status = 'production' WHERE version = '1.1.0'")
            }
            do {
                try await store.insert(RegistryConformance.record("1.2.0", status: .production))
                Issue.record("a second serving version was inserted")
            } catch let error as RegistryError {
                #expect(error.code == .invalidRecord)
            }
        }
    }

    @Test("a store whose server is unreachable fails with storage_error naming the endpoint, not the password")
    func unreachable() async throws {
        var configuration = try PostgresStoreConfiguration(url: "postgres://u:secret@127.0.0.1:1/db?connect_timeout=1")
        configuration.maximumConnections = 1
        configuration.operationTimeout = .seconds(2)
        let store = try PostgresRegistryStore(configuration: configuration, logger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            do {
                _ = try await store.models()
                Issue.record("an unreachable server answered")
            } catch let error as RegistryError {
                #expect(error.code == .storage)
                #expect(error.description.contains("127.0.0.1:1/db") && error.description.contains("no answer within"))
                #expect(!error.description.contains("secret"))
            }
        }
    }
}

@Suite("PostgresStoreConfiguration")
struct PostgresStoreConfigurationTests {
    @Test("reads a URL's parts and query parameters; the description has no password")
    func url() throws {
        let c = try PostgresStoreConfiguration(
            url: "postgresql://warden:p%40ss@db.example:6543/registry?sslmode=require&schema=warden&connect_timeout=3")
        #expect(c.host == "db.example" && c.port == 6543 && c.username == "warden" && c.password == "p@ss")
        #expect(
            c.database == "registry" && c.schema == "warden" && c.tls == .require && c.connectTimeout == .seconds(3))
        #expect(c.description == "postgres://warden@db.example:6543/registry schema warden")
    }

    @Test(
        "refuses a bad URL or schema with invalid_configuration, never repeating the password",
        arguments: [
            "", "mysql://u@h/d", "postgres://h/d", "postgres://u:pw@/d", "postgres://u:pw@h/d?sslmode=maybe",
            "postgres://u:pw@h/d?schema=Bad-Name", "postgres://u:pw@h/d?schema=1x", "postgres://u:pw@h/a/b",
            "postgres://u:pw@h/d?bogus=1",
        ])
    func refuses(_ url: String) {
        do {
            _ = try PostgresStoreConfiguration(url: url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(!error.message.contains(":pw@"))
        }
    }
}
