public import DataFormats
public import DriftService
public import Foundation
public import Logging
public import Monitoring
public import Registry
public import Serving

/// Performance and drift: the live windows of the versions this process serves, statistics stored by every
/// process, drift checks against the version's reference (the package's reference sample, else its baseline),
/// reports, baselines, alert history and retention. The reference lookup and the publication of drift gauges live
/// here once, for the API, the CLI, the background checks and every later face.
public struct MonitoringService: Sendable {
    /// Live windows of this process; nil when monitoring is off or outside the server.
    public let monitor: PerformanceMonitor?
    /// Persisted windows, aggregates, baselines and alerts.
    public let coordinator: MonitoringCoordinator
    /// Prometheus gauges; nil when metrics are off.
    public let metrics: ServingMetrics?
    let host: ModelHost
    let versions: any VersionStore
    let references: ReferenceSamples
    let logger: Logger
    /// Days of data `cleanup` keeps when the caller does not say.
    public let retentionDays: Int

    /// Creates the service.
    public init(
        monitor: PerformanceMonitor?, coordinator: MonitoringCoordinator, metrics: ServingMetrics?, host: ModelHost,
        versions: any VersionStore, retentionDays: Int, logger: Logger
    ) {
        self.monitor = monitor
        self.coordinator = coordinator
        self.metrics = metrics
        self.host = host
        self.versions = versions
        self.references = ReferenceSamples()
        self.retentionDays = retentionDays
        self.logger = logger
    }

    /// The live monitor.
    ///
    /// - Throws: ``AppError`` `monitoring_disabled` when monitoring is off.
    public func requireMonitor() throws(AppError) -> PerformanceMonitor {
        guard let monitor else { throw Self.disabled }
        return monitor
    }

    /// The Prometheus exposition as `caller` may see it: the series of the models it may act on and the server's
    /// own (HTTP requests); the series of other models are left out. The memory of loaded models is read now, so
    /// unloaded versions drop out. Nil when metrics are off.
    public func exposition(visibleTo caller: Caller) -> [UInt8]? {
        guard let metrics else { return nil }
        metrics.replaceModelMemory(
            host.loadedModels.map { ($0.model.model, $0.model.version, $0.model.estimatedMemoryBytes) })
        guard caller.identity.models != nil else { return metrics.renderBytes() }
        return metrics.renderBytes(visible: caller.covers(model:))
    }

    static let disabled = AppError(
        .monitoringDisabled, "performance monitoring is off; set monitoring.enabled: true and restart")

    // MARK: References and checks

    /// The version's package reference sample as a profile, when its package ships one (read once per version).
    public func packageReference(model: String, version: String) async throws -> ReferenceProfile? {
        let record = try await versions.record(model: model, version: version)
        guard record.files.contains(where: { $0.name == ReferenceSamples.packageFile }) else { return nil }
        let serving = try await host.model(model, version: version)
        return try await references.package(serving, artifacts: host.artifacts)
    }

    /// Runs a drift check of a version, records the alerts it raises or clears and publishes its figures.
    public func check(model: String, version: String) async throws -> (check: DriftCheck, events: [DriftAlertRecord]) {
        let package = try await packageReference(model: model, version: version)
        let result = try await coordinator.check(model: model, version: version, package: package)
        publish(result.check)
        for event in result.events {
            logger.warning(
                "drift alert",
                metadata: [
                    "model": "\(model)", "version": "\(version)", "kind": "\(event.kind)", "event": "\(event.event)",
                    "value": "\(event.value)", "threshold": "\(event.threshold)",
                ])
        }
        return result
    }

    /// Seed 004's drift status of the serving version: the baseline distance (and data drift when measured).
    ///
    /// - Throws: ``DriftServiceError`` `no_baseline` when there is no reference, `insufficient_data`.
    public func baselineDrift(model: String, version: String) async throws -> (BaselineDrift, DriftCheck) {
        let (check, _) = try await check(model: model, version: version)
        guard let drift = check.baseline else {
            if check.reference == nil {
                throw DriftServiceError(
                    .noBaseline,
                    "version '\(version)' of '\(model)' has no baseline; capture one with POST /api/monitoring/baseline "
                        + "after a period of stable predictions")
            }
            throw DriftServiceError(.insufficientData, check.baselineUnavailable ?? "baseline drift unavailable")
        }
        return (drift, check)
    }

    /// The performance report of a version (seed 000), without recording alerts.
    public func report(model: String, version: String) async throws -> PerformanceReport {
        let package = try await packageReference(model: model, version: version)
        return try await coordinator.report(model: model, version: version, package: package)
    }

    /// The alerts raised for a version now.
    public func raisedAlerts(model: String, version: String) async throws -> [DriftAlerts.Kind] {
        try await coordinator.raisedAlerts(model: model, version: version)
    }

    /// Alert events newest first.
    ///
    /// - Throws: ``AppError`` `invalid_limit` outside 1…10,000.
    public func alerts(model: String?, version: String?, limit: Int) async throws -> [DriftAlertRecord] {
        guard (1...10_000).contains(limit) else {
            throw AppError(.invalidLimit, "limit must be from 1 to 10000, got '\(limit)'")
        }
        return try await coordinator.store.alerts(model: model, version: version, limit: limit)
    }

    /// Alert events newest first, of the models the caller may see.
    ///
    /// - Throws: ``AppError`` `invalid_limit` outside 1…10,000.
    public func alerts(model: String?, version: String?, limit: Int, visibleTo caller: Caller) async throws
        -> [DriftAlertRecord]
    {
        try await alerts(model: model, version: version, limit: limit).filter { caller.covers(model: $0.model) }
    }

