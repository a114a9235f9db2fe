import Foundation

/// A reference and a current sample turned into two histograms over common bins, as Evidently's
/// `get_binned_data` does for PSI and Jensen–Shannon.
///
/// When the reference has more than ``categoricalUniqueLimit`` distinct values the bins are numpy's
/// `histogram_bin_edges(reference + current, bins="sturges")` (equal width over the pooled range, last bin closed);
/// otherwise every distinct value of either sample is its own bin. Proportions are counts divided by the sample size.
public struct BinnedDistributions: Sendable, Equatable, Codable {
    /// A reference with at most this many distinct values is binned by value (Evidently's rule).
    public static let categoricalUniqueLimit = 20

    /// The bin edges for numeric binning (count = bins + 1); nil when binned by value.
    public var edges: [Double]?
    /// The bin values when binned by value (sorted); nil for numeric binning.
    public var categories: [Double]?
    /// The reference's proportion in each bin.
    public var reference: [Double]
    /// The current sample's proportion in each bin.
    public var current: [Double]

    /// Bins both samples.
    /// - Parameters:
    ///   - reference: The reference sample.
    ///   - current: The current sample.
    /// - Throws: ``MonitoringError`` when a sample is empty or contains a non-finite value.
    public init(reference: [Double], current: [Double]) throws {
        guard !reference.isEmpty, !current.isEmpty else {
            throw MonitoringError.insufficient("binning", required: 1, available: min(reference.count, current.count))
        }
        try MonitoringError.checkFinite(reference, "the reference sample")
        try MonitoringError.checkFinite(current, "the current sample")
        if Self.hasMoreDistinct(reference, than: Self.categoricalUniqueLimit) {
            let edges = Self.sturgesEdges(reference + current)
            self.edges = edges
            self.categories = nil
            self.reference = Self.histogram(reference, edges).map { Double($0) / Double(reference.count) }
            self.current = Self.histogram(current, edges).map { Double($0) / Double(current.count) }
        } else {
            let keys = Set(reference).union(current).sorted()
            var refCounts = [Double: Int]()
            var curCounts = [Double: Int]()
            for value in reference { refCounts[value, default: 0] += 1 }
            for value in current { curCounts[value, default: 0] += 1 }
            self.edges = nil
            self.categories = keys
            self.reference = keys.map { Double(refCounts[$0] ?? 0) / Double(reference.count) }
            self.current = keys.map { Double(curCounts[$0] ?? 0) / Double(current.count) }
        }
    }

    /// The proportions with empty bins replaced as Evidently's `feel_zeroes` does: by the smallest non-zero
    /// proportion / 10^6 when that is at most 0.0001, else by 0.0001. Used for PSI, whose terms need no zero.
    public func filledZeroes() -> (reference: [Double], current: [Double]) {
        (Self.fillZeroes(reference), Self.fillZeroes(current))
    }

    static func fillZeroes(_ proportions: [Double]) -> [Double] {
        guard let smallest = proportions.filter({ $0 != 0 }).min() else { return proportions }
        let replacement = smallest <= 0.0001 ? smallest / 1_000_000 : 0.0001
        return proportions.map { $0 == 0 ? replacement : $0 }
    }

    /// `np.histogram_bin_edges(values, bins="sturges")`.
    static func sturgesEdges(_ values: [Double]) -> [Double] {
        let lo = values.min() ?? 0
        let hi = values.max() ?? 0
        var first = lo
        var last = hi
        if first == last {
            first -= 0.5
            last += 0.5
        }
        let width = (hi - lo) / (log2(Double(values.count)) + 1.0)
        var bins = 1
        if width != 0 { bins = Int(((last - first) / width).rounded(.up)) }
        // np.linspace(first, last, bins + 1): i * step + start, the last edge set to stop.
        let step = (last - first) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + first }
        edges[bins] = last
        return edges
    }

    /// Whether `values` holds more than `limit` distinct values (stops counting at `limit + 1`).
    static func hasMoreDistinct(_ values: [Double], than limit: Int) -> Bool {
        var seen = Set<Double>(minimumCapacity: limit + 1)
        for v in values {
            seen.insert(v)
            if seen.count > limit { return true }
        }
        return false
    }

    /// `np.histogram(values, edges)[0]`: bins are [e_i, e_i+1), the last one closed; values outside are not counted.
    /// Each value finds its bin by binary search over the edges (numpy sorts the values and searches the edges in
    /// them; both count exactly the values with e_i ≤ x < e_i+1).
    static func histogram(_ values: [Double], _ edges: [Double]) -> [Int] {
        let bins = edges.count - 1
        var counts = [Int](repeating: 0, count: max(bins, 0))
        guard bins > 0, let first = edges.first, let last = edges.last else { return counts }
        edges.withUnsafeBufferPointer { e in
            for x in values where x >= first && x <= last {
                if x == last {
                    counts[bins - 1] += 1
                    continue
                }
                // The largest i with e[i] <= x (e[0] <= x < e[bins]).
                var lo = 0
                var hi = bins
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    if e[mid] <= x { lo = mid } else { hi = mid }
                }
                counts[lo] += 1
            }
        }
        return counts
    }

    enum CodingKeys: String, CodingKey {
        case edges
        case categories
        case reference
        case current
    }
}
