import Foundation

/// The three outputs scikit-learn's outlier detectors give for each row.
public struct OutlierScores: Sendable, Equatable {
    /// `score_samples`: lower is more abnormal.
    public var scoreSamples: [Double]
    /// `decision_function`: negative means outlier (for IsolationForest `score_samples - offset_`).
    public var decisionFunction: [Double]
    /// `predict`: +1 inlier, -1 outlier.
    public var predict: [Int]

    /// Creates outputs.
    public init(scoreSamples: [Double], decisionFunction: [Double], predict: [Int]) {
        self.scoreSamples = scoreSamples
        self.decisionFunction = decisionFunction
        self.predict = predict
    }
}

/// Which non-finite inputs an estimator takes, as scikit-learn's input validation decides.
public enum NonFiniteInputs: Int, Sendable, Comparable {
    /// NaN and ±infinity are refused (`ensure_all_finite=True`).
    case rejected = 0
    /// NaN is accepted, infinity refused (`ensure_all_finite="allow-nan"`: the scalers).
    case nanOnly = 1
    /// Both are accepted (IsolationForest from scikit-learn 1.6 on).
    case accepted = 2

    /// Orders from most to least restrictive.
    public static func < (a: NonFiniteInputs, b: NonFiniteInputs) -> Bool { a.rawValue < b.rawValue }
}

/// An unsupervised outlier detector with scikit-learn's scoring semantics.
public protocol OutlierDetector: Sendable {
    /// scikit-learn class name, e.g. `IsolationForest`.
    var className: String { get }
    /// Number of input features (`n_features_in_`).
    var nFeaturesIn: Int { get }
    /// Feature names when fitted on a DataFrame (`feature_names_in_`).
    var featureNames: [String]? { get }
    /// Which non-finite inputs are accepted.
    var nonFiniteInputs: NonFiniteInputs { get }
    /// Computes all outputs for already-validated rows.
    func evaluateUnchecked(_ x: FeatureMatrix) -> OutlierScores
}

/// A fitted feature transformer (scaler) with scikit-learn's `transform` arithmetic.
public protocol FeatureTransformer: Sendable {
    /// scikit-learn class name, e.g. `StandardScaler`.
    var className: String { get }
    /// Number of input features.
    var nFeaturesIn: Int { get }
    /// Feature names when fitted on a DataFrame.
    var featureNames: [String]? { get }
    /// Which non-finite inputs are accepted (the scalers take NaN and refuse infinity).
    var nonFiniteInputs: NonFiniteInputs { get }
    /// Transforms already-validated rows.
    func transformUnchecked(_ x: FeatureMatrix) -> FeatureMatrix
}

extension OutlierDetector {
    /// `score_samples`, `decision_function` and `predict` for each row.
    ///
    /// - Throws: `featureCountMismatch` or `invalidInput` naming the row and column.
    public func evaluate(_ x: FeatureMatrix) throws(ModelRuntimeError) -> OutlierScores {
        try InputCheck.validate(x, nFeatures: nFeaturesIn, policy: nonFiniteInputs, model: className)
        return evaluateUnchecked(x)
    }

    /// `evaluate(_:)` with large batches split into chunks scored on `threads` threads.
    ///
    /// Rows are scored independently, so the result is identical for any thread count.
    public func evaluate(_ x: FeatureMatrix, threads: Int) throws(ModelRuntimeError) -> OutlierScores {
        try InputCheck.validate(x, nFeatures: nFeaturesIn, policy: nonFiniteInputs, model: className)
        let chunkRows = 4096
        guard threads > 1, x.rows > chunkRows else { return evaluateUnchecked(x) }
        let chunks = (x.rows + chunkRows - 1) / chunkRows
        let results = ChunkResults(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * chunkRows, end = min(x.rows, start + chunkRows)
            let part = FeatureMatrix(
                rows: end - start, columns: x.columns,
                values: Array(x.values[start * x.columns..<end * x.columns]))
            results.set(c, evaluateUnchecked(part))
        }
        var out = OutlierScores(scoreSamples: [], decisionFunction: [], predict: [])
        out.scoreSamples.reserveCapacity(x.rows)
        out.decisionFunction.reserveCapacity(x.rows)
        out.predict.reserveCapacity(x.rows)
        for part in results.values() {
            out.scoreSamples += part.scoreSamples
            out.decisionFunction += part.decisionFunction
            out.predict += part.predict
        }
        return out
    }

    /// `score_samples` for each row.
    public func scoreSamples(_ x: FeatureMatrix) throws(ModelRuntimeError) -> [Double] {
        try evaluate(x).scoreSamples
    }

    /// `decision_function` for each row.
    public func decisionFunction(_ x: FeatureMatrix) throws(ModelRuntimeError) -> [Double] {
        try evaluate(x).decisionFunction
    }

    /// `predict` for each row (+1 inlier, -1 outlier).
    public func predict(_ x: FeatureMatrix) throws(ModelRuntimeError) -> [Int] {
        try evaluate(x).predict
    }
}

extension FeatureTransformer {
    /// `transform` of each row.
    ///
    /// - Throws: `featureCountMismatch` or `invalidInput`.
    public func transform(_ x: FeatureMatrix) throws(ModelRuntimeError) -> FeatureMatrix {
        try InputCheck.validate(x, nFeatures: nFeaturesIn, policy: nonFiniteInputs, model: className)
        return transformUnchecked(x)
    }
}

enum InputCheck {
    static func validate(
        _ x: FeatureMatrix, nFeatures: Int, policy: NonFiniteInputs, model: String
    ) throws(ModelRuntimeError) {
        guard x.columns == nFeatures else {
            throw ModelRuntimeError(
                .featureCountMismatch,
                "\(model) expects \(nFeatures) features per row, the input has \(x.columns)")
        }
        guard policy != .accepted else { return }
        for (i, v) in x.values.enumerated() where !v.isFinite && !(v.isNaN && policy == .nanOnly) {
            let what = policy == .nanOnly ? "infinity" : "NaN or infinity"
            throw ModelRuntimeError(
                .invalidInput,
                "row \(i / max(x.columns, 1)), feature \(i % max(x.columns, 1)) is \(v); \(model) does not accept "
                    + "\(what) (scikit-learn refuses it too): impute or drop such rows")
        }
    }
}


/// Per-chunk results written by concurrent workers, each to its own slot.
final class ChunkResults: @unchecked Sendable {
    private var slots: [OutlierScores?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ v: OutlierScores) {
        lock.lock()
        slots[i] = v
        lock.unlock()
    }

    func values() -> [OutlierScores] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
