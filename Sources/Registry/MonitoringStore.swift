public import Foundation

/// Storage of monitoring data: time-bucketed aggregates, the latest window per version and instance, drift
/// baselines, and the drift alert history.
///
/// Implemented by ``InMemoryRegistryStore`` here and by the SQLite and PostgreSQL stores in their own modules; one
/// conformance suite (TestSupport's `MonitoringStoreConformance`) runs against every implementation. Payloads are
/// opaque `Data` encoded by the monitor, so this module knows nothing of windows or drift statistics. Several server
/// replicas may share one store: buckets merge by addition and windows are kept per instance. Every operation is
/// atomic, and records are checked with their `validate()` before anything is written.
///
/// ```swift
/// let bucket = MetricBucket(model: "m", version: "1.0.0", start: minute, seconds: 60, predictions: 3)
/// try await store.addMetricBuckets([bucket])
/// let hour = try await store.metricBuckets(model: "m", version: nil, from: minute - 3600, to: nil)
/// ```
public protocol MonitoringStore: Sendable {
    /// Adds buckets; a bucket with the same (model, version, start, seconds) as a stored one, or as an earlier one
    /// of the same call, is merged into it (``MetricBucket/merge(_:)``), so several writers (replicas) add up. All
    /// buckets are added in one transaction.
    ///
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` (see ``MetricBucket/validate()``), with
    ///   nothing added; `storage_error`.
    func addMetricBuckets(_ buckets: [MetricBucket]) async throws(RegistryError)

    /// Buckets whose start lies in [`from`, `to`) (nil is unbounded), of one model and one version when given,
    /// ordered by start, model, version, then length.
    ///
    /// - Throws: `storage_error`.
    func metricBuckets(model: String?, version: String?, from: Date?, to: Date?) async throws(RegistryError)
        -> [MetricBucket]

    /// Replaces the window stored for (model, version, instance).
    ///
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` (see
    ///   ``MonitoringWindowRecord/validate()``; a payload above 64 MiB among them); `storage_error`.
    func saveWindow(_ window: MonitoringWindowRecord) async throws(RegistryError)

    /// Every instance's stored window of a version, newest first (ties by instance).
    ///
    /// - Throws: `storage_error`.
    func windows(model: String, version: String) async throws(RegistryError) -> [MonitoringWindowRecord]

    /// Replaces the baseline of (model, version).
    ///
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` (see ``DriftBaselineRecord/validate()``;
    ///   a payload above 64 MiB among them); `storage_error`.
    func saveBaseline(_ baseline: DriftBaselineRecord) async throws(RegistryError)

    /// The baseline of a version, or nil when it has none.
    ///
    /// - Throws: `storage_error`.
    func baseline(model: String, version: String) async throws(RegistryError) -> DriftBaselineRecord?

    /// Removes the baseline of a version.
    ///
    /// - Returns: whether one existed.
    /// - Throws: `storage_error`.
    @discardableResult
    func deleteBaseline(model: String, version: String) async throws(RegistryError) -> Bool

    /// Appends an alert event; its `id` is ignored and replaced by one greater than every id assigned before.
    ///
    /// - Returns: the entry with its assigned id.
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` (see ``DriftAlertRecord/validate()``);
    ///   `storage_error`.
    @discardableResult
    func appendAlert(_ alert: DriftAlertRecord) async throws(RegistryError) -> DriftAlertRecord

    /// Alert events newest first (by id), of one model and one version when given, at most `limit` of them.
    ///
    /// - Throws: `invalid_record` when `limit` is negative; `storage_error`.
    func alerts(model: String?, version: String?, limit: Int) async throws(RegistryError) -> [DriftAlertRecord]

    /// Deletes buckets that started before `cutoff`, windows last updated before it and alert events before it;
    /// baselines are kept.
    ///
    /// - Returns: the counts removed.
    /// - Throws: `storage_error`.
    @discardableResult
    func deleteMonitoringData(olderThan cutoff: Date) async throws(RegistryError) -> MonitoringCleanup
}
