import DriftService
import Foundation
import Monitoring
import Registry
import Testing

/// Deterministic normal samples (xorshift + Box–Muller): the statistics themselves are checked against scipy in
/// MonitoringTests; these tests check the plumbing around them.
struct Normal {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func uniform() -> Double {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }
    mutating func next(mean: Double = 0, std: Double = 1) -> Double {
        mean + std * (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
    }
}

/// Records `rows` predictions whose two features are drawn around `shift`, with scores following feature x.
func feed(_ monitor: PerformanceMonitor, rows: Int, shift: Double, seed: UInt64, now: Date = Date()) {
    var rng = Normal(seed: seed)
    for _ in 0..<rows {
        let x = rng.next(mean: shift)
        let y = rng.next(mean: 5 + shift, std: 2)
        let score = 0.4 + 0.05 * x + 0.01 * rng.next()
        monitor.recordSuccess(
            model: "m", version: "1", latency: 0.001 + 0.0001 * rng.uniform(), scores: [score],
            labels: [score > 0.55 ? 1 : 0], featureNames: ["x", "y"], features: [x, y], now: now)
    }
}

@Suite("Monitoring over the registry: flushes, baselines, drift checks and alerts")
struct DriftServiceTests {
    @Test("a flush writes the aggregates and windows; a new process restores its window from the store")
    func flushAndRestore() async throws {
        let store = InMemoryRegistryStore()
        let monitor = try PerformanceMonitor(windowSize: 200)
        feed(monitor, rows: 150, shift: 0, seed: 1)
        let coordinator = MonitoringCoordinator(monitor: monitor, store: store, instance: "a:1")
        let written = try await coordinator.flush()
        #expect(written.windows == 1)
        let buckets = try await store.metricBuckets(model: "m", version: "1", from: nil, to: nil)
        #expect(buckets.map(\.predictions).reduce(0, +) == 150)
        let summary = try #require(AggregateSummary(buckets))
        let records = monitor.records(model: "m", version: "1")
        let latencies = records.map(\.latency)
        let mean = latencies.reduce(0, +) / 150
        #expect(abs(try #require(summary.latencyMean) - mean) < 1e-12)
        // A second flush adds nothing new.
        _ = try await coordinator.flush()
        let after = try await store.metricBuckets(model: "m", version: "1", from: nil, to: nil)
        #expect(after.map(\.predictions).reduce(0, +) == 150)

        let restarted = try PerformanceMonitor(windowSize: 200)
        let again = MonitoringCoordinator(monitor: restarted, store: store, instance: "a:1")
        #expect(await again.restoreWindows(of: [.init(model: "m", version: "1")]) == 1)
        #expect(restarted.records(model: "m", version: "1") == records)
        // Another instance's name restores nothing.
        let other = MonitoringCoordinator(monitor: try PerformanceMonitor(windowSize: 200), store: store, instance: "b:1")
        #expect(await other.restoreWindows(of: [.init(model: "m", version: "1")]) == 0)
        // The CLI (no monitor) reads the stored window.
        let cli = MonitoringCoordinator(monitor: nil, store: store, instance: "cli")
        #expect(try await cli.window(model: "m", version: "1").records == records)
    }

    @Test("a failed flush keeps the aggregates for the next one")
    func failedFlush() async throws {
        let monitor = try PerformanceMonitor(windowSize: 50)
        feed(monitor, rows: 20, shift: 0, seed: 2)
        let failing = FailingMonitoringStore()
        let coordinator = MonitoringCoordinator(monitor: monitor, store: failing, instance: "a")
        await #expect(throws: RegistryError.self) { try await coordinator.flush() }
        #expect(monitor.drainAggregates().map(\.predictions).reduce(0, +) == 20)
    }

    @Test("a baseline needs enough predictions; drift raises alerts once and clears them once")
    func baselineDriftAndAlerts() async throws {
        let store = InMemoryRegistryStore()
        let monitor = try PerformanceMonitor(windowSize: 300)
        let coordinator = MonitoringCoordinator(monitor: monitor, store: store, instance: "a")
        feed(monitor, rows: 10, shift: 0, seed: 3)
        await #expect(throws: DriftServiceError.self) {
            try await coordinator.captureBaseline(model: "m", version: "1", actor: "test")
        }
        feed(monitor, rows: 290, shift: 0, seed: 4)
        let profile = try await coordinator.captureBaseline(model: "m", version: "1", actor: "test")
        #expect(profile.rowCount == 300)
        #expect(profile.source == .window)
        let stored = try await store.baseline(model: "m", version: "1")
        #expect(stored?.actor == "test")

