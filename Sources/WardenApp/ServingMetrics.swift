public import CoreMetrics
import Foundation
public import Prometheus

/// The Prometheus metrics of the serving path (seed 000's names), rendered at `GET /metrics`.
///
/// Every metric is made through the injected `MetricsFactory` (habit 5: only `warden` bootstraps `MetricsSystem`);
/// the factory must write into `registry`, which ``render()`` exposes. The hot path does one dictionary lookup
/// under a lock per call: the Counter/Timer/Gauge handles of each (model, version) — and of each HTTP (method,
/// route, status) — are made once and cached, as swift-prometheus's own registry caches its collectors.
///
/// Metrics (all labelled `model`, `version` unless noted):
/// - `model_predictions_total` (counter): rows scored.
/// - `model_anomalies_detected_total` (counter): rows predicted anomalous.
/// - `model_prediction_latency_seconds` (histogram): one observation per prediction request, success or failure.
/// - `model_prediction_errors_total{code}` (counter): failed prediction requests by HTTP status.
/// - `model_feature_drift{feature}`, `model_prediction_drift`, `model_dataset_drift_share`, `model_data_quality`,
///   `model_memory_bytes` (gauges). The drift and quality gauges exist for every serving version from the moment it
///   starts serving (``servingChanged(started:stopped:)``), holding NaN ("not measured yet", ``notMeasured``) until
///   a drift check measures them, and go away when the version stops serving.
/// - `warden_drift_check_timestamp_seconds` (gauge): when the last drift check of a serving version ran; 0 until the
///   first, so `time() - warden_drift_check_timestamp_seconds` alerts on stale or missing checks.
/// - `warden_http_requests_total{method,route,status}` (counter) and
///   `warden_http_request_duration_seconds{method,route,status}` (histogram): every HTTP request, by the matched
///   route template (never the raw path); unmatched paths count under `route="NotFound"`.
///
/// ```swift
/// let registry = PrometheusCollectorRegistry()
/// let factory = ServingMetrics.prometheusFactory(registry: registry)
/// MetricsSystem.bootstrap(factory)  // in main only
/// let metrics = ServingMetrics(factory: factory, registry: registry)
/// ```
public final class ServingMetrics: Sendable {
    /// The registry ``render()`` exposes.
    public let registry: PrometheusCollectorRegistry
    let factory: any MetricsFactory

    private let versions = HandleCache<VersionKey, VersionHandles>()
    private let errors = HandleCache<ErrorKey, MetricCounter>()
    private let gauges = HandleCache<GaugeKey, MetricGauge>()
    private let requests = HandleCache<RequestKey, RequestHandles>()

    /// Metric names, as exposed.
    public enum Name {
        /// Rows scored (counter).
        public static let predictions = "model_predictions_total"
        /// Rows predicted anomalous (counter).
        public static let anomalies = "model_anomalies_detected_total"
        /// Prediction request latency (histogram, seconds).
        public static let latency = "model_prediction_latency_seconds"
        /// Failed prediction requests by `code` (counter).
        public static let errors = "model_prediction_errors_total"
        /// Per-feature drift statistic (gauge).
        public static let featureDrift = "model_feature_drift"
        /// Drift of the anomaly scores (gauge).
        public static let predictionDrift = "model_prediction_drift"
        /// Share of drifted features (gauge).
        public static let datasetDriftShare = "model_dataset_drift_share"
        /// Share of recent requests that arrived valid (gauge).
        public static let dataQuality = "model_data_quality"
        /// Estimated bytes of a loaded version (gauge).
        public static let memory = "model_memory_bytes"
        /// When the last drift check of a serving version ran, in seconds since 1970; 0 before the first (gauge).
        public static let driftCheckTimestamp = "warden_drift_check_timestamp_seconds"
        /// HTTP requests by method, route, status (counter).
        public static let httpRequests = "warden_http_requests_total"
        /// HTTP request duration (histogram, seconds).
        public static let httpDuration = "warden_http_request_duration_seconds"
    }

    /// Histogram buckets of both latency histograms, in seconds: sub-millisecond scoring to 10 s bodies.
    public static let latencyBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Creates the metrics.
    ///
    /// - Parameters:
    ///   - factory: makes every handle; it must write into `registry` (see ``prometheusFactory(registry:)``).
    ///   - registry: the registry ``render()`` exposes.
    public init(factory: any MetricsFactory, registry: PrometheusCollectorRegistry) {
        self.factory = factory
        self.registry = registry
    }

