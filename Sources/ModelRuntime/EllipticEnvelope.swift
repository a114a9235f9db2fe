/// scikit-learn's `EllipticEnvelope`: `score_samples = -(x - location_)ᵀ precision_ (x - location_)`,
/// `decision_function = score_samples - offset_`, `predict = +1` where the decision is `>= 0`.
public struct EllipticEnvelope: OutlierDetector {
    /// `EllipticEnvelope`.
    public var className: String { "EllipticEnvelope" }
    /// Number of input features.
    public let nFeaturesIn: Int
    /// Feature names when fitted on a DataFrame.
    public let featureNames: [String]?
    /// scikit-learn refuses NaN and infinity here.
    public var nonFiniteInputs: NonFiniteInputs { .rejected }
    /// `location_`.
    public let location: [Double]
    /// `precision_`, row-major `d × d`.
    public let precision: [Double]
    /// `offset_`.
    public let offset: Double

    init(fields f: ObjectFields) throws(ModelRuntimeError) {
        let n = try f.int("n_features_in_")
        nFeaturesIn = n
        featureNames = try f.featureNames()
        location = try f.doubles("location_", count: n)
        guard let p = f.object["precision_"], !p.isNone else {
            throw ModelRuntimeError(
                .unsupportedModel, "EllipticEnvelope(store_precision=False) is not supported; refit with store_precision=True")
        }
        let m = try f.matrix("precision_")
        guard m.rows == n, m.columns == n else {
            throw ModelRuntimeError(.corruptModel, "EllipticEnvelope precision_ is \(m.rows)x\(m.columns), expected \(n)x\(n)")
        }
        precision = m.values
        offset = try f.double("offset_")
    }

    /// Scores rows.
    public func evaluateUnchecked(_ x: FeatureMatrix) -> OutlierScores {
        let d = nFeaturesIn
        var score = [Double](repeating: 0, count: x.rows)
        var centered = [Double](repeating: 0, count: d)
        for r in 0..<x.rows {
            for i in 0..<d { centered[i] = x.values[r * d + i] - location[i] }
            var total = 0.0
            for i in 0..<d {
                var rowSum = 0.0
                for j in 0..<d { rowSum += precision[i * d + j] * centered[j] }
                total += centered[i] * rowSum
            }
            // scipy's cdist(mahalanobis) takes a square root that EllipticEnvelope squares again.
            let dist = total.squareRoot()
            score[r] = -(dist * dist)
        }
        var decision = score
        var label = [Int](repeating: -1, count: x.rows)
        for i in 0..<x.rows {
            decision[i] = score[i] - offset
            if decision[i] >= 0 { label[i] = 1 }
        }
        return OutlierScores(scoreSamples: score, decisionFunction: decision, predict: label)
    }
}
