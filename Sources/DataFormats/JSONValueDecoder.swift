/// Decodes `Decodable` values from a ``JSONValue``, or from JSON text through Warden's own parser
/// (``JSONValue/parse(_:)``): several times faster than `JSONDecoder` on the registry's stored JSON, which dominates
/// listing many versions.
///
/// It decodes what `JSONEncoder` writes with its default strategies. Its errors carry no coding path, so callers use
/// it as a fast path and fall back to `JSONDecoder` when it throws, which then decides (and explains) the outcome.
/// `Float` is refused (rounding a double to a float can differ from reading the digits as a float), and so are
/// integers written as doubles beyond 2^53, whose digits a double may not hold.
///
/// ```swift
/// let record = try JSONValueDecoder.decode(Record.self, from: storedText.utf8)
/// ```
public enum JSONValueDecoder {
    /// The value of type `T` that `value` holds.
    ///
    /// - Throws: `type_mismatch` when the tree does not have the shape `T` decodes.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value))
    }

    /// The value of type `T` that the JSON text `bytes` holds.
    ///
    /// - Throws: `invalid_json` for text that is not JSON; `type_mismatch` when it does not have the shape `T`
    ///   decodes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try T(from: ValueDecoder(try JSONValue.parse(bytes)))
    }
}

/// What the containers throw where `JSONDecoder` would throw.
private func mismatch(_ expected: String, _ found: JSONValue?) -> DataFormatsError {
    let what: String
    switch found {
    case nil: what = "nothing"
    case .null?: what = "null"
    case .bool?: what = "a boolean"
    case .int?, .double?: what = "a number"
    case .string?: what = "a string"
    case .array?: what = "an array"
    case .object?: what = "an object"
    }
    return DataFormatsError(.typeMismatch, "expected \(expected), found \(what)")
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue) { self.value = value }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch("an object", value) }
        return KeyedDecodingContainer(Keyed(object: object))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw mismatch("an array", value) }
        return Unkeyed(array: array)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value) }
}

/// Conversions shared by the three containers; each throws where `JSONDecoder` would throw.
extension JSONValue {
    fileprivate func decodedBool() throws -> Bool {
        guard case .bool(let b) = self else { throw mismatch("a boolean", self) }
        return b
    }

    fileprivate func text() throws -> String {
        guard case .string(let s) = self else { throw mismatch("a string", self) }
        return s
    }

    fileprivate func decodedNumber() throws -> Double {
        guard let d = number else { throw mismatch("a number", self) }
        return d
    }

    fileprivate func integer<T: FixedWidthInteger>() throws -> T {
        switch self {
        case .int(let i):
            guard let n = T(exactly: i) else { throw mismatch("an integer that fits \(T.self)", self) }
            return n
        case .double(let d):
            // Exact integers only; beyond 2^53 a double may not hold the written digits, so let JSONDecoder decide.
            guard d.rounded(.towardZero) == d, abs(d) <= 9_007_199_254_740_992, let n = T(exactly: d) else {
                throw mismatch("an integer that fits \(T.self)", self)
            }
            return n
        default:
            throw mismatch("an integer", self)
        }
    }

    /// Strings and numbers directly; anything else through its `init(from:)`.
    fileprivate func decoded<T: Decodable>() throws -> T {
        if T.self == String.self, let v = try text() as? T { return v }
        if T.self == Double.self, let v = try decodedNumber() as? T { return v }
        if T.self == Int.self, let v = try (integer() as Int) as? T { return v }
        return try T(from: ValueDecoder(self))
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else { throw mismatch("a value for '\(key.stringValue)'", nil) }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).decodedBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).text() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).decodedNumber() }
    // JSONDecoder reads the digits as a Float; rounding a double to a Float can differ.
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw mismatch("a double, not a Float", nil) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).integer() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).integer() }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).integer() }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).integer() }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).integer() }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).integer() }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).integer() }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).integer() }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).integer() }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).integer() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key).decoded() }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(try value(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(try value(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw mismatch("a value for 'super'", nil) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(try value(key)) }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let array: [JSONValue]
    var codingPath: [any CodingKey] { [] }
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }
    var currentIndex = 0

    init(array: [JSONValue]) { self.array = array }

    private mutating func next() throws -> JSONValue {
        guard currentIndex < array.count else { throw mismatch("another element", nil) }
        defer { currentIndex += 1 }
        return array[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < array.count else { throw mismatch("another element", nil) }
        if array[currentIndex] == .null {
            currentIndex += 1
            return true
        }
        return false
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decodedBool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().text() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decodedNumber() }
    mutating func decode(_ type: Float.Type) throws -> Float { throw mismatch("a double, not a Float", nil) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decoded() }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(try next()).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(try next()).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { ValueDecoder(try next()) }
}

private struct Single: SingleValueDecodingContainer {
    let value: JSONValue
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try value.decodedBool() }
    func decode(_ type: String.Type) throws -> String { try value.text() }
    func decode(_ type: Double.Type) throws -> Double { try value.decodedNumber() }
    func decode(_ type: Float.Type) throws -> Float { throw mismatch("a double, not a Float", nil) }
    func decode(_ type: Int.Type) throws -> Int { try value.integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try value.integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try value.integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try value.integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try value.integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try value.integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value.integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value.integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value.integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value.integer() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value.decoded() }
}
