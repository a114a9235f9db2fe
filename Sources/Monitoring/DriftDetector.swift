/// Computes per-feature and dataset drift between a reference profile and a current window.
///
/// ```swift
/// let detector = DriftDetector(configuration: .evidently)
/// let report = try detector.report(
///     features: [FeatureSamples(name: "bytes", reference: refBytes, current: curBytes)],
///     scores: FeatureSamples(name: "score", reference: refScores, current: curScores))
/// ```
public struct DriftDetector: Sendable {
    /// The thresholds and rules.
    public var configuration: DriftConfiguration

    /// Creates a detector.
    public init(configuration: DriftConfiguration = .evidently) {
        self.configuration = configuration
    }

    /// The drift of one feature.
    /// - Throws: ``MonitoringError`` when a sample has fewer than `minimumSamples` values or a non-finite value.
    public func feature(_ samples: FeatureSamples) throws -> FeatureDrift {
        let minimum = configuration.minimumSamples
        let smaller = min(samples.reference.count, samples.current.count)
        guard smaller >= minimum else {
            throw MonitoringError.insufficient("drift of '\(samples.name)'", required: minimum, available: smaller)
        }
        try MonitoringError.checkFinite(samples.reference, "the reference of '\(samples.name)'")
        try MonitoringError.checkFinite(samples.current, "the current sample of '\(samples.name)'")
        // Each column is sorted once for both K-S and Wasserstein.
        let reference = samples.reference.sorted()
        let current = samples.current.sorted()
        let ks = DriftStatistics.kolmogorovSmirnov(sorted: reference, current)
        let wasserstein = DriftStatistics.wassersteinDistance(sorted: reference, current)
        let spread = DriftStatistics.populationStandardDeviation(samples.reference)
        let normalized = wasserstein / max(spread, DriftStatistics.wassersteinMinimumSpread)
        let binned = try BinnedDistributions(reference: samples.reference, current: samples.current)
        let filled = binned.filledZeroes()
        let psi = try DriftStatistics.populationStabilityIndex(reference: filled.reference, current: filled.current)
        let js = try DriftStatistics.jensenShannonDistance(
            binned.reference, binned.current, base: configuration.jensenShannonBase)
        let test = configuration.resolvedTest(referenceCount: samples.reference.count)
        let statistic: Double
        let threshold: Double
        let drifted: Bool
        switch test {
        case .kolmogorovSmirnov, .automatic:
            statistic = ks.pValue
            threshold = configuration.kolmogorovSmirnovPValue
            drifted = statistic < threshold
        case .wasserstein:
            statistic = normalized
            threshold = configuration.wassersteinThreshold
            drifted = statistic >= threshold
        case .populationStability:
            statistic = psi
            threshold = configuration.populationStabilityThreshold
            drifted = statistic >= threshold
        case .jensenShannon:
            statistic = js
            threshold = configuration.jensenShannonThreshold
            drifted = statistic >= threshold
        }
        return FeatureDrift(
            name: samples.name, test: test == .automatic ? .kolmogorovSmirnov : test, statistic: statistic,
            threshold: threshold, drifted: drifted, kolmogorovSmirnovStatistic: ks.statistic,
            kolmogorovSmirnovPValue: ks.pValue, wasserstein: wasserstein, normalizedWasserstein: normalized,
            populationStabilityIndex: psi, jensenShannon: js, referenceCount: samples.reference.count,
            currentCount: samples.current.count)
    }

    /// Drift of every feature, the dataset verdict and, when `scores` is given, prediction drift.
    /// - Throws: ``MonitoringError`` when there is no feature or a feature cannot be tested.
    public func report(features: [FeatureSamples], scores: FeatureSamples? = nil) throws -> DriftReport {
        guard !features.isEmpty else {
            throw MonitoringError.insufficient("a drift report's features", required: 1, available: 0)
        }
        let results = try features.map(feature)
        let prediction = try scores.map(feature)
        let drifted = results.filter(\.drifted).count
        let share = Double(drifted) / Double(results.count)
        return DriftReport(
            features: results, prediction: prediction, driftedFeatures: drifted, driftShare: share,
            datasetDrift: share >= configuration.datasetDriftShare, configuration: configuration)
    }
}
