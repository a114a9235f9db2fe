import Foundation
import Registry
import RegistryPostgres
import TestSupport
import Testing

@Suite("PostgresRegistryStore as MonitoringStore", .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresMonitoringStoreTests {
    @Test("passes the MonitoringStore conformance suite", arguments: MonitoringStoreConformance.checks)
    func conformance(_ check: MonitoringStoreConformance.Check) async throws {
        try await TestDatabase.withStore { store in try await check.run(store) }
    }
}
