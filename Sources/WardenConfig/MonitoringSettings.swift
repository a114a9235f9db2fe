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
    /// Seconds between flushes of aggregates and windows to the registry. Default 10.
    public var flushInterval: Int = 10
    /// Seconds between background drift checks of the serving versions (gauges, alerts); 0 turns them off.
    /// Default 60.
    public var checkInterval: Int = 60
    /// Per-feature drift test: `auto` (Evidently: K-S up to 1,000 reference rows, normalised Wasserstein above),
    /// `ks`, `wasserstein`, `psi` or `jensenshannon`. Default `auto`.
    public var driftTest: String = "auto"
    /// K-S drift when the p-value is below this. Default 0.05.
    public var ksPValue: Double = 0.05
    /// Normalised Wasserstein drift at or above this. Default 0.1.
    public var wassersteinThreshold: Double = 0.1
    /// The dataset drifts when at least this share of features drift. Default 0.5.
    public var datasetDriftShare: Double = 0.5
    /// The fewest values in the reference and current samples of any drift test. Default 30.
    public var minimumSamples: Int = 30
    /// This server's name among replicas sharing a registry: its stored window is restored under this name after a
    /// restart. Default empty: the host name. Replicas on one host need distinct names.
    public var instance: String = ""

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
        case flushInterval = "flush_interval", checkInterval = "check_interval", driftTest = "drift_test"
        case ksPValue = "ks_p_value", wassersteinThreshold = "wasserstein_threshold"
        case datasetDriftShare = "dataset_drift_share", minimumSamples = "minimum_samples", instance
    }
}
