import Foundation
import Registry
import TestSupport
import Testing

@Suite("InMemoryRegistryStore as MonitoringStore")
struct InMemoryMonitoringStoreTests {
    @Test("passes the MonitoringStore conformance suite", arguments: MonitoringStoreConformance.checks)
    func conformance(_ check: MonitoringStoreConformance.Check) async throws {
        try await check.run(InMemoryRegistryStore())
    }
}

@Suite("MetricBucket")
struct MetricBucketTests {
    @Test("merges nil-aware: an empty side leaves the other's minimum and maximum")
    func mergeNilAware() {
        var empty = MetricBucket(model: "m", version: "1.0.0", start: .distantPast, seconds: 60)
        let full = MonitoringStoreConformance.bucket()
        empty.merge(full)
        #expect(empty.latencyMin == 0.25 && empty.latencyMax == 0.5 && empty.scoreMin == -0.5 && empty.scoreMax == 0)
        #expect(empty.predictions == 3 && empty.start == .distantPast)
        var kept = full
        kept.merge(MetricBucket(model: "m", version: "1.0.0", start: .distantPast, seconds: 60))
        #expect(kept == full)
    }

    @Test("saturates counts instead of trapping")
    func saturates() {
        var a = MonitoringStoreConformance.bucket()
        a.predictions = .max - 1
        a.merge(MonitoringStoreConformance.bucket())
        #expect(a.predictions == .max)
    }
}
