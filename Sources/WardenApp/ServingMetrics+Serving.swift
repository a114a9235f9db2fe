public import Serving

extension ServingMetrics: ServingObserver {
    /// Exports the series of versions that start serving and withdraws those of versions that stop
    /// (``exportServing(model:version:features:)``, ``withdrawServing(model:version:)``).
    public func servingChanged(started: [ServingModel], stopped: [(model: String, version: String)]) {
        for s in stopped { withdrawServing(model: s.model, version: s.version) }
        for s in started { exportServing(model: s.model, version: s.version, features: s.columnNames) }
    }
}
