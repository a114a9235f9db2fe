public import Foundation
public import Monitoring
public import Registry

/// Joins the in-memory performance monitor with the registry's monitoring store: flushes aggregates and windows in
/// batches, keeps baselines and reference profiles, runs drift checks and records alert events with hysteresis.
/// The server uses it with its live monitor; the CLI uses it without one, reading the windows the server persisted.
///
/// ```swift
/// let coordinator = MonitoringCoordinator(monitor: monitor, store: store, instance: "host:8080")
/// try await coordinator.flush()
/// let result = try await coordinator.check(model: "wifi", version: "1.0.0")
/// ```
public actor MonitoringCoordinator {
    /// The live monitor, when running inside the server.
    public nonisolated let monitor: PerformanceMonitor?
    /// Where monitoring data is kept.
    public nonisolated let store: any MonitoringStore
    /// This process's name among replicas (windows are stored per instance).
    public nonisolated let instance: String
    /// Thresholds of drift checks and alerts.
    public nonisolated let settings: DriftSettings
    private var alerts: [PerformanceMonitor.Key: DriftAlerts] = [:]

    /// Creates a coordinator.
    public init(
        monitor: PerformanceMonitor?, store: any MonitoringStore, instance: String,
        settings: DriftSettings = DriftSettings()
    ) {
        self.monitor = monitor
        self.store = store
        self.instance = instance
        self.settings = settings
    }

    // MARK: Persistence

    /// Writes the aggregates gathered since the last flush and every version's current window to the store.
    /// Aggregates that fail to store are put back for the next flush.
    /// - Returns: Buckets and windows written.
    @discardableResult
    public func flush(now: Date = Date()) async throws -> (buckets: Int, windows: Int) {
        guard let monitor else { return (0, 0) }
        let aggregates = monitor.drainAggregates()
        if !aggregates.isEmpty {
            do {
                try await store.addMetricBuckets(aggregates.map(Self.bucket))
            } catch {
                monitor.restoreAggregates(aggregates)
                throw error
            }
        }
        let contents = monitor.windowContents()
        for (key, window) in contents {
            let payload = try window.encoded()
            try await store.saveWindow(
                MonitoringWindowRecord(
                    model: key.model, version: key.version, instance: instance, updatedAt: now, payload: payload))
        }
        return (aggregates.count, contents.count)
    }

    /// Seeds the live monitor with this instance's stored windows of the given versions (after a restart).
    /// - Returns: How many windows were restored.
    @discardableResult
    public func restoreWindows(of versions: [PerformanceMonitor.Key]) async -> Int {
        guard let monitor else { return 0 }
        var restored = 0
        for key in versions {
            guard let stored = try? await store.windows(model: key.model, version: key.version),
                let mine = stored.first(where: { $0.instance == instance }),
                let contents = try? WindowContents.decode(mine.payload)
            else { continue }
            monitor.restore(model: key.model, version: key.version, contents: contents)
            restored += 1
        }
        return restored
    }

    /// The current window of a version: the live one when this process has one, else every instance's stored
    /// window merged (newest first, up to the stored windows' combined size).
    public func window(model: String, version: String) async throws -> WindowContents {
        if let monitor, let live = monitor.windowContents()[PerformanceMonitor.Key(model: model, version: version)] {
            return live
        }
        let stored = try await store.windows(model: model, version: version)
        var records: [PredictionRecord] = []
        var names: [String] = []
        var columns: [[Double]] = []
        for record in stored {
            guard let c = try? WindowContents.decode(record.payload) else { continue }
            records.append(contentsOf: c.records)
            if names.isEmpty {
                names = c.featureNames
                columns = c.featureColumns
            } else if names == c.featureNames {
                for i in columns.indices { columns[i].append(contentsOf: c.featureColumns[i]) }
            }
        }
        return WindowContents(records: records, featureNames: names, featureColumns: columns)
    }

    static func bucket(_ a: MetricAggregate) -> MetricBucket {
        MetricBucket(
            model: a.model, version: a.version, start: a.start, seconds: a.seconds, predictions: a.predictions,
            errors: a.errors, anomalies: a.anomalies, latencySum: a.latencySum,
            latencySumOfSquares: a.latencySumOfSquares, latencyMin: a.latencyMin, latencyMax: a.latencyMax,
            scoreCount: a.scoreCount, scoreSum: a.scoreSum, scoreSumOfSquares: a.scoreSumOfSquares,
            scoreMin: a.scoreMin, scoreMax: a.scoreMax)
    }

    // MARK: Baselines

    /// Captures the version's current window as its baseline and reference profile (seed 004's `set_baseline`).
    /// - Throws: ``DriftServiceError`` when the window is too small.
    @discardableResult
    public func captureBaseline(model: String, version: String, actor: String, now: Date = Date()) async throws
        -> ReferenceProfile
    {
        let window = try await window(model: model, version: version)
        let profile = try ReferenceProfile(window: window, capturedAt: now, minimumSamples: settings.minimumSamples)
        try await save(profile, model: model, version: version, actor: actor)
        return profile
    }

    /// Stores an uploaded (or otherwise built) reference profile as the version's baseline.
    public func save(_ profile: ReferenceProfile, model: String, version: String, actor: String) async throws {
        try await store.saveBaseline(
            DriftBaselineRecord(
                model: model, version: version, capturedAt: profile.capturedAt, source: profile.source.rawValue,
                actor: actor, payload: try profile.encoded()))
    }

    /// The profile a check uses: the package's reference sample when given, else the stored baseline.
    public func profile(model: String, version: String, package: ReferenceProfile? = nil) async throws
        -> ReferenceProfile?
    {
        if let package { return package }
        guard let stored = try await store.baseline(model: model, version: version) else { return nil }
        return try ReferenceProfile.decode(stored.payload)
    }

    // MARK: Checks and alerts

    /// Runs a drift check of a version and records the alerts it raises or clears.
    /// - Parameter package: The package's reference sample as a profile, when it ships one.
    /// - Returns: The check and the alert events it caused (with their stored ids).
    public func check(model: String, version: String, package: ReferenceProfile? = nil, now: Date = Date())
        async throws -> (check: DriftCheck, events: [DriftAlertRecord])
    {
        let window = try await window(model: model, version: version)
        let profile = try await profile(model: model, version: version, package: package)
        let check = DriftCheck(
            model: model, version: version, window: window, profile: profile, settings: settings, now: now)
        let key = PerformanceMonitor.Key(model: model, version: version)
        var state = try await alertState(key)
        var stored: [DriftAlertRecord] = []
        for event in state.observe(check) {
            let record = try await store.appendAlert(
                DriftAlertRecord(
                    model: model, version: version, kind: event.kind.rawValue, event: event.raised ? .raised : .cleared,
                    at: now, value: event.value, threshold: event.threshold, details: Self.details(check, event.kind)))
            stored.append(record)
        }
        alerts[key] = state
        return (check, stored)
    }

    /// The alert states of a version, restored from the stored history the first time.
    private func alertState(_ key: PerformanceMonitor.Key) async throws -> DriftAlerts {
        if let state = alerts[key] { return state }
        var state = DriftAlerts(settings: settings)
        let history = try await store.alerts(model: key.model, version: key.version, limit: 200)
        for kind in DriftAlerts.Kind.allCases {
            if let last = history.first(where: { $0.kind == kind.rawValue }) {
                state.restore(kind, raised: last.event == .raised)
            }
        }
        return state
    }

    /// The raised alerts of a version now.
    public func raisedAlerts(model: String, version: String) async throws -> [DriftAlerts.Kind] {
        let state = try await alertState(PerformanceMonitor.Key(model: model, version: version))
        return DriftAlerts.Kind.allCases.filter(state.isRaised)
    }

    /// The values that triggered an alert, as JSON text.
    static func details(_ check: DriftCheck, _ kind: DriftAlerts.Kind) -> String {
        var fields: [String: Double] = [:]
        switch kind {
        case .performanceDrift:
            fields["drift_score"] = check.indicators?.driftScore
            fields["anomaly_rate_change"] = check.indicators?.anomalyRateChange
            fields["score_distribution_change"] = check.indicators?.scoreDistributionChange
            fields["inference_time_change"] = check.indicators?.inferenceTimeChange
        case .baselineDrift:
            fields["drift_score"] = check.baseline?.driftScore
            fields["baseline_mean"] = check.baseline?.baselineMean
            fields["current_mean"] = check.baseline?.currentMean
            fields["baseline_std"] = check.baseline?.baselineStd
        case .dataDrift:
            fields["drift_share"] = check.data?.driftShare
            fields["drifted_features"] = check.data.map { Double($0.driftedFeatures) }
            for f in check.data?.features ?? [] where f.drifted { fields["feature." + f.name] = f.statistic }
        case .predictionDrift:
            fields["statistic"] = check.data?.prediction?.statistic
            fields["ks_statistic"] = check.data?.prediction?.kolmogorovSmirnovStatistic
            fields["wasserstein_normed"] = check.data?.prediction?.normalizedWasserstein
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: Retention

    /// Deletes stored buckets, windows and alert events older than `days` days (seed 000's `cleanup_old_metrics`).
    public func cleanup(olderThanDays days: Int, now: Date = Date()) async throws -> MonitoringCleanup {
        try await store.deleteMonitoringData(olderThan: now.addingTimeInterval(-Double(max(days, 0)) * 86_400))
    }
}
