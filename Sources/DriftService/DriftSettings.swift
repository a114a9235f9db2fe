public import Monitoring

/// The thresholds a drift check applies: seed 002's indicator threshold, seed 004's baseline threshold and the
/// per-feature rules of ``DriftConfiguration``.
public struct DriftSettings: Sendable, Equatable {
    /// Per-feature and dataset drift rules (Evidently's defaults).
    public var data: DriftConfiguration
    /// Seed 002: drift when the mean relative change of anomaly rate, score and latency is above this (0.1).
    public var indicatorThreshold: Double
    /// Seed 004: drift when the score mean is more than this many baseline standard deviations away (2.0).
    public var baselineThreshold: Double
    /// The fewest successful predictions any check uses (each indicator segment has at least half of it).
    public var minimumSamples: Int

    /// Creates settings; defaults are the seeds' and Evidently's.
    public init(
        data: DriftConfiguration = .evidently, indicatorThreshold: Double = 0.1, baselineThreshold: Double = 2.0,
        minimumSamples: Int = 30
    ) {
        self.data = data
        self.indicatorThreshold = indicatorThreshold
        self.baselineThreshold = baselineThreshold
        self.minimumSamples = minimumSamples
    }
}
