import Agents
import Foundation
import LogSourcePostgres
import Testing

@Suite(
    "PostgresLogSource: a server that goes away and comes back",
    .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresLogSourceRestartTests {
    @Test(
        "reads throw while PostgreSQL is stopped (pg_ctl stop) and work again once it is started",
        .timeLimit(.minutes(3)))
    func restart() async throws {
        // A cluster of its own: the shared one stays up for the other suites.
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(TestDatabase.uniqueName("warden-pg-restart")).path
        do {
            try await stopAndRestart(directory)
        } catch {
            _ = try? await TestDatabase.cluster("destroy", directory)
            throw error
        }
        try await TestDatabase.cluster("destroy", directory)
    }

    func stopAndRestart(_ directory: String) async throws {
        let url = try await TestDatabase.cluster("new", directory)
        try await TestDatabase.withClient(url: url) { client in
            try await TestDatabase.createContractTable("wifi_logs", on: client)
            for row in PostgresLogSourceTests.plainRows(5) {
                try await TestDatabase.insert(row, into: "wifi_logs", on: client)
            }
        }
        var configuration = try TestDatabase.configuration(table: "wifi_logs", url: url)
        configuration.queryTimeout = .seconds(3)
        try await TestDatabase.withSource(configuration) { source in
            #expect(try await source.read(after: 0, limit: 10).events.count == 5)

            try await TestDatabase.cluster("stop", directory)
            for _ in 0..<2 {
                let error = await #expect(throws: LogSourcePostgresError.self) {
                    try await source.read(after: 0, limit: 10)
                }
                #expect(error?.code == .unreachable)
                #expect(error?.message.contains("is not reachable (connection refused)") == true)
            }
            await #expect(throws: LogSourcePostgresError.self) { try await source.newest() }

            try await TestDatabase.cluster("start", directory)
            // The pool reconnects on its own schedule (backing off); transient errors until then.
            var page: LogPage?
            let deadline = ContinuousClock.now + .seconds(90)
            while page == nil, ContinuousClock.now < deadline {
                do {
                    page = try await source.read(after: 2, limit: 10)
                } catch let error as LogSourcePostgresError where error.code.isTransient {
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            #expect(page?.events.map(\.id) == [3, 4, 5])
            #expect(try await source.newest()?.id == 5)
        }
    }
}