    // MARK: Baselines

    /// Captures the version's persisted window as its baseline.
    public func captureBaseline(model: String, version: String, caller: Caller) async throws -> ReferenceProfile {
        try await coordinator.captureBaseline(model: model, version: version, actor: caller.actor)
    }

    /// Makes a reference CSV (header of the model's feature names) the version's baseline; the rows are scored by
    /// the version itself so prediction drift has a reference too.
    public func uploadBaseline(csv: [UInt8], model: String, version: String, caller: Caller) async throws
        -> ReferenceProfile
    {
        let serving = try await host.model(model, version: version)
        let profile = try ReferenceSamples.profile(csv: csv, serving: serving, source: .upload, capturedAt: Date())
        try await coordinator.save(profile, model: model, version: version, actor: caller.actor)
        return profile
    }

    /// The stored baseline of a version, nil when it has none.
    public func baseline(model: String, version: String) async throws -> (DriftBaselineRecord, ReferenceProfile)? {
        guard let stored = try await coordinator.store.baseline(model: model, version: version) else { return nil }
        return (stored, try ReferenceProfile.decode(stored.payload))
    }

    /// Removes the baseline of a version; whether there was one.
    public func clearBaseline(model: String, version: String) async throws -> Bool {
        try await coordinator.store.deleteBaseline(model: model, version: version)
    }

    // MARK: Statistics

    /// Per version, the stored aggregates of the last `hours` and the persisted windows (every process's).
    public func storedStatistics(model: String?, version: String?, hours: Double, now: Date = Date()) async throws
        -> [VersionStatistics]
    {
        let since = now.addingTimeInterval(-hours * 3600)
        let buckets = try await coordinator.store.metricBuckets(model: model, version: version, from: since, to: nil)
        var keys = Set(buckets.map { PerformanceMonitor.Key(model: $0.model, version: $0.version) })
        var names: [String]
        if let model { names = [model] } else { names = try await versions.models() }
        for m in names {
            for r in try await versions.records(model: m) where version == nil || r.version == version {
                keys.insert(PerformanceMonitor.Key(model: m, version: r.version))
            }
        }
        var entries: [VersionStatistics] = []
        for key in keys.sorted() {
            let window = try await coordinator.window(model: key.model, version: key.version)
            let period = AggregateSummary(buckets.filter { $0.model == key.model && $0.version == key.version })
            guard period != nil || !window.records.isEmpty else { continue }
            entries.append(
                VersionStatistics(
                    model: key.model, version: key.version, period: period, window: WindowStatistics(window.records)))
        }
        return entries
    }

    /// A version's stored aggregates in hourly slices over the last `hours`, oldest first; nil for an hour with
    /// no predictions (the dashboard's sparklines).
    public func hourly(model: String, version: String, hours: Int, now: Date = Date()) async throws
        -> [AggregateSummary?]
    {
        let hours = max(1, min(hours, 24 * 31))
        let since = now.addingTimeInterval(-Double(hours) * 3600)
        let buckets = try await coordinator.store.metricBuckets(model: model, version: version, from: since, to: nil)
        var slices = [[MetricBucket]](repeating: [], count: hours)
        for b in buckets {
            let i = Int(b.start.timeIntervalSince(since) / 3600)
            if (0..<hours).contains(i) { slices[i].append(b) }
        }
        return slices.map(AggregateSummary.init)
    }

    /// Estimated bytes of a loaded model.
    public static func estimatedMemoryBytes(_ serving: ServingModel) -> Int { serving.estimatedMemoryBytes }

    // MARK: Retention

    /// Deletes stored monitoring data older than `days` (default: the configured retention).
    ///
    /// - Throws: ``AppError`` `invalid_days` outside 0…36,500.
    public func cleanup(olderThanDays days: Int?) async throws -> (days: Int, removed: MonitoringCleanup) {
        let keep = days ?? retentionDays
        guard (0...36_500).contains(keep) else {
            throw AppError(.invalidDays, "days must be a whole number of days from 0 to 36500, got '\(keep)'")
        }
        return (keep, try await coordinator.cleanup(olderThanDays: keep))
    }

    // MARK: Gauges

    /// Hands a check's figures to the Prometheus gauges (no-op when metrics are off): per feature and for the
    /// score, the Wasserstein distance normalised by the reference spread (higher is more drift; Evidently's drift
    /// line is 0.1); the drifted share; and data quality, the share of the window's requests that arrived valid; and
    /// the check's time. What the check could not measure is set back to NaN (``ServingMetrics/notMeasured``).
    public func publish(_ check: DriftCheck) {
        guard let metrics else { return }
        metrics.setDriftCheckTime(
            model: check.model, version: check.version, secondsSince1970: check.checkedAt.timeIntervalSince1970)
        if check.data == nil { metrics.clearDrift(model: check.model, version: check.version) }
        if let data = check.data {
            for f in data.features {
                metrics.setFeatureDrift(
                    model: check.model, version: check.version, feature: f.name, value: f.normalizedWasserstein)
            }
            if let p = data.prediction {
                metrics.setPredictionDrift(model: check.model, version: check.version, value: p.normalizedWasserstein)
            }
            metrics.setDatasetDriftShare(model: check.model, version: check.version, value: data.driftShare)
        }
        metrics.setDataQuality(
            model: check.model, version: check.version, value: check.dataQuality ?? ServingMetrics.notMeasured)
    }
}

/// One version's stored statistics (`warden stats`).
public struct VersionStatistics: Sendable, Encodable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// Totals of the stored aggregates over the period, nil when none.
    public var period: AggregateSummary?
    /// The persisted window's statistics.
    public var window: WindowStatistics
}
