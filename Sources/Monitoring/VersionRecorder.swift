public import Foundation
import Synchronization

/// The recording state of one model version: its rolling window, input rows and pending aggregates behind its own
/// lock. The server keeps one per loaded model, so a prediction records without any lookup by name.
public final class VersionRecorder: Sendable {
    /// The version.
    public let key: PerformanceMonitor.Key
    /// Length of an aggregate bucket, seconds.
    public let bucketSeconds: Int
    // A futex-based mutex: an uncontended lock/unlock costs a few nanoseconds (NSLock, a pthread mutex, several times
    // more), which matters next to a sub-microsecond prediction.
    private let state: Mutex<State>

    private struct State {
        var window: RollingWindow
        var features: FeatureWindow?
        var currentBucket = Int.min
        var current: MetricAggregate
        var pending: [Int: MetricAggregate] = [:]

        /// Makes `bucket` the current one, parking the previous bucket's figures.
        mutating func moveTo(_ bucket: Int, seconds: Int) {
            guard bucket != currentBucket else { return }
            park()
            currentBucket = bucket
            current = MetricAggregate(
                model: current.model, version: current.version,
                start: Date(timeIntervalSince1970: Double(bucket) * Double(seconds)), seconds: seconds)
        }

        /// Moves the current bucket's figures (if any) to `pending`.
        mutating func park() {
            guard currentBucket != Int.min, current.predictions > 0 else { return }
            if var existing = pending[currentBucket] {
                existing.merge(current)
                pending[currentBucket] = existing
            } else {
                pending[currentBucket] = current
            }
            current = MetricAggregate(
                model: current.model, version: current.version, start: current.start, seconds: current.seconds)
        }
    }

    init(key: PerformanceMonitor.Key, windowSize: Int, bucketSeconds: Int) throws {
        self.key = key
        self.bucketSeconds = bucketSeconds
        state = Mutex(
            State(
                window: try RollingWindow(capacity: windowSize),
                current: MetricAggregate(
                    model: key.model, version: key.version, start: Date(timeIntervalSince1970: 0),
                    seconds: bucketSeconds)))
    }

    /// Records the rows of one successful request (see ``PerformanceMonitor/recordSuccess``).
    /// - Parameter now: The time of the prediction; nil reads the clock (whole seconds are enough for a bucket).
    public func recordSuccess(
        latency: Double, scores: [Double], labels: [Int], featureNames: [String] = [], features values: [Double] = [],
        now: Date? = nil
    ) {
        let bucket = bucketIndex(now)
        let seconds = bucketSeconds
        state.withLock { s in
            for i in scores.indices {
                s.window.append(.success(latency: latency, score: scores[i], isAnomaly: labels[i] == 1))
            }
            if !featureNames.isEmpty {
                if s.features?.names != featureNames {
                    s.features = try? FeatureWindow(names: featureNames, capacity: s.window.capacity)
                }
                s.features?.append(rows: scores.count, values: values)
            }
            s.moveTo(bucket, seconds: seconds)
            s.current.addLatency(latency, count: scores.count)
            for i in scores.indices { s.current.addScore(scores[i], anomalous: labels[i] == 1) }
        }
    }

    /// Records a failed request (its HTTP status as the error code).
    public func recordFailure(latency: Double, errorCode: Int32, now: Date? = nil) {
        let bucket = bucketIndex(now)
        let seconds = bucketSeconds
        state.withLock { s in
            s.window.append(.failure(latency: latency, errorCode: errorCode))
            s.moveTo(bucket, seconds: seconds)
            s.current.addLatency(latency, count: 1)
            s.current.errors += 1
        }
    }

    /// The bucket of `now`; without a time, `time(2)` (a few nanoseconds, against tens for `Date()`).
    private func bucketIndex(_ now: Date?) -> Int {
        let seconds = now.map { Int($0.timeIntervalSince1970.rounded(.down)) } ?? time(nil)
        return seconds >= 0 ? seconds / bucketSeconds : (seconds - bucketSeconds + 1) / bucketSeconds
    }

    /// Removes and returns the figures gathered since the last drain.
    func drain() -> [MetricAggregate] {
        state.withLock { s in
            s.park()
            let out = Array(s.pending.values)
            s.pending.removeAll()
            return out
        }
    }

    /// Puts figures back after a failed flush.
    func restore(_ a: MetricAggregate) {
        let bucket = Int((a.start.timeIntervalSince1970 / Double(a.seconds)).rounded(.down))
        state.withLock { s in
            if var existing = s.pending[bucket] {
                existing.merge(a)
                s.pending[bucket] = existing
            } else {
                s.pending[bucket] = a
            }
        }
    }

    /// A copy of the window.
    func windowCopy() -> RollingWindow { state.withLock { $0.window } }

    /// The kept input rows.
    func featureWindow() -> FeatureWindow? { state.withLock { $0.features } }

    /// The window and input rows, for persistence.
    func contents() -> WindowContents? {
        let (w, f) = state.withLock { ($0.window, $0.features) }
        guard w.count > 0 else { return nil }
        return WindowContents(records: w.records, featureNames: f?.names ?? [], featureColumns: f?.columns() ?? [])
    }

    /// Seeds an empty window from persisted contents; returns false when the window already holds predictions.
    func restore(_ contents: WindowContents) -> Bool {
        state.withLock { s in
            guard s.window.count == 0, s.window.totalPredictions == 0 else { return false }
            for record in contents.records.suffix(s.window.capacity) { s.window.append(record) }
            let names = contents.featureNames
            let rows = contents.featureColumns.first?.count ?? 0
            if !names.isEmpty, contents.featureColumns.count == names.count,
                contents.featureColumns.allSatisfy({ $0.count == rows }),
                var restored = try? FeatureWindow(names: names, capacity: s.window.capacity)
            {
                var values = [Double]()
                values.reserveCapacity(rows * names.count)
                for r in 0..<rows { for c in contents.featureColumns { values.append(c[r]) } }
                restored.append(rows: rows, values: values)
                s.features = restored
            }
            return true
        }
    }

    /// Forgets the window and input rows (lifetime totals restart); pending aggregates stay for the next flush.
    func reset() {
        state.withLock { s in
            if let fresh = try? RollingWindow(capacity: s.window.capacity) { s.window = fresh }
            s.features = nil
        }
    }
}
