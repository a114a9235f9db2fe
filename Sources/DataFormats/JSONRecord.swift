/// One record read by ``JSONRecordReader``: an object (members with keys) or an array (values by position), as a view
/// of the reader's window, valid until the reader's next ``JSONRecordReader/next()``.
///
/// Keys and string values are byte ranges, decoded only when asked; numbers are already correctly rounded (the same
/// code as ``JSONValue/parse(_:)``); nested objects and arrays are checked and can be parsed with ``value(_:)``.
///
/// ```swift
/// while let record = try reader.next() {
///     for i in 0..<record.count where record.kind(i) == .number {
///         print(record.keyString(i) ?? "#\(i)", record.number(i)!)
///     }
/// }
/// ```
public struct JSONRecord {
    /// What a member's value is.
    public enum Kind: UInt8, Sendable {
        /// A number, or one of the literals `NaN`, `Infinity`, `-Infinity`.
        case number
        /// A string.
        case string
        /// `true` or `false`.
        case bool
        /// `null`.
        case null
        /// A nested object.
        case object
        /// A nested array.
        case array
    }

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let fields: UnsafeBufferPointer<JSONField>
    /// Whether the record is an object (members have keys) rather than an array.
    public let isObject: Bool
    /// The record's position among the records read (1-based).
    public let number: Int
    /// The line it starts on, for JSON lines (1-based); nil in a JSON array.
    public let line: Int?
    /// Its byte offset in the whole input.
    public let offset: Int

    init(
        bytes: UnsafeBufferPointer<UInt8>, fields: UnsafeBufferPointer<JSONField>, isObject: Bool, number: Int,
        line: Int?, offset: Int
    ) {
        self.bytes = bytes
        self.fields = fields
        self.isObject = isObject
        self.number = number
        self.line = line
        self.offset = offset
    }

    /// The number of members (or values of an array record).
    @inlinable public var count: Int { fields.count }

    /// Where the record is, for messages: `line 12` (JSON lines) or `record 12`.
    public var location: String { line.map { "line \($0)" } ?? "record \(number)" }

    /// Member `i`'s key as raw bytes (escapes not decoded), or nil in an array record.
    @inlinable
    public func key(_ i: Int) -> UnsafeBufferPointer<UInt8>? {
        guard isObject else { return nil }
        let f = fields[i]
        return UnsafeBufferPointer(rebasing: bytes[f.keyStart..<f.keyEnd])
    }

    /// Member `i`'s key decoded, or nil in an array record.
    public func keyString(_ i: Int) -> String? {
        guard isObject else { return nil }
        let f = fields[i]
        return Self.decode(bytes, from: f.keyStart, to: f.keyEnd, escaped: f.keyEscaped)
    }

    /// ``hash(_:)`` of member `i`'s decoded key (0 in an array record): compare it with names hashed once.
    @inlinable public func keyHash(_ i: Int) -> UInt64 { isObject ? fields[i].keyHash : 0 }

    /// Whether member `i`'s key is `name` (UTF-8 bytes).
    @inlinable
    public func key(_ i: Int, equals name: [UInt8]) -> Bool {
        guard isObject else { return false }
        let f = fields[i]
        if f.keyEscaped { return Array(Self.decode(bytes, from: f.keyStart, to: f.keyEnd, escaped: true).utf8) == name }
        guard f.keyEnd - f.keyStart == name.count else { return false }
        var k = f.keyStart
        for b in name {
            if bytes[k] != b { return false }
            k += 1
        }
        return true
    }

    /// The kind of member `i`'s value.
    @inlinable public func kind(_ i: Int) -> Kind { fields[i].kind }

    /// Member `i`'s value as a number (NaN and the infinities for their literals), or nil when it is not a number.
    @inlinable
    public func number(_ i: Int) -> Double? {
        let f = fields[i]
        return f.kind == .number ? f.number : nil
    }

    /// Member `i`'s value as an integer when it is a number written without fraction or exponent that fits in
    /// `Int` (the rule of ``JSONValue/int(_:)``; `-0` is not one); nil otherwise.
    public func integer(_ i: Int) -> Int? {
        let f = fields[i]
        guard f.kind == .number, bytes[f.valueStart] != UInt8(ascii: "N"), bytes[f.valueStart] != UInt8(ascii: "I")
        else { return nil }
        var cursor = JSONCursor(bytes, at: f.valueStart, origin: 0)
        // The reader checked the literal, so scanning it again cannot fail (`-Infinity` fails, and is no integer).
        return (try? cursor.scanNumber())?.integer
    }

    /// Member `i`'s value as JSON text (a string's content without its quotes, escapes not decoded).
    @inlinable
    public func raw(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let f = fields[i]
        return UnsafeBufferPointer(rebasing: bytes[f.valueStart..<f.valueEnd])
    }

    /// Member `i`'s value decoded when it is a string, else nil.
    public func string(_ i: Int) -> String? {
        let f = fields[i]
        guard f.kind == .string else { return nil }
        return Self.decode(bytes, from: f.valueStart, to: f.valueEnd, escaped: f.escaped)
    }

    /// Whether member `i`'s string value has escapes (so ``raw(_:)`` differs from ``string(_:)``).
    @inlinable public func isEscaped(_ i: Int) -> Bool { fields[i].escaped }

    /// Member `i`'s value as a boolean, or nil.
    public func bool(_ i: Int) -> Bool? {
        let f = fields[i]
        guard f.kind == .bool else { return nil }
        return bytes[f.valueStart] == UInt8(ascii: "t")
    }

    /// Member `i`'s value as a ``JSONValue`` (builds the tree: for nested objects and arrays).
    ///
    /// - Throws: never for a value the reader accepted; typed for the parser's signature.
    public func value(_ i: Int) throws(DataFormatsError) -> JSONValue {
        let f = fields[i]
        switch f.kind {
        case .null: return .null
        case .bool: return .bool(bytes[f.valueStart] == UInt8(ascii: "t"))
        case .string: return .string(Self.decode(bytes, from: f.valueStart, to: f.valueEnd, escaped: f.escaped))
        case .number, .object, .array:
            var cursor = JSONCursor(bytes, at: f.valueStart, origin: 0)
            return try cursor.value()
        }
    }

    /// FNV-1a over UTF-8 bytes: the hash ``keyHash(_:)`` gives for a key with these decoded bytes.
    @inlinable
    public static func hash(_ name: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// The text of a string's content, escapes decoded.
    @usableFromInline
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escaped: Bool) -> String {
        guard escaped else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
        var cursor = JSONCursor(bytes, at: start - 1, origin: 0)
        // The reader checked the string, so decoding cannot fail.
        return (try? cursor.string()) ?? ""
    }
}
