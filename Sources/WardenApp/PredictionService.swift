public import DataFormats
import Foundation
public import Monitoring
public import Registry
public import Serving

/// Scoring: which loaded version answers (the serving one, or a named version), the row limit, and the recording of
/// every prediction into the performance monitor and the Prometheus metrics. The faces parse their bodies (the JSON
/// API's fast path parses straight into a matrix) and hand the rows here.
public struct PredictionService: Sendable {
    let host: ModelHost
    let versions: any VersionStore
    let access: AccessPolicy
    let monitor: PerformanceMonitor?
    let metrics: ServingMetrics?
    /// Rows per request when the version's `inference_config.batch_size` is absent.
    public let defaultMaxRows: Int
    /// What to do with missing features when the request does not say.
    public let missingFeatures: MissingFeaturePolicy

    /// Creates the service.
    public init(
        host: ModelHost, versions: any VersionStore, access: AccessPolicy, monitor: PerformanceMonitor?,
        metrics: ServingMetrics?, defaultMaxRows: Int, missingFeatures: MissingFeaturePolicy
    ) {
        self.host = host
        self.versions = versions
        self.access = access
        self.monitor = monitor
        self.metrics = metrics
        self.defaultMaxRows = defaultMaxRows
        self.missingFeatures = missingFeatures
    }

    /// The serving version of `model` (nil: the model the request means, ``ModelChoice``), within the caller's
    /// scope.
    ///
    /// - Throws: ``AppError`` `model_required` when several models qualify and none is named, `model_not_found`
    ///   for a name the registry does not know, `model_not_loaded` for a known model with nothing loaded (or an empty
    ///   registry), ``AppError`` `model_out_of_scope`.
    public func serving(_ model: String?, caller: Caller) async throws -> ServingModel {
        var model = model?.isEmpty == false ? model : nil
        if model == nil {
            // The common case without a lookup: a caller who may act on every model, one model (or the default)
            // served.
            if caller.identity.models == nil, let served = try? host.serving(nil) { return served }
            model = try await ModelChoice(host: host, versions: versions).model(named: nil, caller: caller)
        }
        let served: ServingModel
        do { served = try host.serving(model) } catch {
            if let model, error.code == .modelNotLoaded, try await versions.records(model: model).isEmpty {
                throw ServingError(
                    .modelNotFound, "the registry has no model '\(model)'; list models at /api/v1/models",
                    details: ["model": .string(model)])
            }
            throw error
        }
        try access.checkScope(served.model, caller: caller)
        return served
    }

    /// The serving version of `model`, or the named `version` (loaded on first use).
    ///
    /// - Throws: as ``serving(_:caller:)``; `invalid_version` / `invalid_model_name` for a name no stored version or
    ///   model could have; `version_not_found`, `load_failed`.
    public func resolve(model: String?, version: String?, caller: Caller) async throws -> ServingModel {
        if let model, !model.isEmpty { try VersionName.checkModelName(model) }
        guard let version else { return try await serving(model, caller: caller) }
        try VersionName.checkReference(version)
        var name: String
        if let model { name = model } else { name = try await serving(nil, caller: caller).model }
        try access.checkScope(name, caller: caller)
        return try await host.model(name, version: version)
    }

    /// A registered version loaded for scoring outside a serving process: `version`, else the registry's serving
    /// version of `model` (loaded when this process does not serve it).
    ///
    /// - Throws: ``ServingError`` `version_not_found`, `load_failed`, `model_not_loaded` (nothing deployed).
    public func resolveRegistered(model: String, version: String?) async throws -> ServingModel {
        if let version { return try await host.model(model, version: version) }
        if let loaded = try? host.serving(model) { return loaded }
        guard let wanted = try await versions.lifecycle(model: model).serving else {
            throw ServingError(
                .modelNotLoaded, "model '\(model)' has no serving version; name one with --version or deploy one",
                details: ["model": .string(model)])
        }
        return try await host.model(model, version: wanted)
    }

    /// Every loaded model the caller may see: serving versions first, then versions loaded on request.
    public func loaded(visibleTo caller: Caller) -> [(model: ServingModel, serving: Bool)] {
        host.loadedModels.filter { caller.covers(model: $0.model.model) }
    }

    /// Scores rows and records the prediction.
    ///
    /// - Parameter limitRows: refuse more rows than a request may send (a client's request); agents scoring their
    ///   own windows pass false.
    /// - Throws: ``ServingError`` `too_many_rows`, `invalid_features`, `unsupported_output`.
    public func score(
        _ input: FeatureInput, on serving: ServingModel, outputs: PredictionOutputs = PredictionOutputs(),
        since start: ContinuousClock.Instant = .now, limitRows: Bool = true
    ) throws -> Prediction {
        if limitRows { try serving.checkRows(input.matrix.rows, fallback: defaultMaxRows) }
        let prediction = try serving.predict(input, outputs: outputs)
        recordSuccess(prediction, input: input, serving: serving, since: start)
        return prediction
    }

    /// Records a successful prediction: the performance monitor's window (with the input rows, for data drift) and
    /// the Prometheus metrics.
    public func recordSuccess(
        _ p: Prediction, input: FeatureInput, serving: ServingModel, since start: ContinuousClock.Instant
    ) {
        guard monitor != nil || metrics != nil else { return }
        let latency = (ContinuousClock.now - start).inSeconds
        let o = observers(serving)
        o.recorder?.recordSuccess(
            latency: latency, scores: p.scores, labels: p.predictions, featureNames: serving.columnNames,
            features: input.matrix.values)
        o.handles?.recordSuccess(latency: latency, rows: p.totalSamples, anomalies: p.anomalyCount)
    }

    /// Records a failed prediction of the version that was to score it, with the face's status as its error code.
    public func recordFailure(_ serving: ServingModel, status: Int, since start: ContinuousClock.Instant) {
        guard monitor != nil || metrics != nil else { return }
        let latency = (ContinuousClock.now - start).inSeconds
        observers(serving).recorder?.recordFailure(latency: latency, errorCode: Int32(status))
        metrics?.recordFailure(model: serving.model, version: serving.version, latency: latency, status: status)
    }

    /// This application's recorders of `serving` (made and attached on first use, so a prediction does no lookup).
    func observers(_ serving: ServingModel) -> PredictionObservers {
        let attached = serving.observers.get { PredictionObservers(monitor: monitor, metrics: metrics, serving) }
        guard let mine = attached as? PredictionObservers, mine.belongs(monitor: monitor, metrics: metrics) else {
            // Two applications sharing one loaded model (tests) must not record into each other's monitor.
            return PredictionObservers(monitor: monitor, metrics: metrics, serving)
        }
        return mine
    }
}

/// What one application records a loaded model's predictions into.
final class PredictionObservers: PredictionObserver {
    let monitor: PerformanceMonitor?
    let metrics: ServingMetrics?
    let recorder: VersionRecorder?
    let handles: VersionHandles?

    init(monitor: PerformanceMonitor?, metrics: ServingMetrics?, _ serving: ServingModel) {
        self.monitor = monitor
        self.metrics = metrics
        recorder = monitor?.recorder(model: serving.model, version: serving.version)
        handles = metrics?.handles(model: serving.model, version: serving.version)
    }

    func belongs(monitor: PerformanceMonitor?, metrics: ServingMetrics?) -> Bool {
        self.monitor === monitor && self.metrics === metrics
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (latencies, rate-limit clocks).
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