        // Same distribution: no data drift, no alert.
        monitor.reset(model: "m", version: "1")
        feed(monitor, rows: 300, shift: 0, seed: 5)
        let calm = try await coordinator.check(model: "m", version: "1")
        #expect(calm.check.data?.datasetDrift == false)
        #expect(calm.events.filter { $0.kind == "data_drift" }.isEmpty)

        // Shifted by three standard deviations: both features drift, the score too; one raise each.
        monitor.reset(model: "m", version: "1")
        feed(monitor, rows: 300, shift: 3, seed: 6)
        let shifted = try await coordinator.check(model: "m", version: "1")
        let data = try #require(shifted.check.data)
        #expect(data.datasetDrift)
        #expect(data.features.filter { !$0.drifted }.isEmpty)
        #expect(data.features.filter { $0.test != .kolmogorovSmirnov }.isEmpty)  // 300 reference rows ≤ 1,000
        #expect(data.prediction?.drifted == true)
        #expect(shifted.check.baseline?.driftDetected == true)
        #expect(shifted.check.driftDetected)
        let raisedKinds = Set(shifted.events.filter { $0.event == .raised }.map(\.kind))
        #expect(raisedKinds.isSuperset(of: ["data_drift", "prediction_drift", "baseline_drift"]))
        let dataEvent = try #require(shifted.events.first { $0.kind == "data_drift" })
        #expect(dataEvent.value == 1.0)
        #expect(dataEvent.threshold == 0.5)
        #expect(dataEvent.details.contains("drift_share"))
        // Still drifted: nothing new.
        let still = try await coordinator.check(model: "m", version: "1")
        #expect(still.events.isEmpty)
        // A new coordinator (restart) restores the raised state from the history: still nothing new.
        let restarted = MonitoringCoordinator(monitor: monitor, store: store, instance: "a")
        #expect(try await restarted.check(model: "m", version: "1").events.isEmpty)
        #expect(try await restarted.raisedAlerts(model: "m", version: "1").contains(.dataDrift))
        // Back to normal: each raised alert clears once.
        monitor.reset(model: "m", version: "1")
        feed(monitor, rows: 300, shift: 0, seed: 7)
        let back = try await restarted.check(model: "m", version: "1")
        #expect(Set(back.events.filter { $0.event == .cleared }.map(\.kind)).isSuperset(of: ["data_drift", "baseline_drift"]))
        let history = try await store.alerts(model: "m", version: "1", limit: 100)
        #expect(history.filter { $0.kind == "data_drift" }.map(\.event) == [.cleared, .raised])
    }

    @Test("without a reference the check says why instead of reporting zero")
    func unavailableParts() async throws {
        let store = InMemoryRegistryStore()
        let monitor = try PerformanceMonitor(windowSize: 100)
        let coordinator = MonitoringCoordinator(monitor: monitor, store: store, instance: "a")
        feed(monitor, rows: 8, shift: 0, seed: 8)
        let result = try await coordinator.check(model: "m", version: "1")
        #expect(result.check.data == nil)
        #expect(result.check.dataUnavailable?.contains("no reference profile") == true)
        #expect(result.check.baselineUnavailable?.hasPrefix("no baseline") == true)
        #expect(result.check.indicators == nil)
        #expect(result.check.indicatorsUnavailable?.contains("needs at least 30") == true)
        #expect(result.check.driftScore == nil)
        #expect(!result.check.driftDetected)
    }

    @Test("the alert state machine raises at the thresholds and clears below the lower ones")
    func alertTable() throws {
        var alerts = DriftAlerts(settings: DriftSettings())
        func check(share: Double?, baseline: Double?) -> DriftCheck {
            var c = DriftCheck(
                model: "m", version: "1", window: WindowContents(records: [], featureNames: [], featureColumns: []),
                profile: nil, settings: DriftSettings())
            if let share {
                c.data = DriftReport(
                    features: [], prediction: nil, driftedFeatures: 0, driftShare: share, datasetDrift: share >= 0.5,
                    configuration: .evidently)
            }
            if let baseline, let b = try? BaselineDrift(
                baseline: Baseline(mean: 0, std: 1, sampleCount: 100), current: Array(repeating: baseline, count: 30))
            {
                c.baseline = b
            }
            return c
        }
        let quiet = alerts.observe(check(share: 0.4, baseline: 1.9))
        #expect(quiet.isEmpty)
        let up = alerts.observe(check(share: 0.5, baseline: 2.1))
        #expect(Set(up.map(\.kind)) == [.dataDrift, .baselineDrift])
        #expect(up.allSatisfy { $0.raised })
        let between = alerts.observe(check(share: 0.3, baseline: 1.6))
        #expect(between.isEmpty)  // between the thresholds: no flapping
        let down = alerts.observe(check(share: 0.2, baseline: 1.4))
        #expect(Set(down.map(\.kind)) == [.dataDrift, .baselineDrift])
        #expect(down.allSatisfy { !$0.raised })
        let none = alerts.observe(check(share: nil, baseline: nil))
        #expect(none.isEmpty)
    }

