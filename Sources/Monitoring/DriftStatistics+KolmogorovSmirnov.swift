import Foundation

extension DriftStatistics {
    /// The largest sample size for which `method='auto'` computes the exact p-value (scipy's `MAX_AUTO_N`).
    public static let kolmogorovSmirnovExactLimit = 10_000

    /// The two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(a, b)` with `method='auto'`.
    ///
    /// Ties are handled as scipy does: both ECDFs are evaluated at every pooled value with right-continuous counts.
    /// The p-value is exact when both samples have at most 10,000 values, else asymptotic; when the exact
    /// computation fails numerically it falls back to the asymptotic one, as scipy does.
    ///
    /// ```swift
    /// let result = try DriftStatistics.kolmogorovSmirnov(reference, current)
    /// if result.pValue < 0.05 { print("drift, D =", result.statistic) }
    /// ```
    /// - Parameters:
    ///   - a: The first sample (e.g. the reference); any order.
    ///   - b: The second sample (e.g. the current window); any order.
    /// - Returns: The statistic, p-value, location and sign.
    /// - Throws: ``MonitoringError`` when a sample is empty or contains a non-finite value.
    public static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) throws -> KolmogorovSmirnovResult {
        guard !a.isEmpty, !b.isEmpty else {
            throw MonitoringError.insufficient(
                "the Kolmogorov-Smirnov test", required: 1, available: min(a.count, b.count))
        }
        try MonitoringError.checkFinite(a, "the first sample")
        try MonitoringError.checkFinite(b, "the second sample")
        return kolmogorovSmirnov(sorted: a.sorted(), b.sorted())
    }

    /// ``kolmogorovSmirnov(_:_:)`` on samples already sorted ascending, non-empty and finite (the drift detector
    /// sorts each column once for all its statistics).
    static func kolmogorovSmirnov(sorted data1: [Double], _ data2: [Double]) -> KolmogorovSmirnovResult {
        let n1 = data1.count
        let n2 = data2.count

        // ECDF differences at every pooled value, in scipy's order (data1 then data2), first extremum wins.
        var maxS = -Double.infinity
        var minDiff = Double.infinity
        var locMax = 0.0
        var locMin = 0.0
        func visit(_ x: Double) {
            let cdf1 = Double(upperBound(data1, x)) / Double(n1)
            let cdf2 = Double(upperBound(data2, x)) / Double(n2)
            let diff = cdf1 - cdf2
            if diff > maxS { maxS = diff; locMax = x }
            if diff < minDiff { minDiff = diff; locMin = x }
        }
        for x in data1 { visit(x) }
        for x in data2 { visit(x) }
        let minS = min(max(-minDiff, 0), 1)
        var d: Double
        let location: Double
        let sign: Int
        if minS > maxS {
            d = minS; location = locMin; sign = -1
        } else {
            d = maxS; location = locMax; sign = 1
        }

        if max(n1, n2) <= kolmogorovSmirnovExactLimit {
            let g = gcd(n1, n2)
            if let (exactD, p) = exactTwoSided(n1, n2, g, d) {
                return KolmogorovSmirnovResult(
                    statistic: exactD, pValue: min(max(p, 0), 1), statisticLocation: location, statisticSign: sign,
                    method: .exact)
            }
            // scipy keeps the rounded d when the exact attempt fails.
            let lcm = Double((n1 / g) * n2)
            d = (d * lcm).rounded(.toNearestOrEven) / lcm
        }
        let m = Double(max(n1, n2))
        let n = Double(min(n1, n2))
        let en = (m * n / (m + n)).rounded(.toNearestOrEven)
        let p = KolmogorovDistribution.survival(n: Int(en), x: d)
        return KolmogorovSmirnovResult(
            statistic: d, pValue: min(max(p, 0), 1), statisticLocation: location, statisticSign: sign,
            method: .asymptotic)
    }

    /// Number of elements of `sorted` that are `<= x` (numpy `searchsorted(side='right')`).
    static func upperBound(_ sorted: [Double], _ x: Double) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// scipy's `_attempt_exact_2kssamp` for the two-sided alternative; nil when the computation is not a probability.
    static func exactTwoSided(_ n1: Int, _ n2: Int, _ g: Int, _ d: Double) -> (Double, Double)? {
        let lcm = (n1 / g) * n2
        let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
        let dRounded = Double(h) * 1.0 / Double(lcm)
        if h == 0 { return (dRounded, 1.0) }
        let prob: Double
        if n1 == n2 {
            prob = probabilityOutsideSquare(n1, h)
        } else {
            prob = outerProbabilityInside(n1, n2, g, h)
        }
        guard prob.isFinite, prob >= 0, prob <= 1 else { return nil }
        return (dRounded, prob)
    }

    /// scipy's `_compute_prob_outside_square`: Pr(D_{n,n} >= h/n) by a Horner-like alternating sum.
    static func probabilityOutsideSquare(_ n: Int, _ h: Int) -> Double {
        var p = 0.0
        var k = Int((Double(n) / Double(h)).rounded(.down))
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h {
                p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1)
            }
            p = p1 * (1.0 - p)
            k -= 1
        }
        return 2 * p
    }

    /// scipy's `_compute_outer_prob_inside_method` (Hodges' inside method with Viehmann's recursion for 1 - p).
    static func outerProbabilityInside(_ m0: Int, _ n0: Int, _ g: Int, _ h: Int) -> Double {
        let (m, n) = m0 < n0 ? (n0, m0) : (m0, n0)
        let mg = m / g
        let ng = n / g
        let dh = Double(h)
        let dmg = Double(mg)
        var minj = 0
        var maxj = min(Int((dh / dmg).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let lenA = min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1.0, count: lenA)
        for j in minj..<maxj { a[j] = 0.0 }
        for i in 1...m {
            let lastminj = minj
            let lastlen = curlen
            minj = max(Int(((Double(ng * i) - dh) / dmg).rounded(.down)) + 1, 0)
            minj = min(minj, n)
            maxj = min(Int(((Double(ng * i) + dh) / dmg).rounded(.up)), n + 1)
            if maxj <= minj { return 1.0 }
            var val = minj == 0 ? 0.0 : 1.0
            let di = Double(i)
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                val = (a[jj + minj - lastminj] * di + val * Double(j)) / (di + Double(j))
                a[jj] = val
            }
            curlen = maxj - minj
            if lastlen > curlen {
                for idx in (maxj - minj)..<min(maxj - minj + (lastlen - curlen), lenA) { a[idx] = 1 }
            }
        }
        return a[maxj - minj - 1]
    }
}