    /// Metrics on their own registry and factory (tests; one server per process without a global bootstrap).
    public convenience init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.init(factory: Self.prometheusFactory(registry: registry), registry: registry)
    }

    /// A `PrometheusMetricsFactory` on `registry` with ``latencyBuckets`` for the two latency histograms.
    public static func prometheusFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        let buckets = latencyBuckets.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }
        factory.durationHistogramBuckets[Name.latency] = buckets
        factory.durationHistogramBuckets[Name.httpDuration] = buckets
        return factory
    }

    // MARK: - Predictions

    /// Records a scored prediction request: `rows` predictions, `anomalies` of them anomalous, one latency
    /// observation of `latency` seconds.
    public func recordSuccess(model: String, version: String, latency: Double, rows: Int, anomalies: Int) {
        handles(model: model, version: version).recordSuccess(latency: latency, rows: rows, anomalies: anomalies)
    }

    /// Records a failed prediction request of the version that was to score it: the error counter with the HTTP
    /// `status` as `code`, and the latency observation.
    public func recordFailure(model: String, version: String, latency: Double, status: Int) {
        let h = handles(model: model, version: version)
        h.latency.recordSeconds(max(0, latency))
        errors.get(ErrorKey(model: model, version: version, code: status)) {
            MetricCounter(
                label: Name.errors, dimensions: [("model", model), ("version", version), ("code", String(status))],
                factory: factory)
        }.increment()
    }

    /// The handles of a version, made on first use (the server keeps them with the loaded model).
    public func handles(model: String, version: String) -> VersionHandles {
        versions.get(VersionKey(model: model, version: version)) {
            let dimensions = [("model", model), ("version", version)]
            return VersionHandles(
                predictions: MetricCounter(label: Name.predictions, dimensions: dimensions, factory: factory),
                anomalies: MetricCounter(label: Name.anomalies, dimensions: dimensions, factory: factory),
                latency: MetricTimer(label: Name.latency, dimensions: dimensions, factory: factory))
        }
    }

    // MARK: - Gauges

    /// Sets `model_feature_drift{feature}`: the feature's drift statistic, higher meaning more drift.
    public func setFeatureDrift(model: String, version: String, feature: String, value: Double) {
        gauge(Name.featureDrift, model: model, version: version, feature: feature).record(value)
    }

    /// Sets `model_prediction_drift`: drift of the anomaly scores against the baseline.
    public func setPredictionDrift(model: String, version: String, value: Double) {
        gauge(Name.predictionDrift, model: model, version: version).record(value)
    }

    /// Sets `model_dataset_drift_share`: the share (0…1) of features that drifted.
    public func setDatasetDriftShare(model: String, version: String, value: Double) {
        gauge(Name.datasetDriftShare, model: model, version: version).record(value)
    }

    /// Sets `model_data_quality`: the share (0…1) of recent requests that arrived valid.
    public func setDataQuality(model: String, version: String, value: Double) {
        gauge(Name.dataQuality, model: model, version: version).record(value)
    }

    /// Sets `warden_drift_check_timestamp_seconds`: when the last drift check of the version ran.
    public func setDriftCheckTime(model: String, version: String, secondsSince1970: Double) {
        gauge(Name.driftCheckTimestamp, model: model, version: version).record(secondsSince1970)
    }

    /// Sets every drift gauge the version has (each feature's, the score's, the drifted share) to ``notMeasured``:
    /// the last check could not measure drift (no reference, too few rows).
    public func clearDrift(model: String, version: String) {
        let names: Set<String> = [Name.featureDrift, Name.predictionDrift, Name.datasetDriftShare]
        for g in gauges.values(where: { names.contains($0.name) && $0.model == model && $0.version == version }) {
            g.record(Self.notMeasured)
        }
    }

    /// The value of a drift or quality gauge that was not measured yet: NaN, which the Prometheus text format
    /// carries and every comparison in a rule is false for (so `> 0.1` and `< 0.95` stay silent).
    public static let notMeasured = Double.nan

    /// The series a serving version has from the start: `model_feature_drift` for each of `features`,
    /// `model_prediction_drift`, `model_dataset_drift_share` and `model_data_quality` at ``notMeasured``, and
    /// `warden_drift_check_timestamp_seconds` at 0. Gauges that already have a value keep it.
    public func exportServing(model: String, version: String, features: [String]) {
        func initial(_ name: String, feature: String? = nil, value: Double) {
            let key = GaugeKey(name: name, model: model, version: version, feature: feature)
            gauges.getOrMake(key, make: { makeGauge(key) }, whenMade: { $0.record(value) })
        }
        for feature in features { initial(Name.featureDrift, feature: feature, value: Self.notMeasured) }
        initial(Name.predictionDrift, value: Self.notMeasured)
        initial(Name.datasetDriftShare, value: Self.notMeasured)
        initial(Name.dataQuality, value: Self.notMeasured)
        initial(Name.driftCheckTimestamp, value: 0)
    }

    /// Drops the series ``exportServing(model:version:features:)`` made (and the drift values checks set) for a
    /// version that no longer serves. Prediction counters and histograms stay.
    public func withdrawServing(model: String, version: String) {
        let names: Set<String> = [
            Name.featureDrift, Name.predictionDrift, Name.datasetDriftShare, Name.dataQuality, Name.driftCheckTimestamp,
        ]
        for g in gauges.remove(where: { names.contains($0.name) && $0.model == model && $0.version == version }) {
            g.destroy()
        }
    }

    /// Sets `model_memory_bytes`: the estimated resident size of a loaded version.
    public func setModelMemory(model: String, version: String, bytes: Int) {
        gauge(Name.memory, model: model, version: version).record(bytes)
    }

    /// Sets `model_memory_bytes` of exactly the `loaded` versions and drops the gauge of every other version, so an
    /// unloaded version stops reporting memory.
    public func replaceModelMemory(_ loaded: [(model: String, version: String, bytes: Int)]) {
        for l in loaded { setModelMemory(model: l.model, version: l.version, bytes: l.bytes) }
        let keep = Set(loaded.map { GaugeKey(name: Name.memory, model: $0.model, version: $0.version, feature: nil) })
        for g in gauges.remove(where: { $0.name == Name.memory && !keep.contains($0) }) { g.destroy() }
    }

    /// Drops every series of a version (e.g. after it is deleted), so stale values stop being exposed.
    public func removeVersion(model: String, version: String) {
        if let h = versions.remove(where: { $0 == VersionKey(model: model, version: version) }).first {
            h.predictions.destroy()
            h.anomalies.destroy()
            h.latency.destroy()
        }
        for c in errors.remove(where: { $0.model == model && $0.version == version }) { c.destroy() }
        for g in gauges.remove(where: { $0.model == model && $0.version == version }) { g.destroy() }
    }

    private func gauge(_ name: String, model: String, version: String, feature: String? = nil) -> MetricGauge {
        let key = GaugeKey(name: name, model: model, version: version, feature: feature)
        return gauges.get(key) { makeGauge(key) }
    }

    private func makeGauge(_ key: GaugeKey) -> MetricGauge {
        var dimensions = [("model", key.model), ("version", key.version)]
        if let feature = key.feature { dimensions.append(("feature", feature)) }
        return MetricGauge(label: key.name, dimensions: dimensions, factory: factory)
    }

    // MARK: - HTTP requests

    /// Records one HTTP request: `route` is the matched route template (bounded cardinality), never the raw path.
    public func recordRequest(method: String, route: String, status: Int, duration: Double) {
        let h = requests.get(RequestKey(method: method, route: route, status: status)) {
            let dimensions = [("method", method), ("route", route), ("status", String(status))]
            return RequestHandles(
                count: MetricCounter(label: Name.httpRequests, dimensions: dimensions, factory: factory),
                duration: MetricTimer(label: Name.httpDuration, dimensions: dimensions, factory: factory))
        }
        h.count.increment()
        h.duration.recordSeconds(max(0, duration))
    }

    // MARK: - Exposition

    /// The Prometheus text exposition (format 0.0.4) of the registry.
    public func render() -> String { registry.emitToString() }

    /// The exposition as bytes.
    public func renderBytes() -> [UInt8] { registry.emitToBuffer() }

    /// The exposition without the series whose `model` label `visible` refuses; series without a `model` label
    /// (HTTP requests, the process's own) are kept, as are the `# HELP` / `# TYPE` lines.
    public func renderBytes(visible: (String) -> Bool) -> [UInt8] {
        let bytes = registry.emitToBuffer()
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
            let line = bytes[start..<end]
            if let model = Self.modelLabel(line), !visible(model) {
                start = end
                continue
            }
            out.append(contentsOf: line)
            start = end
        }
        return out
    }

    /// The value of the `model` label of a sample line `name{label="value",...} number`; nil for comments and for
    /// samples without that label. Values are read with the exposition format's escapes (`\\`, `\"`, `\n`).
    static func modelLabel(_ line: ArraySlice<UInt8>) -> String? {
        guard line.first != UInt8(ascii: "#"), var i = line.firstIndex(of: UInt8(ascii: "{")) else { return nil }
        i += 1
        while i < line.endIndex, line[i] != UInt8(ascii: "}") {
            guard let eq = line[i...].firstIndex(of: UInt8(ascii: "=")), eq + 1 < line.endIndex,
                line[eq + 1] == UInt8(ascii: "\"")
            else { return nil }
            let name = line[i..<eq]
            var value: [UInt8] = []
            var j = eq + 2
            while j < line.endIndex, line[j] != UInt8(ascii: "\"") {
                if line[j] == UInt8(ascii: "\\"), j + 1 < line.endIndex {
                    j += 1
                    value.append(line[j] == UInt8(ascii: "n") ? UInt8(ascii: "\n") : line[j])
                } else {
                    value.append(line[j])
                }
                j += 1
            }
            if name.elementsEqual("model".utf8) { return String(decoding: value, as: UTF8.self) }
            i = j + 1
            if i < line.endIndex, line[i] == UInt8(ascii: ",") { i += 1 }
        }
        return nil
    }
}

