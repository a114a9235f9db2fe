import Foundation
import Monitoring
import Serving

/// What one server records a loaded model's predictions into, attached to the model once (``ObserverSlot``) so a
/// prediction does no lookup by name.
final class ServingObservers: Sendable {
    let monitor: PerformanceMonitor?
    let metrics: ServingMetrics?
    let recorder: VersionRecorder?
    let handles: VersionHandles?

    init(_ server: WardenServer, _ serving: ServingModel) {
        monitor = server.monitor
        metrics = server.metrics
        recorder = server.monitor?.recorder(model: serving.model, version: serving.version)
        handles = server.metrics?.handles(model: serving.model, version: serving.version)
    }

    func belongs(to server: WardenServer) -> Bool { monitor === server.monitor && metrics === server.metrics }
}

extension WardenServer {
    /// The observers of `serving` for this server (made and attached on first use).
    func observers(_ serving: ServingModel) -> ServingObservers {
        let attached = serving.observers.get { ServingObservers(self, serving) }
        // Two servers sharing one loaded model (tests) must not record into each other's monitor.
        return attached.belongs(to: self) ? attached : ServingObservers(self, serving)
    }

    /// Records a successful prediction: the performance monitor's window (with the input rows, for data drift) and
    /// the Prometheus metrics. Called once per scored request on every prediction route.
    func recordSuccess(_ p: Prediction, input: FeatureInput, serving: ServingModel, since start: ContinuousClock.Instant) {
        guard monitor != nil || metrics != nil else { return }
        let latency = Self.seconds(since: start)
        let o = observers(serving)
        o.recorder?.recordSuccess(
            latency: latency, scores: p.scores, labels: p.predictions, featureNames: serving.columnNames,
            features: input.matrix.values)
        o.handles?.recordSuccess(latency: latency, rows: p.totalSamples, anomalies: p.anomalyCount)
    }

    /// Records a failed prediction of the version that was to score it, with the HTTP status as its error code.
    func recordFailure(_ serving: ServingModel, error: any Error, since start: ContinuousClock.Instant) {
        guard monitor != nil || metrics != nil else { return }
        let latency = Self.seconds(since: start)
        let status = Int32(APIError.from(error).status.code)
        observers(serving).recorder?.recordFailure(latency: latency, errorCode: status)
        metrics?.recordFailure(model: serving.model, version: serving.version, latency: latency, status: Int(status))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double { (ContinuousClock.now - start).inSeconds }
}

extension Duration {
    /// The duration in seconds, as a `Double` (latencies, rate-limit clocks).
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
