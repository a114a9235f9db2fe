public import Foundation
public import Serving

/// What the application needs besides the stores: limits, defaults and facts reported by health endpoints.
public struct ServerSettings: Sendable {
    /// Warden's version, reported by `/version`, `/v2` and health.
    public var wardenVersion: String
    /// The most bytes a request body may have.
    public var maxBodyBytes: Int
    /// The most bytes of a package uploaded to `POST /api/v1/model-management/upload` (larger packages go through the
    /// training-service folder or `warden import`).
    public var maxUploadBytes: Int
    /// The most rows a prediction request may send when the version's `inference_config.batch_size` is absent.
    public var defaultMaxRows: Int
    /// Seconds allowed to receive a request body when the version's `inference_config.timeout_seconds` is absent.
    public var defaultTimeoutSeconds: Double
    /// What to do with missing features when the request does not say.
    public var missingFeatures: MissingFeaturePolicy
    /// The training service folder (seed 002), when configured.
    public var trainingServicePath: String?
    /// The data directory, for health's disk check.
    public var dataDirectory: String
    /// When the process started.
    public var startedAt: Date
    /// Days of monitoring data `DELETE /performance/cleanup` keeps when the request does not say (config
    /// `monitoring.metrics_retention_days`).
    public var metricsRetentionDays: Int

    /// Creates settings.
    public init(
        wardenVersion: String, maxBodyBytes: Int = 16 * 1024 * 1024, defaultMaxRows: Int = 10_000,
        defaultTimeoutSeconds: Double = 30, missingFeatures: MissingFeaturePolicy = .reject,
        trainingServicePath: String? = nil, dataDirectory: String, startedAt: Date = Date(),
        metricsRetentionDays: Int = 30, maxUploadBytes: Int = 256 * 1024 * 1024
    ) {
        self.maxUploadBytes = maxUploadBytes
        self.metricsRetentionDays = metricsRetentionDays
        self.wardenVersion = wardenVersion
        self.maxBodyBytes = maxBodyBytes
        self.defaultMaxRows = defaultMaxRows
        self.defaultTimeoutSeconds = defaultTimeoutSeconds
        self.missingFeatures = missingFeatures
        self.trainingServicePath = trainingServicePath
        self.dataDirectory = dataDirectory
        self.startedAt = startedAt
    }
}