// swift-metrics' handle types (Prometheus and Foundation have types of the same names).
typealias MetricCounter = CoreMetrics.Counter
private typealias MetricGauge = CoreMetrics.Gauge
typealias MetricTimer = CoreMetrics.Timer

private struct VersionKey: Hashable, Sendable {
    var model: String
    var version: String
}

private struct ErrorKey: Hashable, Sendable {
    var model: String
    var version: String
    var code: Int
}

private struct GaugeKey: Hashable, Sendable {
    var name: String
    var model: String
    var version: String
    var feature: String?
}

private struct RequestKey: Hashable, Sendable {
    var method: String
    var route: String
    var status: Int
}

/// The prediction metrics of one version: looked up once per loaded model, then used on every request.
public struct VersionHandles: Sendable {
    let predictions: MetricCounter
    let anomalies: MetricCounter
    let latency: MetricTimer

    /// Records a scored request: `rows` predictions, `anomalies` of them anomalous, one latency observation.
    public func recordSuccess(latency seconds: Double, rows: Int, anomalies count: Int) {
        predictions.increment(by: max(0, rows))
        if count > 0 { anomalies.increment(by: count) }
        latency.recordSeconds(max(0, seconds))
    }
}

private struct RequestHandles: Sendable {
    let count: MetricCounter
    let duration: MetricTimer
}

/// Handles by key behind a lock: made once on first use, then one lookup per call.
private final class HandleCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // Invariant: `values` is only touched while `lock` is held.
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    func get(_ key: Key, make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let v = values[key] { return v }
        let v = make()
        values[key] = v
        return v
    }

    /// The value of `key`, made by `make` when absent; `whenMade` runs on a value just made, under the lock (so no
    /// other caller sees it before).
    func getOrMake(_ key: Key, make: () -> Value, whenMade: (Value) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if values[key] != nil { return }
        let v = make()
        whenMade(v)
        values[key] = v
    }

    /// The values whose key matches.
    func values(where matches: (Key) -> Bool) -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return values.filter { matches($0.key) }.map(\.value)
    }

    /// Removes and returns the values whose key matches.
    func remove(where matches: (Key) -> Bool) -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        let keys = values.keys.filter(matches)
        return keys.compactMap { values.removeValue(forKey: $0) }
    }
}
