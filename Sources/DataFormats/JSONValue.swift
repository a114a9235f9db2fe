/// A JSON document: Warden's one JSON tree, for parsed input, responses, error details and estimator parameters.
///
/// Integers and other numbers are distinct cases, so a writer renders `3` as `3` and `3.0` as `3.0`: ``parse(_:)``
/// yields ``int(_:)`` for an integer literal (no fraction, no exponent) that fits in `Int`, and ``double(_:)`` for
/// every other number, correctly rounded. Readers that want a number whatever its case use ``double`` or ``number``,
/// which give the same `Double` for `3` and `3.0`.
///
/// ```swift
/// let body = try JSONValue.parse(Array(#"{"rows": [[1, 2.5]], "model": "m"}"#.utf8))
/// body["rows"]?.array?.first?.array?.compactMap(\.double)  // [1.0, 2.5]
/// JSONWriter.text(body)  // {"model":"m","rows":[[1,2.5]]}
/// ```
public indirect enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer literal that fits in `Int`.
    case int(Int)
    /// Any other number, including `NaN` and the infinities Python's `json` writes as bare literals.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object. ``parse(_:)`` refuses text whose object repeats a key.
    case object([String: JSONValue])
}

extension JSONValue {
    /// The value under `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// A number as a `Double`, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (how some writers spell
    /// non-finite numbers); nil for anything else. `Int`s above 2^53 round to the nearest double, as parsing the
    /// same digits as a double does.
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: return nil
        }
    }

    /// A number (``int(_:)`` or ``double(_:)``) as a `Double`; unlike ``double``, strings are never numbers.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// An integer: an ``int(_:)``, or a ``double(_:)`` whose value is integral and fits in `Int` (`3.0`, `1e3`).
    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d): return Int(exactly: d)
        default: return nil
        }
    }

    /// A boolean.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// A string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements of an array.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an object.
    public var object: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether the value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: Codable {
    /// Decodes any JSON value: an integer that fits in `Int` as ``int(_:)``, any other number as ``double(_:)``.
    ///
    /// - Throws: `DecodingError` when the value is none of JSON's types.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    /// Encodes as the plain JSON value. A non-finite double is left to the encoder's strategy for non-conforming
    /// floats (`JSONEncoder` throws by default).
    ///
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

extension JSONValue: ExpressibleByBooleanLiteral, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral
{
    /// `true` or `false` as ``bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A string literal as ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal as ``int(_:)``.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A float literal as ``double(_:)``.
    public init(floatLiteral value: Double) { self = .double(value) }
}
