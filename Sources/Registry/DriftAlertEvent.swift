/// Whether a drift alert was raised or cleared.
public enum DriftAlertEvent: String, Sendable, Codable, CaseIterable {
    /// The statistic crossed its threshold.
    case raised
    /// The statistic came back under its threshold.
    case cleared
}