    @Test("cleanup deletes old buckets and alert events and keeps baselines")
    func cleanup() async throws {
        let store = InMemoryRegistryStore()
        let old = Date().addingTimeInterval(-40 * 86_400)
        let monitor = try PerformanceMonitor(windowSize: 100)
        feed(monitor, rows: 40, shift: 0, seed: 9, now: old)
        feed(monitor, rows: 40, shift: 0, seed: 10)
        let coordinator = MonitoringCoordinator(monitor: monitor, store: store, instance: "a")
        _ = try await coordinator.flush()
        _ = try await coordinator.captureBaseline(model: "m", version: "1", actor: "t")
        let removed = try await coordinator.cleanup(olderThanDays: 30)
        #expect(removed.buckets == 1)
        let left = try await store.metricBuckets(model: "m", version: "1", from: nil, to: nil)
        #expect(left.map(\.predictions).reduce(0, +) == 40)
        let kept = try await store.baseline(model: "m", version: "1")
        #expect(kept != nil)
    }

    @Test("a report carries the window, the stored day and the drift check, as JSON and as text")
    func report() async throws {
        let store = InMemoryRegistryStore()
        let monitor = try PerformanceMonitor(windowSize: 200)
        feed(monitor, rows: 200, shift: 0, seed: 11)
        let coordinator = MonitoringCoordinator(monitor: monitor, store: store, instance: "a")
        _ = try await coordinator.captureBaseline(model: "m", version: "1", actor: "t")
        _ = try await coordinator.flush()
        let report = try await coordinator.report(model: "m", version: "1")
        #expect(report.window.count == 200)
        #expect(report.lastDay?.predictions == 200)
        #expect(report.drift.data?.features.count == 2)
        let text = report.text()
        #expect(text.contains("Performance report — m 1"))
        #expect(text.contains("data drift: 0 of 2 features drifted"))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"last_24h\""))
        #expect(json.contains("\"data_drift\""))
    }

    @Test("a reference profile refuses mismatched columns and non-finite values, and round-trips")
    func profile() throws {
        #expect(throws: DriftServiceError.self) {
            try ReferenceProfile(
                source: .upload, capturedAt: Date(), featureNames: ["a", "b"], featureColumns: [[1]], scores: [])
        }
        #expect(throws: DriftServiceError.self) {
            try ReferenceProfile(
                source: .upload, capturedAt: Date(), featureNames: ["a"], featureColumns: [[1, .nan]], scores: [])
        }
        let p = try ReferenceProfile(
            source: .upload, capturedAt: Date(timeIntervalSince1970: 1_000), featureNames: ["a"],
            featureColumns: [[1, 2, 3]], scores: [0.1, 0.2, 0.4])
        #expect(try ReferenceProfile.decode(try p.encoded()) == p)
        #expect(p.scoreBaseline?.sampleCount == 3)
        #expect(throws: DriftServiceError.self) { try ReferenceProfile.decode(Data("x".utf8)) }
    }
}

/// A monitoring store whose writes fail: the flush must keep what it drained.
struct FailingMonitoringStore: MonitoringStore {
    let inner = InMemoryRegistryStore()
    static let failure = RegistryError(.storage, "disk full")
    func addMetricBuckets(_ buckets: [MetricBucket]) async throws(RegistryError) { throw Self.failure }
    func metricBuckets(model: String?, version: String?, from: Date?, to: Date?) async throws(RegistryError)
        -> [MetricBucket]
    { try await inner.metricBuckets(model: model, version: version, from: from, to: to) }
    func saveWindow(_ window: MonitoringWindowRecord) async throws(RegistryError) { throw Self.failure }
    func windows(model: String, version: String) async throws(RegistryError) -> [MonitoringWindowRecord] {
        try await inner.windows(model: model, version: version)
    }
    func saveBaseline(_ baseline: DriftBaselineRecord) async throws(RegistryError) { throw Self.failure }
    func baseline(model: String, version: String) async throws(RegistryError) -> DriftBaselineRecord? { nil }
    func deleteBaseline(model: String, version: String) async throws(RegistryError) -> Bool { false }
    func appendAlert(_ alert: DriftAlertRecord) async throws(RegistryError) -> DriftAlertRecord { throw Self.failure }
    func alerts(model: String?, version: String?, limit: Int) async throws(RegistryError) -> [DriftAlertRecord] { [] }
    func deleteMonitoringData(olderThan cutoff: Date) async throws(RegistryError) -> MonitoringCleanup {
        throw Self.failure
    }
}
