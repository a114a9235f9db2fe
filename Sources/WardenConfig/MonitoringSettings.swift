/// Performance windows and drift detection: the `monitoring:` blocks of seeds 000/002 and the settings of seed 004.
public struct MonitoringSettings: Sendable, Equatable, Codable {
    /// Record predictions and check drift. Default true; the seeds' `enable_drift_detection` is accepted as an alias.
    public var enabled: Bool
    /// Predictions in the rolling window. Default 1000 (seed 004); positive.
    public var windowSize: Int
    /// Distribution-drift score above which a feature or the predictions have drifted. Default 0.1 (seed 002);
    /// greater than 0.
    public var driftThreshold: Double
    /// Standard deviations from the baseline mean at which the score stream has drifted. Default 2.0 (seed 004);
    /// greater than 0.
    public var baselineDriftThreshold: Double
    /// Days of recorded metrics to keep. Default 30; non-negative, 0 keeps them forever.
    public var metricsRetentionDays: Int

    /// Creates monitoring settings; the defaults are those documented on each field.
    public init(
        enabled: Bool = true, windowSize: Int = 1000, driftThreshold: Double = 0.1,
        baselineDriftThreshold: Double = 2.0, metricsRetentionDays: Int = 30
    ) {
        self.enabled = enabled
        self.windowSize = windowSize
        self.driftThreshold = driftThreshold
        self.baselineDriftThreshold = baselineDriftThreshold
        self.metricsRetentionDays = metricsRetentionDays
    }

    enum CodingKeys: String, CodingKey {
        case enabled, windowSize = "window_size", driftThreshold = "drift_threshold"
        case baselineDriftThreshold = "baseline_drift_threshold", metricsRetentionDays = "metrics_retention_days"
    }
}
