/// What a monitoring cleanup removed: see ``MonitoringStore/deleteMonitoringData(olderThan:)``.
public struct MonitoringCleanup: Sendable, Equatable, Codable {
    /// Metric buckets removed.
    public var buckets: Int
    /// Windows removed.
    public var windows: Int
    /// Drift alert entries removed.
    public var alerts: Int

    /// Creates a summary.
    public init(buckets: Int = 0, windows: Int = 0, alerts: Int = 0) {
        self.buckets = buckets
        self.windows = windows
        self.alerts = alerts
    }
}
