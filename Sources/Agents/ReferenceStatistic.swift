/// A statistic of a feature's training reference that a rule can scale into a bound.
public enum ReferenceStatistic: String, Sendable, Hashable, Codable, CaseIterable {
    /// The mean.
    case mean
    /// The population standard deviation.
    case std
    /// The smallest value.
    case min
    /// The largest value.
    case max
    /// The 1st percentile.
    case p01
    /// The median.
    case p50
    /// The 99th percentile.
    case p99
}
