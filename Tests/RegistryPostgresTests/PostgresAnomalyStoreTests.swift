import Foundation
import PostgresNIO
import Registry
import RegistryPostgres
import TestSupport
import Testing

@Suite("PostgresRegistryStore as AnomalyStore", .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresAnomalyStoreTests {
    @Test("passes the AnomalyStore conformance suite", arguments: AnomalyStoreConformance.checks)
    func conformance(_ check: AnomalyStoreConformance.Check) async throws {
        try await TestDatabase.withStore { store in try await check.run(store) }
    }

    @Test("two replicas committing the same windows at once store each window and anomaly once")
    func replicasCommitOnce() async throws {
        try await TestDatabase.withStores(2) { stores in
            typealias C = AnomalyStoreConformance
            let batch = C.batch(
                (0..<20).map { C.outcome("ap-\($0 % 4)", minute: $0) },
                (0..<20).filter { $0.isMultiple(of: 3) }.map { C.anomaly("ap-\($0 % 4)", minute: $0) })
            async let a = stores[0].commitWindows(batch)
            async let b = stores[1].commitWindows(batch)
            let (first, second) = try await (a, b)
            #expect(first.newOutcomes + second.newOutcomes == batch.outcomes.count)
            #expect(first.newAnomalies.count + second.newAnomalies.count == batch.anomalies.count)
            let page = try await stores[1].anomalies(AnomalyQuery(limit: 1000))
            #expect(page.total == batch.anomalies.count)
        }
    }
}
