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

    @Test("two replicas committing consecutive windows of the same access points at once open one incident per run")
    func replicasOpenOneIncident() async throws {
        try await TestDatabase.withStores(2) { stores in
            typealias C = AnomalyStoreConformance
            let entities = (0..<8).map { "ap-\($0)" }
            // Each round, one replica commits the even minute and the other the odd one: without the agent's lock
            // both would find no incident and open one each.
            for round in 0..<3 {
                let m = round * 2
                async let a = stores[0].commitWindows(C.batch([], entities.map { C.anomaly($0, minute: m) }))
                async let b = stores[1].commitWindows(C.batch([], entities.map { C.anomaly($0, minute: m + 1) }))
                _ = try await (a, b)
            }
            let page = try await stores[0].incidents(IncidentQuery(limit: 1000))
            #expect(page.total == entities.count)
            #expect(page.incidents.allSatisfy { $0.windowCount == 6 && $0.anomalyIDs.count == 6 })
            #expect(Set(page.incidents.map(\.entity)) == Set(entities))
        }
    }
}
