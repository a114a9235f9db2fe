import Foundation

/// scikit-learn's `LocalOutlierFactor(novelty=True)`, scored by an exact brute-force neighbour search over
/// the training set (the pickled KD/Ball tree only accelerates the same search).
///
/// `score_samples(x) = -mean_j(lrd_j / lrd(x))` over the k nearest training points j, where
/// `lrd(x) = 1 / (mean_j max(d(x, j), k-distance(j)) + 1e-10)`.
public struct LocalOutlierFactor: OutlierDetector {
    /// Distance metrics scikit-learn's neighbour search uses here.
    public enum Metric: Sendable, Equatable {
        case euclidean
        case manhattan
        case chebyshev
        case minkowski(Double)
    }

    /// `LocalOutlierFactor`.
    public var className: String { "LocalOutlierFactor" }
    /// Number of input features.
    public let nFeaturesIn: Int
    /// Feature names when fitted on a DataFrame.
    public let featureNames: [String]?
    /// scikit-learn refuses NaN and infinity here.
    public var nonFiniteInputs: NonFiniteInputs { .rejected }
    /// The training points, row-major.
    public let fitX: [Double]
    /// Number of training points.
    public let nFit: Int
    /// `n_neighbors_`.
    public let k: Int
    /// k-distance of each training point (`_distances_fit_X_[:, k-1]`).
    public let kDistance: [Double]
    /// Local reachability density of each training point (`_lrd`).
    public let lrd: [Double]
    /// `offset_`.
    public let offset: Double
    /// The metric.
    public let metric: Metric

    init(fields f: ObjectFields) throws(ModelRuntimeError) {
        guard try f.bool("novelty", default: false) else {
            throw ModelRuntimeError(
                .unsupportedModel,
                "LocalOutlierFactor(novelty=False) cannot score new data (scikit-learn has no score_samples for it); "
                    + "refit with novelty=True")
        }
        let fit = try f.matrix("_fit_X")
        let k = try f.int("n_neighbors_")
        let dist = try f.matrix("_distances_fit_X_")
        guard k >= 1, k <= fit.rows, dist.rows == fit.rows, dist.columns >= k else {
            throw ModelRuntimeError(
                .corruptModel,
                "LocalOutlierFactor has n_neighbors_=\(k) with \(fit.rows) training points and k-distances of shape "
                    + "(\(dist.rows), \(dist.columns))")
        }
        nFit = fit.rows
        nFeaturesIn = fit.columns
        fitX = fit.values
        self.k = k
        kDistance = (0..<fit.rows).map { dist.values[$0 * dist.columns + k - 1] }
        lrd = try f.doubles("_lrd", count: fit.rows)
        offset = try f.double("offset_")
        featureNames = try f.featureNames()
        let name = (f.object["effective_metric_"]?.stringValue ?? f.object["metric"]?.stringValue ?? "minkowski")
        let params = f.object["effective_metric_params_"]
        let p = params?["p"]?.doubleValue ?? f.object["p"]?.doubleValue ?? 2
        switch name {
        case "euclidean", "l2": metric = .euclidean
        case "manhattan", "cityblock", "l1": metric = .manhattan
        case "chebyshev", "infinity": metric = .chebyshev
        case "minkowski":
            metric = p == 2 ? .euclidean : p == 1 ? .manhattan : p.isInfinite ? .chebyshev : .minkowski(p)
        default:
            throw ModelRuntimeError(
                .unsupportedModel,
                "LocalOutlierFactor with metric '\(name)' is not supported; use euclidean, manhattan, chebyshev or "
                    + "minkowski")
        }
    }

    func distance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        let d = nFeaturesIn
        switch metric {
        case .euclidean:
            var s = 0.0
            for i in 0..<d {
                let t = a[i] - b[i]
                s += t * t
            }
            return s.squareRoot()
        case .manhattan:
            var s = 0.0
            for i in 0..<d { s += abs(a[i] - b[i]) }
            return s
        case .chebyshev:
            var s = 0.0
            for i in 0..<d { s = max(s, abs(a[i] - b[i])) }
            return s
        case .minkowski(let p):
            var s = 0.0
            for i in 0..<d { s += pow(abs(a[i] - b[i]), p) }
            return pow(s, 1 / p)
        }
    }

    /// Scores rows.
    public func evaluateUnchecked(_ x: FeatureMatrix) -> OutlierScores {
        var score = [Double](repeating: 0, count: x.rows)
        var nearest = [(Double, Int)]()
        nearest.reserveCapacity(k + 1)
        fitX.withUnsafeBufferPointer { fit in
            x.values.withUnsafeBufferPointer { xs in
                guard let fitBase = fit.baseAddress, let xBase = xs.baseAddress else { return }
                for r in 0..<x.rows {
                    let q = xBase + r * nFeaturesIn
                    nearest.removeAll(keepingCapacity: true)
                    for j in 0..<nFit {
                        let d = distance(q, fitBase + j * nFeaturesIn)
                        if nearest.count < k {
                            nearest.append((d, j))
                            if nearest.count == k { nearest.sort { $0 < $1 } }
                        } else if (d, j) < nearest[k - 1] {
                            // Insert keeping (distance, index) order: ties go to the lower index.
                            var pos = k - 1
                            while pos > 0, (d, j) < nearest[pos - 1] { pos -= 1 }
                            nearest.insert((d, j), at: pos)
                            nearest.removeLast()
                        }
                    }
                    if nearest.count < k { nearest.sort { $0 < $1 } }
                    var reach = 0.0
                    for (d, j) in nearest { reach += max(d, kDistance[j]) }
                    let lrdX = 1.0 / (reach / Double(k) + 1e-10)
                    var ratio = 0.0
                    for (_, j) in nearest { ratio += lrd[j] / lrdX }
                    score[r] = -(ratio / Double(k))
                }
            }
        }
        var decision = score
        var label = [Int](repeating: 1, count: x.rows)
        for i in 0..<x.rows {
            decision[i] = score[i] - offset
            if decision[i] < 0 { label[i] = -1 }
        }
        return OutlierScores(scoreSamples: score, decisionFunction: decision, predict: label)
    }
}
