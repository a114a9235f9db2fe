public import Foundation
import Synchronization

/// The rolling windows of every model version this process serves: the prediction path appends, the monitoring
/// endpoints read, and a background flush drains the time-bucketed aggregates to the registry.
///
/// Each version records into its own ``VersionRecorder`` (its own lock); the server keeps the recorder of each loaded
/// model, so the hot path does no lookup by name. The by-name methods here look the recorder up first.
public final class PerformanceMonitor: Sendable {
    private let recorders = Mutex<[Key: VersionRecorder]>([:])
    private let startedAt: Date

    /// The most predictions (and feature rows) kept per version (seed 004: 1,000).
    public let windowSize: Int
    /// Length of an aggregate time bucket, in seconds.
    public let bucketSeconds: Int

    /// A model version.
    public struct Key: Hashable, Sendable, Comparable {
        /// The model.
        public var model: String
        /// The version.
        public var version: String

        /// Creates a key.
        public init(model: String, version: String) {
            self.model = model
            self.version = version
        }

        public static func < (a: Key, b: Key) -> Bool { (a.model, a.version) < (b.model, b.version) }
    }

    /// One version's figures.
    public struct Snapshot: Sendable {
        /// The version.
        public var key: Key
        /// Statistics of the kept window.
        public var window: WindowStatistics
        /// Predictions since the process started, including those no longer in the window.
        public var totalPredictions: Int
        /// Failed predictions since the process started.
        public var totalErrors: Int
    }

    /// Creates a monitor.
    ///
    /// - Parameters:
    ///   - windowSize: Predictions kept per version.
    ///   - bucketSeconds: Length of the aggregate buckets drained by ``drainAggregates()`` (default one minute).
    /// - Throws: ``MonitoringError`` when `windowSize` or `bucketSeconds` is not positive.
    public init(windowSize: Int, bucketSeconds: Int = 60, now: Date = Date()) throws {
        _ = try RollingWindow(capacity: windowSize)
        guard bucketSeconds > 0 else {
            throw MonitoringError(.invalidConfiguration, "bucket length \(bucketSeconds) s must be at least 1 s")
        }
        self.windowSize = windowSize
        self.bucketSeconds = bucketSeconds
        self.startedAt = now
    }

    /// The recorder of a version, created on first use.
    public func recorder(model: String, version: String) -> VersionRecorder {
        let key = Key(model: model, version: version)
        let (size, seconds) = (windowSize, bucketSeconds)
        return recorders.withLock { recorders in
            if let r = recorders[key] { return r }
            // Invariant: windowSize and bucketSeconds were validated in init, so the recorder cannot fail.
            let r = try! VersionRecorder(key: key, windowSize: size, bucketSeconds: seconds)
            recorders[key] = r
            return r
        }
    }

    private func existing(_ key: Key) -> VersionRecorder? { recorders.withLock { $0[key] } }

    private func all() -> [VersionRecorder] {
        recorders.withLock { r in r.keys.sorted().compactMap { r[$0] } }
    }

    /// Records the rows of one successful request: one record per row, each with the request's latency, and the
    /// rows' input features (row-major, `featureNames.count` values per row) when given.
    public func recordSuccess(
        model: String, version: String, latency: Double, scores: [Double], labels: [Int],
        featureNames: [String] = [], features: [Double] = [], now: Date? = nil
    ) {
        recorder(model: model, version: version).recordSuccess(
            latency: latency, scores: scores, labels: labels, featureNames: featureNames, features: features, now: now)
    }

    /// Records a failed request (its HTTP status as the error code).
    public func recordFailure(model: String, version: String, latency: Double, errorCode: Int32, now: Date? = nil) {
        recorder(model: model, version: version).recordFailure(latency: latency, errorCode: errorCode, now: now)
    }

    /// Removes and returns everything aggregated since the last drain (partial buckets too: stored buckets merge
    /// by addition), ordered by start, model and version.
    public func drainAggregates() -> [MetricAggregate] {
        all().flatMap { $0.drain() }
            .sorted { ($0.start, $0.model, $0.version) < ($1.start, $1.model, $1.version) }
    }

    /// Puts aggregates back after a failed flush, so the next flush retries them.
    public func restoreAggregates(_ aggregates: [MetricAggregate]) {
        for a in aggregates { recorder(model: a.model, version: a.version).restore(a) }
    }

    /// Every version's figures, sorted by model and version.
    public func snapshots() -> [Snapshot] {
        all().compactMap { r in
            let w = r.windowCopy()
            guard w.totalPredictions > 0 else { return nil }
            return Snapshot(
                key: r.key, window: w.statistics(), totalPredictions: w.totalPredictions, totalErrors: w.totalErrors)
        }
    }

    /// One version's figures, or nil when it has made no prediction.
    public func snapshot(model: String, version: String) -> Snapshot? {
        guard let r = existing(Key(model: model, version: version)) else { return nil }
        let w = r.windowCopy()
        guard w.totalPredictions > 0 else { return nil }
        return Snapshot(
            key: r.key, window: w.statistics(), totalPredictions: w.totalPredictions, totalErrors: w.totalErrors)
    }

    /// The kept predictions of a version, oldest first (empty when it has made none).
    public func records(model: String, version: String) -> [PredictionRecord] {
        existing(Key(model: model, version: version))?.windowCopy().records ?? []
    }

    /// The kept input rows of a version, or nil when none were recorded.
    public func features(model: String, version: String) -> FeatureWindow? {
        existing(Key(model: model, version: version))?.featureWindow()
    }

    /// The contents of every version's non-empty window, for persistence.
    public func windowContents() -> [Key: WindowContents] {
        var out: [Key: WindowContents] = [:]
        for r in all() { if let c = r.contents() { out[r.key] = c } }
        return out
    }

    /// Seeds a version's window from persisted contents (e.g. on start-up), when it has recorded nothing yet.
    public func restore(model: String, version: String, contents: WindowContents) {
        _ = recorder(model: model, version: version).restore(contents)
    }

    /// Forgets a version's kept predictions and rows (lifetime totals restart).
    public func reset(model: String, version: String) {
        existing(Key(model: model, version: version))?.reset()
    }

    /// Seconds since the monitor started.
    public func uptime(now: Date = Date()) -> Double { now.timeIntervalSince(startedAt) }
}
