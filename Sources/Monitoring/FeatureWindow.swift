/// A fixed-capacity ring buffer of input rows (one value per feature) of one model version: the current sample a
/// data-drift check compares with the reference profile.
///
/// Storage is reserved once; ``append(rows:values:)`` copies the rows in and never allocates.
public struct FeatureWindow: Sendable, Equatable {
    /// Feature names, in column order.
    public let names: [String]
    /// The most rows kept.
    public let capacity: Int
    private var storage: [Double]
    private var next = 0
    /// Rows kept now (at most `capacity`).
    public private(set) var count = 0

    /// Creates an empty window.
    /// - Throws: ``MonitoringError`` when `capacity` is not positive or there is no feature.
    public init(names: [String], capacity: Int) throws {
        guard capacity > 0, !names.isEmpty else {
            throw MonitoringError(
                .invalidConfiguration,
                "a feature window needs at least one feature and one row (got \(names.count) features, capacity \(capacity))")
        }
        self.names = names
        self.capacity = capacity
        storage = [Double](repeating: 0, count: capacity * names.count)
    }

    /// Appends `rows` rows from row-major `values` (`rows × names.count`), overwriting the oldest rows when full.
    /// Values of another width are ignored (the caller's model changed columns).
    public mutating func append(rows: Int, values: [Double]) {
        let width = names.count
        guard rows > 0, values.count == rows * width else { return }
        // Only the last `capacity` rows can survive.
        let first = max(0, rows - capacity)
        storage.withUnsafeMutableBufferPointer { dst in
            values.withUnsafeBufferPointer { src in
                for r in first..<rows {
                    let to = next * width
                    let from = r * width
                    for j in 0..<width { dst[to + j] = src[from + j] }
                    next = next + 1 == capacity ? 0 : next + 1
                }
            }
        }
        count = min(capacity, count + rows - first)
    }

    /// The kept values of feature `index` (order of arrival is not kept: a drift test compares distributions).
    public func column(_ index: Int) -> [Double] {
        let width = names.count
        var out = [Double]()
        out.reserveCapacity(count)
        for r in 0..<count { out.append(storage[r * width + index]) }
        return out
    }

    /// Every feature's kept values, by name order.
    public func columns() -> [[Double]] { (0..<names.count).map(column) }
}
