public import DataFormats

/// Rows to score read straight from bytes into feature matrices, batch by batch: CSV with a header (``CSVReader``),
/// JSON lines, a JSON array of rows, or the `/predict` body `{"features": [...]}` (``JSONRecordReader``). Named
/// values are put in the model's feature order; numbers are correctly rounded; every error names the row (0-based,
/// as the API does), the line where there is one, and the feature or column.
///
/// Over a ``ByteStream`` only the current batch and a window of the file are in memory, so files of any size are
/// scored in constant memory.
///
/// ```swift
/// let rows = try FeatureRowReader(stream: FileDescriptorStream(fd, name: path), featureNames: names, nFeatures: 17)
/// while let batch = try rows.next(maxRows: 65_536) { score(batch) }
/// ```
public final class FeatureRowReader {
    /// How the rows are written.
    public enum Format: String, Sendable, CaseIterable {
        /// Decided from the first non-blank byte: `[` or `{` is JSON, anything else CSV.
        case automatic
        /// CSV with a header row.
        case csv
        /// JSON lines, a JSON array of rows, or `{"features": [...]}`.
        case json
    }

    private enum Source {
        case csv(CSVReader)
        case json(JSONRecordReader)
    }

    private var source: Source?
    private let pending: (stream: (any ByteStream)?, bytes: UnsafeBufferPointer<UInt8>?)
    private let format: Format
    private let chunkSize: Int
    /// The model's feature names, when it has them.
    public let featureNames: [String]?
    /// The number of features per row.
    public let nFeatures: Int
    private let nameBytes: [[UInt8]]
    private let nameHashes: [UInt64]
    /// For CSV: the column of each feature.
    private var csvColumns: [Int] = []
    private var csvHeader: [String] = []
    /// Which features the current JSON row has given (a bit per feature), reused from row to row.
    private var seen: [UInt64] = []
    /// Rows read so far.
    public private(set) var rowCount = 0
    /// The format in use, once the first batch was read (`.csv` or `.json`).
    public private(set) var detected: Format?

    /// A reader over a stream.
    ///
    /// - Parameters:
    ///   - stream: the bytes.
    ///   - format: CSV, JSON or decided from the first byte.
    ///   - featureNames: the model's feature names, used to order named values; nil when the model has none.
    ///   - nFeatures: the number of features the model expects.
    ///   - chunkSize: bytes per read.
    public init(
        stream: some ByteStream, format: Format = .automatic, featureNames: [String]?, nFeatures: Int,
        chunkSize: Int = 1 << 20
    ) {
        pending = (stream, nil)
        self.format = format
        self.featureNames = featureNames
        self.nFeatures = nFeatures
        self.chunkSize = chunkSize
        nameBytes = (featureNames ?? []).map { Array($0.utf8) }
        nameHashes = nameBytes.map { JSONRecord.hash($0) }
    }

    /// A reader over a whole text in memory, which the caller keeps alive and unchanged while reading.
    public init(bytes: UnsafeBufferPointer<UInt8>, format: Format = .automatic, featureNames: [String]?, nFeatures: Int) {
        pending = (nil, bytes)
        self.format = format
        self.featureNames = featureNames
        self.nFeatures = nFeatures
        self.chunkSize = 0
        nameBytes = (featureNames ?? []).map { Array($0.utf8) }
        nameHashes = nameBytes.map { JSONRecord.hash($0) }
    }

    /// The next batch of at most `maxRows` rows, or nil when every row was read.
    ///
    /// - Throws: `invalid_input` (not CSV or JSON, a value that is not a number, a row of the wrong width),
    ///   `missing_feature`, `feature_count_mismatch`, `io_error` (the stream could not be read).
    public func next(maxRows: Int) throws(ModelRuntimeError) -> FeatureMatrix? {
        let source = try open()
        var values: [Double] = []
        values.reserveCapacity(Swift.min(maxRows, 1 << 16) * nFeatures)
        var rows = 0
        switch source {
        case .csv(let reader):
            // Locals in the loop: class properties would be checked for exclusive access on every use.
            let columns = csvColumns
            let width = csvHeader.count
            let first = rowCount
            defer { rowCount = first + rows }
            while rows < maxRows, let record = try Self.next(reader) {
                guard record.count == width else { throw csvWidthError(record, row: first + rows) }
                for column in columns {
                    guard let d = record.number(column) else {
                        throw csvValueError(record, row: first + rows, column: column)
                    }
                    values.append(d)
                }
                rows += 1
            }
        case .json(let reader):
            while rows < maxRows, let record = try Self.next(reader) {
                try jsonRow(record, into: &values)
                rows += 1
                rowCount += 1
            }
        }
        if rows == 0 { return nil }
        return FeatureMatrix(rows: rows, columns: nFeatures, values: values)
    }

