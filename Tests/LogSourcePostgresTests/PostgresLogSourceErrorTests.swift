import Agents
import Foundation
import LogSourcePostgres
import PostgresNIO
import Testing

@Suite(
    "PostgresLogSource: errors name the problem and the remedy, never the password",
    .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresLogSourceErrorTests {
    /// The test database's URL with another password, database or port.
    static func url(password: String? = nil, database: String? = nil, port: Int? = nil) throws -> String {
        let url = try #require(TestDatabase.url)
        var parts = try #require(URLComponents(string: url))
        if let password { parts.password = password }
        if let database { parts.path = "/" + database }
        if let port { parts.port = port }
        return try #require(parts.string)
    }

    /// The error of one read. Errors the server answers come back at once; the timeout is long so that a loaded
    /// machine (CI runs the suites in parallel) cannot turn them into `timed_out`. Only an unreachable server
    /// waits for it, so that test passes a short one.
    static func readError(
        url: String? = nil, table: String = "wifi_logs", columns: PostgresLogColumns = .contract, limit: Int = 10,
        timeout: Duration = .seconds(120)
    ) async throws -> LogSourcePostgresError? {
        var configuration = try TestDatabase.configuration(table: table, columns: columns, url: url)
        configuration.queryTimeout = timeout
        return try await TestDatabase.withSource(configuration) { source in
            let error = await #expect(throws: LogSourcePostgresError.self) {
                try await source.read(after: 0, limit: limit)
            }
            if let error, let password = configuration.password {
                #expect(!error.message.contains(password) && !error.description.contains(password))
            }
            return error
        }
    }

    @Test("a missing table")
    func missingTable() async throws {
        let error = try await Self.readError(table: "no_such_table")
        #expect(error?.code == .tableNotFound)
        #expect(error?.message.hasPrefix("table no_such_table does not exist in database \"warden_test\"") == true)
        #expect(error?.message.contains("docs/AGENTS.md") == true)
    }

    @Test("a missing column")
    func missingColumn() async throws {
        let table = TestDatabase.uniqueName()
        try await TestDatabase.withClient(dropping: ["DROP TABLE \(table)"]) { client in
            try await TestDatabase.createContractTable(table, on: client)
            let error = try await Self.readError(table: table, columns: PostgresLogColumns(["ssid": "network"]))
            #expect(error?.code == .columnNotFound)
            #expect(error?.message.contains(#"column "network" does not exist"#) == true)
            #expect(error?.message.contains("columns: ssid=network") == true)
        }
    }

    @Test("an id column that is not an integer")
    func textID() async throws {
        let table = TestDatabase.uniqueName()
        try await TestDatabase.withClient(dropping: ["DROP TABLE \(table)"]) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(table) (id text, ts timestamptz)"))
            let columns = try PostgresLogColumns(
                Dictionary(uniqueKeysWithValues: PostgresLogColumns.fields.dropFirst(2).map { ($0.name, String?.none) })
            )
            let error = try await Self.readError(table: table, columns: columns)
            #expect(error?.code == .unsupportedColumnType)
            #expect(error?.message.contains("smallint, integer or bigint") == true)
        }
    }

    @Test("a wrong password")
    func wrongPassword() async throws {
        let error = try await Self.readError(url: Self.url(password: "not-the-password-42"))
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains(#"refused user "warden" for database "warden_test""#) == true)
        #expect(error?.message.contains("not-the-password-42") == false)
    }

    @Test("a missing database")
    func missingDatabase() async throws {
        let error = try await Self.readError(url: Self.url(database: "no_such_db"))
        #expect(error?.code == .databaseNotFound)
        #expect(error?.message.contains(#"has no database "no_such_db""#) == true)
    }

    @Test("nothing listening on the port")
    func refused() async throws {
        let error = try await Self.readError(url: Self.url(port: 1), timeout: .seconds(3))
        #expect(error?.code == .unreachable)
        #expect(error?.code.isTransient == true)
        #expect(error?.message.hasPrefix("PostgreSQL at 127.0.0.1:1 is not reachable (connection refused);") == true)
    }

    @Test("a page limit below 1")
    func limit() async throws {
        let error = try await Self.readError(limit: 0)
        #expect(error?.code == .invalidConfiguration)
    }
}
