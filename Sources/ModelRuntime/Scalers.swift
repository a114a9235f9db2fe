import Pickle

/// scikit-learn's `StandardScaler`: `x' = (x - mean_) / scale_`, each step skipped when disabled.
public struct StandardScaler: FeatureTransformer {
    /// `StandardScaler`.
    public var className: String { "StandardScaler" }
    /// NaN passes through; infinity is refused, as scikit-learn's `allow-nan` validation does.
    public var nonFiniteInputs: NonFiniteInputs { .nanOnly }
    /// Number of input features.
    public let nFeaturesIn: Int
    /// Feature names when fitted on a DataFrame.
    public let featureNames: [String]?
    /// `mean_`, or nil when `with_mean=False`.
    public let mean: [Double]?
    /// `scale_`, or nil when `with_std=False`.
    public let scale: [Double]?

    /// Creates a scaler from fitted values.
    public init(mean: [Double]?, scale: [Double]?, nFeaturesIn: Int, featureNames: [String]? = nil) {
        self.mean = mean
        self.scale = scale
        self.nFeaturesIn = nFeaturesIn
        self.featureNames = featureNames
    }

    init(fields f: ObjectFields) throws(ModelRuntimeError) {
        let n = try f.int("n_features_in_")
        let withMean = try f.bool("with_mean", default: true)
        let withStd = try f.bool("with_std", default: true)
        self.init(
            mean: withMean ? try f.optionalDoubles("mean_", count: n) : nil,
            scale: withStd ? try f.optionalDoubles("scale_", count: n) : nil,
            nFeaturesIn: n, featureNames: try f.featureNames())
    }

    /// Transforms rows (float64 arithmetic, as scikit-learn: subtract, then divide).
    public func transformUnchecked(_ x: FeatureMatrix) -> FeatureMatrix {
        var out = x
        let n = nFeaturesIn
        out.values.withUnsafeMutableBufferPointer { v in
            forEachRow(v, n) { row in
                if let mean { for c in 0..<n { row[c] -= mean[c] } }
                if let scale { for c in 0..<n { row[c] /= scale[c] } }
            }
        }
        return out
    }
}

/// Calls `body` with each `width`-long row of `values`.
@inline(__always)
func forEachRow(_ values: UnsafeMutableBufferPointer<Double>, _ width: Int, _ body: (UnsafeMutablePointer<Double>) -> Void) {
    guard let base = values.baseAddress, width > 0 else { return }
    for r in 0..<values.count / width { body(base + r * width) }
}

/// scikit-learn's `MinMaxScaler`: `x' = x * scale_ + min_`, then clipped to `feature_range` when `clip=True`.
public struct MinMaxScaler: FeatureTransformer {
    /// `MinMaxScaler`.
    public var className: String { "MinMaxScaler" }
    /// NaN passes through; infinity is refused, as scikit-learn's `allow-nan` validation does.
    public var nonFiniteInputs: NonFiniteInputs { .nanOnly }
    /// Number of input features.
    public let nFeaturesIn: Int
    /// Feature names when fitted on a DataFrame.
    public let featureNames: [String]?
    /// `scale_`.
    public let scale: [Double]
    /// `min_`.
    public let min: [Double]
    /// `feature_range` when `clip=True`.
    public let clipRange: (Double, Double)?

    init(fields f: ObjectFields) throws(ModelRuntimeError) {
        let n = try f.int("n_features_in_")
        nFeaturesIn = n
        featureNames = try f.featureNames()
        scale = try f.doubles("scale_", count: n)
        min = try f.doubles("min_", count: n)
        if try f.bool("clip", default: false) {
            guard let range = f.object["feature_range"]?.sequence, range.count == 2,
                let lo = range[0].doubleValue, let hi = range[1].doubleValue
            else { throw f.corrupt("feature_range", "a pair of numbers", f.object["feature_range"]) }
            clipRange = (lo, hi)
        } else {
            clipRange = nil
        }
    }

    /// Transforms rows: multiply, add, then clip (two roundings, as numpy's in-place `*=` and `+=`).
    public func transformUnchecked(_ x: FeatureMatrix) -> FeatureMatrix {
        var out = x
        let n = nFeaturesIn
        out.values.withUnsafeMutableBufferPointer { v in
            forEachRow(v, n) { row in
                for c in 0..<n {
                    let product = row[c] * scale[c]
                    row[c] = product + min[c]
                }
            }
            if let (lo, hi) = clipRange {
                // np.clip(X, lo, hi): NaN stays NaN.
                for i in 0..<v.count where !v[i].isNaN { v[i] = Swift.min(Swift.max(v[i], lo), hi) }
            }
        }
        return out
    }
}

/// scikit-learn's `RobustScaler`: `x' = (x - center_) / scale_`.
public struct RobustScaler: FeatureTransformer {
    /// `RobustScaler`.
    public var className: String { "RobustScaler" }
    /// NaN passes through; infinity is refused, as scikit-learn's `allow-nan` validation does.
    public var nonFiniteInputs: NonFiniteInputs { .nanOnly }
    /// Number of input features.
    public let nFeaturesIn: Int
    /// Feature names when fitted on a DataFrame.
    public let featureNames: [String]?
    /// `center_`, or nil when `with_centering=False`.
    public let center: [Double]?
    /// `scale_`, or nil when `with_scaling=False`.
    public let scale: [Double]?

    init(fields f: ObjectFields) throws(ModelRuntimeError) {
        let n = try f.int("n_features_in_")
        nFeaturesIn = n
        featureNames = try f.featureNames()
        center = try f.bool("with_centering", default: true) ? try f.optionalDoubles("center_", count: n) : nil
        scale = try f.bool("with_scaling", default: true) ? try f.optionalDoubles("scale_", count: n) : nil
    }

    /// Transforms rows: subtract, then divide.
    public func transformUnchecked(_ x: FeatureMatrix) -> FeatureMatrix {
        var out = x
        let n = nFeaturesIn
        out.values.withUnsafeMutableBufferPointer { v in
            forEachRow(v, n) { row in
                if let center { for c in 0..<n { row[c] -= center[c] } }
                if let scale { for c in 0..<n { row[c] /= scale[c] } }
            }
        }
        return out
    }
}
