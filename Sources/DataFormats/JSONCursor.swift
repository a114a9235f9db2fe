/// A position in JSON text, and the strict reader behind ``JSONValue/parse(_:)``.
///
/// RFC 8259 plus the literals `NaN`, `Infinity` and `-Infinity` that Python's `json` writes. Numbers are correctly
/// rounded (see ``readNumber()``), so a value one ulp away can never change an IsolationForest path. Nesting is
/// limited to ``maxDepth`` levels, so hostile input cannot exhaust the stack. An object that repeats a key is
/// refused, naming the key (Python's `json` keeps the last value silently; a row sent with a feature twice is a bug
/// at the sender, and which value was meant cannot be known).
///
/// Parsers specialised to one shape (the prediction body's fast path) walk the text byte by byte with ``peek``,
/// ``advance()`` and ``skipWhitespace()`` and call ``readString()``, ``readNumber()`` and ``readValue()`` for the
/// parts, so they read strings and round numbers exactly as the general parser does.
///
/// The cursor holds the buffer's address: use it only while the buffer is alive (inside `withUnsafeBytes`).
public struct JSONCursor {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 512

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var index = 0
    var depth = 0
    /// The offset of `bytes[0]` in the whole input, added to the offsets errors report (a streamed window).
    var origin = 0

    /// A cursor at the start of `bytes`.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A cursor at `position` in a window whose first byte is at `origin` in the whole input.
    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, origin: Int) {
        self.bytes = bytes
        self.index = position
        self.origin = origin
    }

    /// The byte at the cursor, or nil at the end.
    @inlinable public var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Whether the cursor is past the last byte.
    @inlinable public var isAtEnd: Bool { index == bytes.count }

    /// The cursor's byte offset.
    @inlinable public var position: Int { index }

    /// Steps over one byte.
    @inlinable public mutating func advance() { index += 1 }

    /// Steps over JSON whitespace (space, tab, line feed, carriage return).
    @inlinable public mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Whether the bytes from `start` equal `other` (the caller keeps `start + other.count` within the text).
    @inlinable
    public func bytes(at start: Int, equal other: [UInt8]) -> Bool {
        guard start >= 0, start + other.count <= bytes.count else { return false }
        var k = start
        for b in other {
            if bytes[k] != b { return false }
            k += 1
        }
        return true
    }

    /// The text between two offsets, decoded as UTF-8 (invalid sequences become U+FFFD).
    public func string(from start: Int, to end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Reads the string literal at the cursor (which is at its opening quote), escapes decoded.
    ///
    /// - Throws: `invalid_json` for a control character, a bad escape or a missing closing quote.
    public mutating func readString() throws(DataFormatsError) -> String { try string() }

    /// Reads the number at the cursor, correctly rounded to the nearest double as Python's `float()` rounds it.
    /// The literals `NaN` and `Infinity` are values, not numbers: read them with ``readValue()``.
    ///
    /// - Throws: `invalid_json` for a malformed number (leading zeros, a bare `-`, `1.`, `1e`).
    @inlinable
    public mutating func readNumber() throws(DataFormatsError) -> Double {
        let literal = try scanNumber()
        return rounded(literal)
    }

    /// Reads any JSON value at the cursor.
    ///
    /// - Throws: `invalid_json` saying what is wrong and at which byte.
    public mutating func readValue() throws(DataFormatsError) -> JSONValue { try value() }

    /// The error for a key an object already has (issue 18.6: refused, never "last wins").
    func duplicateKey(_ key: String, at offset: Int) -> DataFormatsError {
        let shown = key.count > 60 ? String(key.prefix(60)) + "..." : key
        return DataFormatsError(
            .invalidJSON,
            "the input is not valid JSON: the key \(JSONString.quoted(shown)) appears twice in one object (again "
                + "at byte \(origin + offset)); send each key once",
            offset: origin + offset)
    }

    @usableFromInline
    func fail(_ message: String) -> DataFormatsError {
        DataFormatsError(
            .invalidJSON, "the input is not valid JSON: \(message) at byte \(origin + index)", offset: origin + index)
    }
}

extension JSONValue {
    /// Parses JSON text: RFC 8259 plus the literals `NaN`, `Infinity` and `-Infinity`, which Python's `json` module
    /// writes for non-finite floats. Numbers are correctly rounded; nesting is limited to 512 levels.
    ///
    /// `JSONSerialization` on Linux rounds some decimal numbers to a neighbouring double (seen: 72 of 98
    /// shortest-repr doubles off by one ulp); a value one ulp away can round to a different float32 and change an
    /// IsolationForest's path, so every numeric JSON input goes through this parser instead.
    ///
    /// - Parameter bytes: UTF-8 text (`Data`, `[UInt8]`, a `String`'s `utf8`, a NIO `ByteBufferView`).
    /// - Throws: `invalid_json` saying what is wrong and at which byte.
    @inlinable
    public static func parse(_ bytes: some Collection<UInt8>) throws(DataFormatsError) -> JSONValue {
        let result =
            bytes.withContiguousStorageIfAvailable(parseResult)
            ?? Array(bytes).withUnsafeBufferPointer(parseResult)
        return try result.get()
    }

    @usableFromInline
    static func parseResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, DataFormatsError> {
        var cursor = JSONCursor(buffer)
        do throws(DataFormatsError) {
            cursor.skipWhitespace()
            let value = try cursor.value()
            cursor.skipWhitespace()
            guard cursor.isAtEnd else { throw cursor.fail("unexpected data after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

// MARK: Values

extension JSONCursor {
    mutating func value() throws(DataFormatsError) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "N"):
            try literal("NaN")
            return .double(.nan)
        case UInt8(ascii: "I"):
            try literal("Infinity")
            return .double(.infinity)
        case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "I"):
            index += 1
            try literal("Infinity")
            return .double(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try numberValue()
        default: throw fail("unexpected character '\(Unicode.Scalar(bytes[index]))'")
        }
    }

    mutating func literal(_ word: StaticString) throws(DataFormatsError) {
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw fail("unexpected end of input") }
        let w = word.utf8Start
        for k in 0..<n where bytes[index + k] != w[k] { throw fail("invalid literal") }
        index += n
    }

    mutating func enter() throws(DataFormatsError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws(DataFormatsError) -> JSONValue {
        try enter()
        index += 1
        var o: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(o)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyStart = index
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            let v = try value()
            if o.updateValue(v, forKey: key) != nil { throw duplicateKey(key, at: keyStart) }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            index += 1
            depth -= 1
            return .object(o)
        }
    }

    private mutating func array() throws(DataFormatsError) -> JSONValue {
        try enter()
        index += 1
        var a: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(a)
        }
        while true {
            skipWhitespace()
            a.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            index += 1
            depth -= 1
            return .array(a)
        }
    }
}

// MARK: Strings

extension JSONCursor {
    mutating func string() throws(DataFormatsError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in a string") }
            index += 1
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    index += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        out.append(contentsOf: Self.replacementCharacter)
                        scalar = low
                    }
                }
                if let u = Unicode.Scalar(scalar) {
                    out.append(contentsOf: Array(String(u).utf8))
                } else {
                    out.append(contentsOf: Self.replacementCharacter)
                }
            default: throw fail("invalid escape in a string")
            }
        }
        throw fail("unterminated string")
    }

    /// U+FFFD in UTF-8, for unpaired surrogates.
    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    mutating func hex4() throws(DataFormatsError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v * 16 + d
            index += 1
        }
        return v
    }
}
