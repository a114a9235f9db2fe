import Foundation
import Registry
import RegistryPostgres
import TestSupport
import Testing

@Suite("PostgresRegistryStore as LogEventStore", .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresLogEventStoreTests {
    @Test("passes the LogEventStore conformance suite", arguments: LogEventStoreConformance.checks)
    func conformance(_ check: LogEventStoreConformance.Check) async throws {
        try await TestDatabase.withStore { store in try await check.run(store) }
    }

    @Test("appends of several thousand events span statements, ids in append order")
    func largeAppend() async throws {
        try await TestDatabase.withStore { store in
            let events = (0..<2_500).map { LogEventStoreConformance.event($0) }
            let ids = try await store.appendLogEvents(events)
            #expect(ids.count == 2_500 && ids == ids.sorted() && Set(ids).count == 2_500)
            let back = try await store.logEvents(after: 0, limit: 3_000)
            #expect(back.map(\.ts) == events.map(\.ts))
        }
    }
}
