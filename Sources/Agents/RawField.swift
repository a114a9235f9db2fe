/// One raw value of a log record as a reader hands it over: JSON's types, or text (a CSV cell is always text).
///
/// Text comes in two forms so a reader need not allocate: a `Substring` of a decoded line, or the UTF-8 bytes of
/// a slice of its own buffer (``utf8(_:)``, valid only during the ``LogRecordParser`` call it is passed to; a
/// JSON reader hands the unescaped bytes of a string). An empty text is null. Literals make test records short:
///
/// ```swift
/// let record: [String: RawField] = ["ts": "2026-01-05T10:00:00Z", "ap": "ap-01", "signal_dbm": -61, "ssid": nil]
/// ```
public enum RawField: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    /// JSON `null`, or a field that is absent.
    case null
    /// A JSON boolean.
    case bool(Bool)
    /// A JSON number written without fraction or exponent, within the signed 64-bit range.
    case integer(Int64)
    /// Any other JSON number (a literal that overflows is ±infinity, which the parser rejects).
    case number(Double)
    /// Text, as a slice of a decoded string.
    case string(Substring)
    /// Text, as UTF-8 bytes borrowed from the reader's buffer for the duration of one parse call.
    case utf8(UnsafeBufferPointer<UInt8>)

    /// A text value.
    public init(_ text: String) { self = .string(text[...]) }

    /// `nil` is ``null``.
    public init(nilLiteral: ()) { self = .null }

    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .integer(value) }

    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .number(value) }

    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value[...]) }

    /// Whether the value is null or an empty text (empty strings are null).
    public var isNull: Bool {
        switch self {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .utf8(let b): return b.isEmpty
        default: return false
        }
    }

    /// Whether the value is text (possibly empty).
    var isText: Bool {
        switch self {
        case .string, .utf8: return true
        default: return false
        }
    }

    /// Calls `body` with the UTF-8 bytes of a text value; nil for other values.
    @inline(__always)
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        switch self {
        case .utf8(let b): return body(b)
        case .string(let s):
            if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
            var copy = String(s)
            return copy.withUTF8(body)
        default: return nil
        }
    }

    /// The text as a String; nil for other values.
    var text: String? {
        switch self {
        case .utf8(let b): return String(decoding: b, as: UTF8.self)
        case .string(let s): return String(s)
        default: return nil
        }
    }

    /// A short rendering of the value for error messages (text quoted, cut at 64 characters).
    var excerpt: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string, .utf8:
            let full = text ?? ""
            let cut = full.count > 64 ? String(full.prefix(64)) + "…" : full
            return "\"" + cut + "\""
        }
    }
}
