/// The distribution of a model's anomaly scores over its training (reference) windows: what turns a raw score into
/// a calibrated percentile, so that "how far over the threshold" means the same for every model.
///
/// Built from the scores the model gives its package's reference sample (`reference_sample.csv`, training
/// windows). ``percentile(of:)`` is the share of reference windows scoring at or below a score, in percent: a
/// model trained with `contamination = 0.02` puts its threshold near the 98th percentile, and a score above every
/// training window is at 100.
///
/// ```swift
/// let calibration = try ScoreCalibration(referenceScores: model.scores(referenceRows))
/// calibration.percentile(of: 0.61)   // 99.9
/// ```
public struct ScoreCalibration: Sendable, Hashable {
    /// The reference scores, ascending.
    public let sortedScores: [Double]

    /// Creates a calibration from the model's scores of its reference windows.
    ///
    /// - Throws: ``AgentsError/Code/invalidConfiguration`` when there are no scores or one is not finite.
    public init(referenceScores: [Double]) throws(AgentsError) {
        guard !referenceScores.isEmpty else {
            throw AgentsError(.invalidConfiguration, "no reference scores to calibrate with; pass the model's scores "
                + "of its training windows")
        }
        guard referenceScores.allSatisfy(\.isFinite) else {
            throw AgentsError(.invalidConfiguration, "a reference score is not finite; drop non-finite windows")
        }
        sortedScores = referenceScores.sorted()
    }

    /// How many reference windows the calibration holds.
    public var count: Int { sortedScores.count }

    /// The share of reference windows scoring at or below `score`, in percent (0...100); 0 for a non-finite
    /// score below everything, 100 above.
    public func percentile(of score: Double) -> Double {
        guard !score.isNaN else { return 0 }
        var low = 0
        var high = sortedScores.count
        while low < high {
            let mid = (low + high) / 2
            if sortedScores[mid] <= score { low = mid + 1 } else { high = mid }
        }
        return Double(low) / Double(sortedScores.count) * 100
    }
}
