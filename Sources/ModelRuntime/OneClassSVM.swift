import Foundation

/// scikit-learn's `OneClassSVM`, evaluated as libsvm does:
/// `decision = Σ_i dual_coef_i · K(sv_i, x) - rho` with `rho = -intercept_`,
/// `score_samples = decision + offset_`, `predict = +1` where `decision > 0`.
public struct OneClassSVM: OutlierDetector {
    /// The kernels scikit-learn offers (a Python callable kernel cannot be pickled safely).
    public enum Kernel: Sendable, Equatable {
        case linear
        case poly(degree: Int, gamma: Double, coef0: Double)
        case rbf(gamma: Double)
        case sigmoid(gamma: Double, coef0: Double)
        /// Input rows are kernel values against the training set; `support` picks the support columns.
        case precomputed(support: [Int])
    }

    /// `OneClassSVM`.
    public var className: String { "OneClassSVM" }
    /// Number of input features (training-set size for a precomputed kernel).
    public let nFeaturesIn: Int
    /// Feature names when fitted on a DataFrame.
    public let featureNames: [String]?
    /// scikit-learn refuses NaN and infinity here.
    public var nonFiniteInputs: NonFiniteInputs { .rejected }
    /// Support vectors, row-major (empty for a precomputed kernel).
    public let supportVectors: [Double]
    /// Dual coefficients, one per support vector.
    public let dualCoef: [Double]
    /// `_intercept_[0]`.
    public let intercept: Double
    /// `offset_` (= -intercept).
    public let offset: Double
    /// The kernel.
    public let kernel: Kernel

    init(fields f: ObjectFields) throws(ModelRuntimeError) {
        let n = try f.int("n_features_in_")
        nFeaturesIn = n
        featureNames = try f.featureNames()
        dualCoef = try f.doubles(f.has("_dual_coef_") ? "_dual_coef_" : "dual_coef_")
        intercept = try f.doubles(f.has("_intercept_") ? "_intercept_" : "intercept_", count: 1)[0]
        offset = try f.doubles("offset_", count: 1)[0]
        let kernelName = try f.string("kernel")
        let gamma = f.has("_gamma") ? try f.double("_gamma") : 0
        let coef0 = f.has("coef0") ? try f.double("coef0") : 0
        if kernelName == "precomputed" {
            let support = try f.array("support_")
            guard let idx = try? support.int64Values(), idx.count == dualCoef.count,
                idx.allSatisfy({ $0 >= 0 && $0 < Int64(n) })
            else { throw f.corrupt("support_", "indices of support vectors", .array(support)) }
            kernel = .precomputed(support: idx.map { Int($0) })
            supportVectors = []
            return
        }
        let sv = try f.matrix("support_vectors_")
        guard sv.columns == n, sv.rows == dualCoef.count else {
            throw ModelRuntimeError(
                .corruptModel,
                "OneClassSVM has \(sv.rows)x\(sv.columns) support vectors for \(dualCoef.count) coefficients and \(n) features")
        }
        supportVectors = sv.values
        switch kernelName {
        case "linear": kernel = .linear
        case "rbf": kernel = .rbf(gamma: gamma)
        case "poly": kernel = .poly(degree: try f.int("degree"), gamma: gamma, coef0: coef0)
        case "sigmoid": kernel = .sigmoid(gamma: gamma, coef0: coef0)
        default:
            throw ModelRuntimeError(
                .unsupportedModel,
                "OneClassSVM with kernel '\(kernelName)' is not supported (a callable kernel is Python code); use "
                    + "linear, poly, rbf, sigmoid or precomputed")
        }
    }

    /// libsvm's `powi`: exponentiation by squaring.
    static func powi(_ base: Double, _ times: Int) -> Double {
        var tmp = base, ret = 1.0
        var t = times
        while t > 0 {
            if t % 2 == 1 { ret *= tmp }
            tmp = tmp * tmp
            t /= 2
        }
        return ret
    }

    func kernelValue(_ sv: UnsafePointer<Double>, _ x: UnsafePointer<Double>) -> Double {
        let d = nFeaturesIn
        func dot() -> Double {
            var s = 0.0
            for i in 0..<d { s += sv[i] * x[i] }
            return s
        }
        switch kernel {
        case .linear: return dot()
        case .poly(let degree, let gamma, let coef0): return OneClassSVM.powi(gamma * dot() + coef0, degree)
        case .sigmoid(let gamma, let coef0): return tanh(gamma * dot() + coef0)
        case .rbf(let gamma):
            var s = 0.0
            for i in 0..<d {
                let t = x[i] - sv[i]
                s += t * t
            }
            return exp(-gamma * s)
        case .precomputed: return 0
        }
    }

    /// Scores rows.
    public func evaluateUnchecked(_ x: FeatureMatrix) -> OutlierScores {
        let rho = -intercept
        var decision = [Double](repeating: 0, count: x.rows)
        supportVectors.withUnsafeBufferPointer { svs in
            x.values.withUnsafeBufferPointer { xs in
                guard let xBase = xs.baseAddress else { return }
                for r in 0..<x.rows {
                    let q = xBase + r * nFeaturesIn
                    var sum = 0.0
                    if case .precomputed(let support) = kernel {
                        for (i, col) in support.enumerated() { sum += dualCoef[i] * q[col] }
                    } else if let svBase = svs.baseAddress {
                        for i in 0..<dualCoef.count { sum += dualCoef[i] * kernelValue(svBase + i * nFeaturesIn, q) }
                    }
                    decision[r] = sum - rho
                }
            }
        }
        var score = decision
        var label = [Int](repeating: -1, count: x.rows)
        for i in 0..<x.rows {
            score[i] = decision[i] + offset
            if decision[i] > 0 { label[i] = 1 }
        }
        return OutlierScores(scoreSamples: score, decisionFunction: decision, predict: label)
    }
}
