import Foundation

extension DriftStatistics {
    /// The smallest spread used to normalise the Wasserstein distance (Evidently's `max(np.std(reference), 0.001)`).
    public static let wassersteinMinimumSpread = 0.001

    /// The first Wasserstein distance between two 1-D empirical distributions, as `scipy.stats.wasserstein_distance`.
    ///
    /// The integral of |U(x) - V(x)| over the pooled values, with U and V the (weighted) empirical CDFs.
    /// - Parameters:
    ///   - u: Values of the first distribution.
    ///   - v: Values of the second distribution.
    ///   - uWeights: Optional non-negative weights for `u` (same length, positive finite sum); nil means equal weights.
    ///   - vWeights: Optional non-negative weights for `v`.
    /// - Returns: The distance, in the unit of the values.
    /// - Throws: ``MonitoringError`` when a sample is empty, a value is not finite, or weights are invalid.
    public static func wassersteinDistance(
        _ u: [Double], _ v: [Double], uWeights: [Double]? = nil, vWeights: [Double]? = nil
    ) throws -> Double {
        let uCDF = try EmpiricalCDF(u, weights: uWeights, name: "the first sample")
        let vCDF = try EmpiricalCDF(v, weights: vWeights, name: "the second sample")
        return distance(uCDF, vCDF)
    }

    /// The Wasserstein distance of two samples already sorted ascending, non-empty and finite, with equal weights.
    static func wassersteinDistance(sorted u: [Double], _ v: [Double]) -> Double {
        distance(EmpiricalCDF(sorted: u), EmpiricalCDF(sorted: v))
    }

    static func distance(_ uCDF: EmpiricalCDF, _ vCDF: EmpiricalCDF) -> Double {
        // The pooled values in order: a merge of the two sorted samples (the same sequence as sorting both).
        var all = [Double]()
        all.reserveCapacity(uCDF.values.count + vCDF.values.count)
        var a = 0
        var b = 0
        while a < uCDF.values.count || b < vCDF.values.count {
            if b == vCDF.values.count || (a < uCDF.values.count && uCDF.values[a] <= vCDF.values[b]) {
                all.append(uCDF.values[a])
                a += 1
            } else {
                all.append(vCDF.values[b])
                b += 1
            }
        }
        var total = 0.0
        var iu = 0
        var iv = 0
        for i in 0..<(all.count - 1) {
            let x = all[i]
            while iu < uCDF.values.count && uCDF.values[iu] <= x { iu += 1 }
            while iv < vCDF.values.count && vCDF.values[iv] <= x { iv += 1 }
            total += abs(uCDF.cdf(atCount: iu) - vCDF.cdf(atCount: iv)) * (all[i + 1] - x)
        }
        return total
    }

    /// The Wasserstein distance divided by the reference's population standard deviation, as Evidently's
    /// `wasserstein` drift test: `wasserstein_distance(reference, current) / max(np.std(reference), 0.001)`.
    /// - Parameters:
    ///   - reference: The reference sample.
    ///   - current: The current sample.
    /// - Returns: The distance in reference standard deviations.
    /// - Throws: ``MonitoringError`` when a sample is empty or a value is not finite.
    public static func normalizedWassersteinDistance(reference: [Double], current: [Double]) throws -> Double {
        let distance = try wassersteinDistance(reference, current)
        return distance / max(populationStandardDeviation(reference), wassersteinMinimumSpread)
    }

    /// `np.std(values)` (ddof = 0): the square root of the mean squared deviation from the mean.
    static func populationStandardDeviation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var squares = 0.0
        for value in values { squares += (value - mean) * (value - mean) }
        return (squares / n).squareRoot()
    }
}

/// A sorted sample with cumulative weights, for CDF lookups.
struct EmpiricalCDF {
    var values: [Double]
    /// Cumulative weights with a leading 0; nil for equal weights.
    var cumulative: [Double]?

    /// An equally weighted sample that is already sorted.
    init(sorted: [Double]) {
        values = sorted
        cumulative = nil
    }

    init(_ sample: [Double], weights: [Double]?, name: String) throws {
        guard !sample.isEmpty else { throw MonitoringError.insufficient(name, required: 1, available: 0) }
        try MonitoringError.checkFinite(sample, name)
        guard let weights else {
            values = sample.sorted()
            cumulative = nil
            return
        }
        guard weights.count == sample.count else {
            throw MonitoringError(
                .lengthMismatch, "\(name) has \(sample.count) values but \(weights.count) weights; pass one per value")
        }
        try MonitoringError.checkFinite(weights, "the weights of \(name)")
        guard weights.allSatisfy({ $0 >= 0 }), weights.reduce(0, +) > 0 else {
            throw MonitoringError(
                .invalidConfiguration, "the weights of \(name) must be non-negative with a positive sum")
        }
        let order = sample.indices.sorted { sample[$0] < sample[$1] }
        values = order.map { sample[$0] }
        var running = [0.0]
        running.reserveCapacity(sample.count + 1)
        var sum = 0.0
        for index in order {
            sum += weights[index]
            running.append(sum)
        }
        cumulative = running
    }

    /// The CDF when `count` sorted values are at or below the point.
    func cdf(atCount count: Int) -> Double {
        guard let cumulative, let last = cumulative.last else { return Double(count) / Double(values.count) }
        return cumulative[count] / last
    }
}