    /// Every remaining row in one matrix (at most `maxRows`, else `invalid_input`).
    ///
    /// - Throws: as ``next(maxRows:)``; `invalid_input` when there are more than `maxRows` rows.
    public func readAll(maxRows: Int = .max) throws(ModelRuntimeError) -> FeatureMatrix {
        var values: [Double] = []
        var rows = 0
        while let batch = try next(maxRows: 1 << 16) {
            if values.isEmpty { values = batch.values } else { values.append(contentsOf: batch.values) }
            rows += batch.rows
            guard rows <= maxRows else {
                throw ModelRuntimeError(.invalidInput, "the input has more than \(maxRows) rows; send at most \(maxRows)")
            }
        }
        return FeatureMatrix(rows: rows, columns: nFeatures, values: values)
    }

    @inline(__always)
    private static func next(_ reader: CSVReader) throws(ModelRuntimeError) -> CSVRecord? {
        do throws(DataFormatsError) { return try reader.next() } catch { throw wrap(error) }
    }

    @inline(__always)
    private static func next(_ reader: JSONRecordReader) throws(ModelRuntimeError) -> JSONRecord? {
        do throws(DataFormatsError) { return try reader.next() } catch { throw wrap(error) }
    }

    static func wrap(_ error: DataFormatsError) -> ModelRuntimeError {
        if error.code == .readFailed { return ModelRuntimeError(.ioError, error.message, cause: error) }
        return ModelRuntimeError(.invalidInput, error.message, cause: error)
    }

    // MARK: Opening

