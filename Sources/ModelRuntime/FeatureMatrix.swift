/// Input rows for scoring: `rows × columns` doubles in row-major order.
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (features).
    public let columns: Int
    /// Values, row-major: element (r, c) is `values[r * columns + c]`.
    public var values: [Double]

    /// Creates a matrix from row-major values.
    ///
    /// - Precondition: `values.count == rows * columns`.
    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "FeatureMatrix: \(values.count) values for \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Creates a matrix from rows that all have the same length.
    ///
    /// - Throws: `invalidInput` when the rows differ in length.
    public init(_ rowArrays: [[Double]]) throws(ModelRuntimeError) {
        let columns = rowArrays.first?.count ?? 0
        var values: [Double] = []
        values.reserveCapacity(rowArrays.count * columns)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == columns else {
                throw ModelRuntimeError(
                    .invalidInput, "row \(i) has \(row.count) values but row 0 has \(columns); every row needs the same features")
            }
            values.append(contentsOf: row)
        }
        self.init(rows: rowArrays.count, columns: columns, values: values)
    }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [Double] {
        Array(values[r * columns..<(r + 1) * columns])
    }
}
