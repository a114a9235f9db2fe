import Foundation
import Monitoring
import Testing

@Suite("The performance monitor: feature windows and time-bucketed aggregates")
struct PerformanceMonitorTests {
    @Test("a feature window keeps the newest rows per feature, also when one request brings more than it holds")
    func featureWindow() throws {
        var w = try FeatureWindow(names: ["a", "b"], capacity: 3)
        w.append(rows: 2, values: [1, 10, 2, 20])
        #expect(w.count == 2)
        #expect(w.column(0).sorted() == [1, 2])
        w.append(rows: 2, values: [3, 30, 4, 40])
        #expect(w.count == 3)
        #expect(w.column(0).sorted() == [2, 3, 4])
        #expect(w.column(1).sorted() == [20, 30, 40])
        w.append(rows: 5, values: [5, 50, 6, 60, 7, 70, 8, 80, 9, 90])
        #expect(w.columns().map { $0.sorted() } == [[7, 8, 9], [70, 80, 90]])
        w.append(rows: 1, values: [1, 2, 3])  // wrong width: ignored
        #expect(w.column(0).sorted() == [7, 8, 9])
        #expect(throws: MonitoringError.self) { try FeatureWindow(names: [], capacity: 3) }
    }

    @Test("aggregates sum rows, errors, anomalies and moments per bucket, and a drain empties them")
    func aggregates() throws {
        let monitor = try PerformanceMonitor(windowSize: 10, bucketSeconds: 60)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // a bucket boundary (divisible by 60)
        monitor.recordSuccess(
            model: "m", version: "1", latency: 0.002, scores: [0.4, 0.7], labels: [0, 1], featureNames: ["x"],
            features: [1, 2], now: t0)
        monitor.recordFailure(model: "m", version: "1", latency: 0.001, errorCode: 422, now: t0.addingTimeInterval(5))
        monitor.recordSuccess(
            model: "m", version: "1", latency: 0.004, scores: [0.5], labels: [0], featureNames: ["x"], features: [3],
            now: t0.addingTimeInterval(61))
        let drained = monitor.drainAggregates()
        #expect(drained.count == 2)
        let first = drained[0]
        #expect(first.start == t0)
        #expect(first.predictions == 3)  // two rows + one failed request
        #expect(first.errors == 1)
        #expect(first.anomalies == 1)
        #expect(first.scoreCount == 2)
        #expect(abs(first.scoreSum - 1.1) < 1e-12)
        #expect(abs(first.latencySum - (0.002 * 2 + 0.001)) < 1e-15)
        #expect(first.latencyMin == 0.001)
        #expect(first.latencyMax == 0.002)
        #expect(first.scoreMax == 0.7)
        #expect(drained[1].start == t0.addingTimeInterval(60))
        #expect(monitor.drainAggregates().isEmpty)
        monitor.restoreAggregates(drained)
        #expect(monitor.drainAggregates() == drained)
        // The window kept the rows and the inputs.
        #expect(monitor.records(model: "m", version: "1").count == 4)
        #expect(monitor.features(model: "m", version: "1")?.column(0).sorted() == [1, 2, 3])
    }

    @Test("window contents survive encoding and restore into a fresh monitor")
    func restore() throws {
        let monitor = try PerformanceMonitor(windowSize: 4)
        monitor.recordSuccess(
            model: "m", version: "1", latency: 0.01, scores: [0.3, 0.6], labels: [0, 1], featureNames: ["x", "y"],
            features: [1, 2, 3, 4])
        monitor.recordFailure(model: "m", version: "1", latency: 0.02, errorCode: 400)
        let key = PerformanceMonitor.Key(model: "m", version: "1")
        let contents = try #require(monitor.windowContents()[key])
        let decoded = try WindowContents.decode(try contents.encoded())
        #expect(decoded == contents)
        #expect(decoded.featureColumns.map { $0.sorted() } == [[1, 3], [2, 4]])
        let fresh = try PerformanceMonitor(windowSize: 4)
        fresh.restore(model: "m", version: "1", contents: decoded)
        #expect(fresh.records(model: "m", version: "1") == contents.records)
        #expect(fresh.features(model: "m", version: "1")?.columns() == decoded.featureColumns)
        #expect(throws: MonitoringError.self) { try WindowContents.decode(Data("{}".utf8)) }
    }
}
