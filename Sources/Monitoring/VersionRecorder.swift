public import Foundation

/// The recording state of one model version: its rolling window, input rows and pending aggregates behind its own
/// lock. The server keeps one per loaded model, so a prediction records without any lookup by name.
public final class VersionRecorder: @unchecked Sendable {
    /// The version.
    public let key: PerformanceMonitor.Key
    /// Length of an aggregate bucket, seconds.
    public let bucketSeconds: Int
    // Invariant: everything below is only touched while `lock` is held.
    private let lock = NSLock()
    private var window: RollingWindow
    private var features: FeatureWindow?
    private var currentBucket = Int.min
    private var current: MetricAggregate
    private var pending: [Int: MetricAggregate] = [:]

    init(key: PerformanceMonitor.Key, windowSize: Int, bucketSeconds: Int) throws {
        self.key = key
        self.bucketSeconds = bucketSeconds
        window = try RollingWindow(capacity: windowSize)
        current = MetricAggregate(model: key.model, version: key.version, start: Date(timeIntervalSince1970: 0), seconds: bucketSeconds)
    }

    /// Records the rows of one successful request (see ``PerformanceMonitor/recordSuccess``).
    public func recordSuccess(
        latency: Double, scores: [Double], labels: [Int], featureNames: [String] = [], features values: [Double] = [],
        now: Date = Date()
    ) {
        let bucket = Int((now.timeIntervalSince1970 / Double(bucketSeconds)).rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        for i in scores.indices {
            window.append(.success(latency: latency, score: scores[i], isAnomaly: labels[i] == 1))
        }
        if !featureNames.isEmpty {
            if features?.names != featureNames {
                features = try? FeatureWindow(names: featureNames, capacity: window.capacity)
            }
            features?.append(rows: scores.count, values: values)
        }
        moveTo(bucket)
        current.addLatency(latency, count: scores.count)
        for i in scores.indices { current.addScore(scores[i], anomalous: labels[i] == 1) }
    }

    /// Records a failed request (its HTTP status as the error code).
    public func recordFailure(latency: Double, errorCode: Int32, now: Date = Date()) {
        let bucket = Int((now.timeIntervalSince1970 / Double(bucketSeconds)).rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        window.append(.failure(latency: latency, errorCode: errorCode))
        moveTo(bucket)
        current.addLatency(latency, count: 1)
        current.errors += 1
    }

    /// Makes `bucket` the current one, parking the previous bucket's figures. Lock held.
    private func moveTo(_ bucket: Int) {
        guard bucket != currentBucket else { return }
        park()
        currentBucket = bucket
        current = MetricAggregate(
            model: key.model, version: key.version,
            start: Date(timeIntervalSince1970: Double(bucket) * Double(bucketSeconds)), seconds: bucketSeconds)
    }

    /// Moves the current bucket's figures (if any) to `pending`. Lock held.
    private func park() {
        guard currentBucket != Int.min, current.predictions > 0 else { return }
        if var existing = pending[currentBucket] {
            existing.merge(current)
            pending[currentBucket] = existing
        } else {
            pending[currentBucket] = current
        }
        current.predictions = 0
        current = MetricAggregate(model: key.model, version: key.version, start: current.start, seconds: bucketSeconds)
    }

    /// Removes and returns the figures gathered since the last drain.
    func drain() -> [MetricAggregate] {
        lock.lock()
        defer { lock.unlock() }
        park()
        let out = Array(pending.values)
        pending.removeAll()
        return out
    }

    /// Puts figures back after a failed flush.
    func restore(_ a: MetricAggregate) {
        let bucket = Int((a.start.timeIntervalSince1970 / Double(a.seconds)).rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        if var existing = pending[bucket] {
            existing.merge(a)
            pending[bucket] = existing
        } else {
            pending[bucket] = a
        }
    }

    /// A copy of the window.
    func windowCopy() -> RollingWindow {
        lock.lock()
        defer { lock.unlock() }
        return window
    }

    /// The kept input rows.
    func featureWindow() -> FeatureWindow? {
        lock.lock()
        defer { lock.unlock() }
        return features
    }

    /// The window and input rows, for persistence.
    func contents() -> WindowContents? {
        lock.lock()
        let w = window
        let f = features
        lock.unlock()
        guard w.count > 0 else { return nil }
        return WindowContents(records: w.records, featureNames: f?.names ?? [], featureColumns: f?.columns() ?? [])
    }

    /// Seeds an empty window from persisted contents; returns false when the window already holds predictions.
    func restore(_ contents: WindowContents) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard window.count == 0, window.totalPredictions == 0 else { return false }
        for record in contents.records.suffix(window.capacity) { window.append(record) }
        let names = contents.featureNames
        let rows = contents.featureColumns.first?.count ?? 0
        if !names.isEmpty, contents.featureColumns.count == names.count,
            contents.featureColumns.allSatisfy({ $0.count == rows }),
            var restored = try? FeatureWindow(names: names, capacity: window.capacity)
        {
            var values = [Double]()
            values.reserveCapacity(rows * names.count)
            for r in 0..<rows { for c in contents.featureColumns { values.append(c[r]) } }
            restored.append(rows: rows, values: values)
            features = restored
        }
        return true
    }

    /// Forgets the window and input rows (lifetime totals restart); pending aggregates stay for the next flush.
    func reset() {
        lock.lock()
        defer { lock.unlock() }
        if let fresh = try? RollingWindow(capacity: window.capacity) { window = fresh }
        features = nil
    }
}
