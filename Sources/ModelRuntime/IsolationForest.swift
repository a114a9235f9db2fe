import Foundation

/// scikit-learn's `IsolationForest`, scored natively with its exact arithmetic.
///
/// Per row: the input is rounded to float32; each tree contributes `depth(leaf) + c(n_samples(leaf)) - 1` in
/// tree order to a float64 sum; `score_samples = -2^(-sum / (n_trees * c(max_samples)))`;
/// `decision_function = score_samples - offset_`; `predict = -1` where the decision is negative.
public struct IsolationForest: OutlierDetector {
    /// `IsolationForest`.
    public var className: String { "IsolationForest" }
    /// Number of input features.
    public let nFeaturesIn: Int
    /// Feature names when fitted on a DataFrame.
    public let featureNames: [String]?
    /// The trees, in `estimators_` order.
    public let trees: [IsolationTree]
    /// `offset_`.
    public let offset: Double
    /// `n_estimators * c(max_samples)`, the normaliser of the summed depths.
    public let denominator: Double
    /// NaN routes through `missing_go_to_left` and infinities compare as usual for models from scikit-learn
    /// 1.6 on; older versions refused both (their trees have no meaningful NaN routing), and so does Warden.
    public let nonFiniteInputs: NonFiniteInputs

    let compiled: CompiledForest

    /// Creates a forest from trees whose features are already global column indices.
    ///
    /// - Parameters:
    ///   - maxSamples: scikit-learn's `_max_samples` (the per-tree sample size).
    public init(
        trees: [IsolationTree], nFeaturesIn: Int, offset: Double, maxSamples: Int, featureNames: [String]?,
        nonFiniteInputs: NonFiniteInputs = .accepted
    ) {
        self.nonFiniteInputs = nonFiniteInputs
        self.trees = trees
        self.nFeaturesIn = nFeaturesIn
        self.offset = offset
        self.featureNames = featureNames
        self.denominator = Double(trees.count) * IsolationForest.averagePathLength(Double(maxSamples))
        self.compiled = CompiledForest(trees: trees, nFeatures: nFeaturesIn)
    }

    /// `c(n)`: the average path length of an unsuccessful search in a binary search tree of `n` items,
    /// exactly as `sklearn.ensemble._iforest._average_path_length`.
    public static func averagePathLength(_ n: Double) -> Double {
        if n <= 1 { return 0 }
        if n == 2 { return 1 }
        return 2.0 * (log(n - 1.0) + 0.5772156649015329) - 2.0 * (n - 1.0) / n
    }

    /// Scores rows.
    public func evaluateUnchecked(_ x: FeatureMatrix) -> OutlierScores {
        finish(compiled.depthSums(x))
    }

    /// The summed per-tree depth terms of each row (scikit-learn's `depths` before normalisation).
    public func depthSums(_ x: FeatureMatrix) -> [Double] {
        compiled.depthSums(x)
    }

    /// The same sums by the straightforward node-by-node walk (the reference the compiled layout is tested against).
    public func referenceDepthSums(_ x: FeatureMatrix) -> [Double] {
        var out = [Double](repeating: 0, count: x.rows)
        var row = [Float](repeating: 0, count: x.columns)
        for r in 0..<x.rows {
            for c in 0..<x.columns { row[c] = Float(x.values[r * x.columns + c]) }
            var sum = 0.0
            row.withUnsafeBufferPointer { p in
                for tree in trees {
                    // Invariant: a non-empty row buffer has a base address.
                    sum += tree.depthTerm[tree.leaf(p.baseAddress!)]
                }
            }
            out[r] = sum
        }
        return out
    }

    func finish(_ depths: [Double]) -> OutlierScores {
        let n = depths.count
        let offset = offset, denominator = denominator
        var decision = [Double](repeating: 0, count: n)
        var label = [Int](repeating: 1, count: n)
        let score = [Double](unsafeUninitializedCapacity: n) { out, initialized in
            for i in 0..<n {
                // numpy: 2 ** (-np.divide(depths, denominator, where=denominator != 0)), 1 where denominator == 0.
                let ratio = denominator != 0 ? depths[i] / denominator : 1.0
                let s = -pow(2.0, -ratio)
                out[i] = s
                decision[i] = s - offset
                if decision[i] < 0 { label[i] = -1 }
            }
            initialized = n
        }
        return OutlierScores(scoreSamples: score, decisionFunction: decision, predict: label)
    }
}
