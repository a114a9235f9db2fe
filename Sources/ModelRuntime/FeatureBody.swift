public import DataFormats

/// The fast path for prediction bodies `{"features": [{name: number, ...}, ...], ...}`: rows are parsed straight
/// into a row-major matrix by column, with no dictionary per row.
///
/// It only succeeds on the common, fully valid shape — every row an object holding each feature exactly once with a
/// finite number, no unknown keys, no member given twice. Anything else (a missing or unknown feature, `null`, NaN, a string, arrays as
/// rows, a repeated key, malformed JSON) returns nil, and the caller takes the general path, which produces the precise error or
/// warning. Numbers are rounded exactly as ``JSONValue/parse(_:)`` rounds them (it walks the text with the same
/// ``JSONCursor``).
public enum FeatureBody {
    /// A parsed body: the matrix and the other top-level members (`missing_features`, `outputs`, `model`, ...).
    public struct Parsed: Sendable {
        /// Row-major values, `rows × columns`.
        public var matrix: FeatureMatrix
        /// Top-level members other than `features`.
        public var options: [String: JSONValue]
    }

    /// Column lookup for one model's feature names, built once per loaded version.
    public struct Columns: Sendable {
        let names: [[UInt8]]
        let index: [String: Int]

        /// Creates the lookup.
        public init(names: [String]) {
            self.names = names.map { Array($0.utf8) }
            var index: [String: Int] = [:]
            for (i, n) in names.enumerated() { index[n] = i }
            self.index = index
        }

        /// The number of features.
        public var count: Int { names.count }
    }

    /// Parses `bytes` on the fast path, or returns nil (see the type's documentation).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, columns: Columns, maxRows: Int) -> Parsed? {
        var p = JSONCursor(bytes)
        return p.featureBody(columns: columns, maxRows: maxRows)
    }
}

extension JSONCursor {
    mutating func featureBody(columns: FeatureBody.Columns, maxRows: Int) -> FeatureBody.Parsed? {
        let n = columns.count
        guard n > 0, n <= 64 else { return nil }
        let full: UInt64 = n == 64 ? .max : (1 << UInt64(n)) - 1
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { return nil }
        advance()
        var options: [String: JSONValue] = [:]
        var values: [Double] = []
        var rows = 0
        var sawFeatures = false
        skipWhitespace()
        if peek == UInt8(ascii: "}") { return nil }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\""), let key = try? readString() else { return nil }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { return nil }
            advance()
            skipWhitespace()
            if key == "features" {
                guard !sawFeatures, peek == UInt8(ascii: "[") else { return nil }
                sawFeatures = true
                advance()
                skipWhitespace()
                if peek == UInt8(ascii: "]") { return nil }  // empty: the general path says so
                while true {
                    skipWhitespace()
                    guard rows < maxRows, peek == UInt8(ascii: "{") else { return nil }
                    advance()
                    let base = values.count
                    values.append(contentsOf: repeatElement(0, count: n))
                    var seen: UInt64 = 0
                    var expected = 0
                    skipWhitespace()
                    if peek == UInt8(ascii: "}") { return nil }
                    while true {
                        skipWhitespace()
                        guard let column = columnAt(columns, expected: expected) else { return nil }
                        let bit: UInt64 = 1 << UInt64(column)
                        guard seen & bit == 0 else { return nil }
                        seen |= bit
                        expected = column + 1
                        skipWhitespace()
                        guard peek == UInt8(ascii: ":") else { return nil }
                        advance()
                        skipWhitespace()
                        guard let c = peek, c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39),
                            let d = try? readNumber(), d.isFinite
                        else { return nil }
                        values[base + column] = d
                        skipWhitespace()
                        if peek == UInt8(ascii: ",") {
                            advance()
                            continue
                        }
                        guard peek == UInt8(ascii: "}") else { return nil }
                        advance()
                        break
                    }
                    guard seen == full else { return nil }
                    rows += 1
                    skipWhitespace()
                    if peek == UInt8(ascii: ",") {
                        advance()
                        continue
                    }
                    guard peek == UInt8(ascii: "]") else { return nil }
                    advance()
                    break
                }
            } else {
                // A member given twice: the general path refuses it, naming the key.
                guard options[key] == nil, let v = try? readValue() else { return nil }
                options[key] = v
            }
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                advance()
                continue
            }
            guard peek == UInt8(ascii: "}") else { return nil }
            advance()
            break
        }
        skipWhitespace()
        guard isAtEnd, sawFeatures else { return nil }
        return FeatureBody.Parsed(matrix: FeatureMatrix(rows: rows, columns: n, values: values), options: options)
    }

    /// Reads a key and returns its column: first compared byte-wise with the expected next column (rows usually
    /// list features in training order), else looked up by name. nil for an unknown key or an escape.
    private mutating func columnAt(_ columns: FeatureBody.Columns, expected: Int) -> Int? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        advance()
        let start = position
        while let c = peek, c != UInt8(ascii: "\"") {
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            advance()
        }
        guard peek == UInt8(ascii: "\"") else { return nil }
        let end = position
        advance()
        let length = end - start
        if expected < columns.count {
            let name = columns.names[expected]
            if name.count == length, bytes(at: start, equal: name) { return expected }
        }
        return columns.index[string(from: start, to: end)]
    }
}