    private func open() throws(ModelRuntimeError) -> Source {
        if let source { return source }
        var chosen = format
        var stream = pending.stream
        if chosen == .automatic {
            if let bytes = pending.bytes {
                chosen = Self.sniff(bytes) ?? .csv
            } else if var s = stream {
                // Read the first bytes to decide, then hand them back in front of the rest.
                var prefix = [UInt8](repeating: 0, count: 4096)
                var filled = 0
                do throws(DataFormatsError) {
                    while filled < prefix.count {
                        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: prefix.count - filled, alignment: 1)
                        defer { chunk.deallocate() }
                        let n = try s.read(into: chunk)
                        prefix.replaceSubrange(filled..<filled + n, with: chunk[0..<n])
                        if n == 0 { break }
                        filled += n
                        if prefix[0..<filled].contains(where: { !Self.isBlank($0) }) { break }
                    }
                } catch {
                    throw Self.wrap(error)
                }
                prefix.removeSubrange(filled...)
                chosen = prefix.withUnsafeBufferPointer { Self.sniff($0) } ?? .csv
                stream = PrefixedStream(prefix: prefix, rest: s)
            }
        }
        detected = chosen
        let made: Source
        switch (chosen, stream, pending.bytes) {
        case (.json, let s?, _): made = .json(JSONRecordReader(stream: s, chunkSize: chunkSize))
        case (.json, nil, let b?): made = .json(JSONRecordReader(bytes: b))
        case (_, let s?, _): made = .csv(CSVReader(stream: s, chunkSize: chunkSize))
        case (_, nil, let b?): made = .csv(CSVReader(bytes: b))
        default: made = .csv(CSVReader(bytes: UnsafeBufferPointer(start: nil, count: 0)))
        }
        if case .csv(let reader) = made { try readHeader(reader) }
        source = made
        return made
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// JSON when the first byte after a byte order mark and blanks is `[` or `{`; nil for an empty text.
    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Format? {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, isBlank(bytes[i]) { i += 1 }
        guard i < bytes.count else { return nil }
        return bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "{") ? .json : .csv
    }

    // MARK: CSV

    private func readHeader(_ reader: CSVReader) throws(ModelRuntimeError) {
        guard let header = try Self.next(reader) else {
            throw ModelRuntimeError(.invalidInput, "the CSV input is empty; it needs a header row")
        }
        csvHeader = (0..<header.count).map { Self.trimmed(header.string($0)) }
        csvColumns = try Self.columnOrder(header: csvHeader, featureNames: featureNames, nFeatures: nFeatures)
    }

    private static func trimmed(_ s: String) -> String {
        var t = Substring(s)
        while let c = t.first, c == " " || c == "\t" { t.removeFirst() }
        while let c = t.last, c == " " || c == "\t" { t.removeLast() }
        return String(t)
    }

    /// For each model feature, the index of the CSV column holding it.
    static func columnOrder(header: [String], featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError)
        -> [Int]
    {
        guard let featureNames else {
            guard header.count == nFeatures else {
                throw ModelRuntimeError(
                    .featureCountMismatch,
                    "the model expects \(nFeatures) features (it has no feature names, so columns are taken in order) "
                        + "but the CSV has \(header.count) columns")
            }
            return Array(0..<nFeatures)
        }
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() where index[h] == nil { index[h] = i }
        var order: [Int] = []
        var missing: [String] = []
        for name in featureNames {
            if let i = index[name] { order.append(i) } else { missing.append(name) }
        }
        guard missing.isEmpty else {
            throw ModelRuntimeError(
                .missingFeature, "the input lacks feature(s) \(missing.joined(separator: ", ")); the model needs "
                    + "\(featureNames.joined(separator: ", "))")
        }
        return order
    }

    private func csvWidthError(_ record: CSVRecord, row: Int) -> ModelRuntimeError {
        ModelRuntimeError(
            .invalidInput,
            "CSV row \(row) (line \(record.line)) has \(record.count) cells but the header has \(csvHeader.count); give "
                + "every row one cell per header column")
    }

    private func csvValueError(_ record: CSVRecord, row: Int, column: Int) -> ModelRuntimeError {
        let text = record.string(column)
        let feature = csvColumns.firstIndex(of: column) ?? 0
        let name = featureNames?[feature] ?? csvHeader[column]
        return ModelRuntimeError(
            .invalidInput,
            "row \(row) (line \(record.line)), column \(column + 1) '\(name)': '\(text.prefix(40))' is not a number")
    }

    // MARK: JSON

    @inline(__always)
    private func jsonRow(_ record: JSONRecord, into values: inout [Double]) throws(ModelRuntimeError) {
        let n = nFeatures
        let r = rowCount
        let base = values.count
        if !record.isObject {
            guard record.count == n else {
                throw ModelRuntimeError(
                    .featureCountMismatch, "row \(r) (\(record.location)) has \(record.count) values; the model "
                        + "expects \(n)")
            }
            for c in 0..<n { values.append(try jsonNumber(record, c, row: r, column: c)) }
            return
        }
        guard featureNames != nil else {
            throw ModelRuntimeError(
                .invalidInput,
                "row \(r) (\(record.location)) names its features but the model has no feature names; give rows as "
                    + "arrays in training column order, or pass the scaler fitted on a DataFrame")
        }
        values.append(contentsOf: repeatElement(0, count: n))
        if seen.isEmpty { seen = [UInt64](repeating: 0, count: (n + 63) / 64) }
        for w in 0..<seen.count { seen[w] = 0 }
        var found = 0
        var expected = 0
        for i in 0..<record.count {
            guard let column = column(record, i, expected: expected) else { continue }  // not a feature: ignored
            expected = column + 1
            let bit: UInt64 = 1 << UInt64(column & 63)
            if seen[column >> 6] & bit == 0 {
                seen[column >> 6] |= bit
                found += 1
            }
            values[base + column] = try jsonNumber(record, i, row: r, column: column)
        }
        guard found == n else {
            let missing = (0..<n).filter { seen[$0 >> 6] & (1 << UInt64($0 & 63)) == 0 }.compactMap { featureNames?[$0] }
            throw ModelRuntimeError(
                .missingFeature, "row \(r) (\(record.location)) lacks feature(s) \(missing.joined(separator: ", "))")
        }
    }

    /// The column of member `i`'s key: the expected next column when its bytes match (rows usually list features in
    /// training order), else found by hash; nil for a key that is not a feature.
    @inline(__always)
    private func column(_ record: JSONRecord, _ i: Int, expected: Int) -> Int? {
        let h = record.keyHash(i)
        if expected < nameHashes.count, nameHashes[expected] == h, record.key(i, equals: nameBytes[expected]) {
            return expected
        }
        for c in 0..<nameHashes.count where nameHashes[c] == h && record.key(i, equals: nameBytes[c]) { return c }
        return nil
    }

    @inline(__always)
    private func jsonNumber(_ record: JSONRecord, _ i: Int, row: Int, column: Int) throws(ModelRuntimeError) -> Double {
        switch record.kind(i) {
        case .number:
            // Invariant: kind is .number.
            return record.number(i)!
        case .null:
            return .nan
        case .string:
            let raw = record.raw(i)
            if !record.isEscaped(i), let d = DecimalText.parse(raw, from: 0, to: raw.count) { return d }
            let text = record.string(i) ?? ""
            if record.isEscaped(i), let d = DecimalText.parse(text) { return d }
            throw ModelRuntimeError(
                .invalidInput,
                "row \(row) (\(record.location)), feature '\(featureName(column))': \"\(text.prefix(40))\" is not a "
                    + "number")
        default:
            let text = String(decoding: record.raw(i).prefix(40), as: UTF8.self)
            throw ModelRuntimeError(
                .invalidInput,
                "row \(row) (\(record.location)), feature '\(featureName(column))': \(text) is not a number")
        }
    }

    private func featureName(_ column: Int) -> String { featureNames?[column] ?? "#\(column)" }
}

/// Bytes already read, then the rest of a stream.
private struct PrefixedStream: ByteStream {
    var prefix: [UInt8]
    var offset = 0
    var rest: any ByteStream

    init(prefix: [UInt8], rest: any ByteStream) {
        self.prefix = prefix
        self.rest = rest
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataFormatsError) -> Int {
        if offset < prefix.count {
            let n = Swift.min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + n]))
            }
            offset += n
            return n
        }
        return try rest.read(into: buffer)
    }
}
