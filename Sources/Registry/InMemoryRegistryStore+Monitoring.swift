public import Foundation

extension InMemoryRegistryStore: MonitoringStore {
    /// See ``MonitoringStore/addMetricBuckets(_:)``.
    public func addMetricBuckets(_ buckets: [MetricBucket]) throws(RegistryError) {
        for bucket in buckets { try bucket.validate() }
        for bucket in buckets { monitoring.add(bucket) }
    }

    /// See ``MonitoringStore/metricBuckets(model:version:from:to:)``.
    public func metricBuckets(model: String?, version: String?, from: Date?, to: Date?) -> [MetricBucket] {
        monitoring.buckets.values.filter { b in
            (model == nil || b.model == model) && (version == nil || b.version == version)
                && (from.map { b.start >= $0 } ?? true) && (to.map { b.start < $0 } ?? true)
        }.sorted { a, b in
            (a.start, a.model, a.version, a.seconds) < (b.start, b.model, b.version, b.seconds)
        }
    }

    /// See ``MonitoringStore/saveWindow(_:)``.
    public func saveWindow(_ window: MonitoringWindowRecord) throws(RegistryError) {
        try window.validate()
        monitoring.windows[[window.model, window.version, window.instance]] = window
    }

    /// See ``MonitoringStore/windows(model:version:)``.
    public func windows(model: String, version: String) -> [MonitoringWindowRecord] {
        monitoring.windows.values.filter { $0.model == model && $0.version == version }.sorted { a, b in
            a.updatedAt != b.updatedAt ? a.updatedAt > b.updatedAt : a.instance < b.instance
        }
    }

    /// See ``MonitoringStore/saveBaseline(_:)``.
    public func saveBaseline(_ baseline: DriftBaselineRecord) throws(RegistryError) {
        try baseline.validate()
        monitoring.baselines[[baseline.model, baseline.version]] = baseline
    }

    /// See ``MonitoringStore/baseline(model:version:)``.
    public func baseline(model: String, version: String) -> DriftBaselineRecord? {
        monitoring.baselines[[model, version]]
    }

    /// See ``MonitoringStore/deleteBaseline(model:version:)``.
    @discardableResult
    public func deleteBaseline(model: String, version: String) -> Bool {
        monitoring.baselines.removeValue(forKey: [model, version]) != nil
    }

    /// See ``MonitoringStore/appendAlert(_:)``.
    @discardableResult
    public func appendAlert(_ alert: DriftAlertRecord) throws(RegistryError) -> DriftAlertRecord {
        try alert.validate()
        var stored = alert
        monitoring.lastAlertID += 1
        stored.id = monitoring.lastAlertID
        monitoring.alerts.append(stored)
        return stored
    }

    /// See ``MonitoringStore/alerts(model:version:limit:)``.
    public func alerts(model: String?, version: String?, limit: Int) throws(RegistryError) -> [DriftAlertRecord] {
        try DriftAlertRecord.checkLimit(limit)
        // Appended in id order, so newest first is the reverse.
        let matching = monitoring.alerts.reversed().lazy.filter { a in
            (model == nil || a.model == model) && (version == nil || a.version == version)
        }
        return Array(matching.prefix(limit))
    }

    /// See ``MonitoringStore/deleteMonitoringData(olderThan:)``.
    @discardableResult
    public func deleteMonitoringData(olderThan cutoff: Date) -> MonitoringCleanup {
        let before = (monitoring.buckets.count, monitoring.windows.count, monitoring.alerts.count)
        monitoring.buckets = monitoring.buckets.filter { $0.value.start >= cutoff }
        monitoring.windows = monitoring.windows.filter { $0.value.updatedAt >= cutoff }
        monitoring.alerts.removeAll { $0.at < cutoff }
        return MonitoringCleanup(
            buckets: before.0 - monitoring.buckets.count, windows: before.1 - monitoring.windows.count,
            alerts: before.2 - monitoring.alerts.count)
    }
}

/// The in-memory store's monitoring data, kept by ``InMemoryRegistryStore``.
struct InMemoryMonitoringTables: Sendable {
    /// A bucket's identity: buckets with equal keys merge.
    struct BucketKey: Hashable, Sendable {
        var model: String
        var version: String
        var start: Date
        var seconds: Int
    }

    var buckets: [BucketKey: MetricBucket] = [:]
    var windows: [[String]: MonitoringWindowRecord] = [:]  // [model, version, instance]
    var baselines: [[String]: DriftBaselineRecord] = [:]  // [model, version]
    var alerts: [DriftAlertRecord] = []  // oldest first
    /// The last id assigned; never decreases, so ids are not reused after a cleanup (as with AUTOINCREMENT).
    var lastAlertID: Int64 = 0

    mutating func add(_ bucket: MetricBucket) {
        let key = BucketKey(model: bucket.model, version: bucket.version, start: bucket.start, seconds: bucket.seconds)
        if buckets[key] == nil { buckets[key] = bucket } else { buckets[key]?.merge(bucket) }
    }
}
