/// One member of a record as the scanner saw it: where its key and value are, what the value is, and the value as a
/// number when it is one. Nothing is decoded or allocated.
@usableFromInline
struct JSONField {
    @usableFromInline var keyStart = 0
    @usableFromInline var keyEnd = 0
    @usableFromInline var keyEscaped = false
    @usableFromInline var keyHash: UInt64 = 0
    @usableFromInline var valueStart = 0
    @usableFromInline var valueEnd = 0
    @usableFromInline var kind = JSONRecord.Kind.null
    @usableFromInline var escaped = false
    @usableFromInline var number = 0.0
}

/// Growable storage for the fields of the record being read, reused from record to record.
final class FieldStore {
    var base: UnsafeMutablePointer<JSONField>
    var capacity = 32
    var count = 0
    /// The most members one record may have: hostile records are refused before they grow the store.
    let maxMembers: Int

    init(maxMembers: Int = .max) {
        self.maxMembers = max(1, maxMembers)
        base = .allocate(capacity: capacity)
    }
    deinit { base.deallocate() }

    func append(_ field: JSONField) {
        if count == capacity {
            let grown = UnsafeMutablePointer<JSONField>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: field)
        count += 1
    }
}

extension JSONCursor {
    /// Reads the object or array at the cursor as a record into `store`: per member, the key's and the value's
    /// byte ranges, the value's kind and, for numbers, the correctly rounded value. Nested objects and arrays are
    /// checked and skipped. A key that appears twice is refused, and so is a record with more than the store's
    /// `maxMembers`.
    ///
    /// - Returns: true for an object, false for an array.
    mutating func record(into store: FieldStore) throws(DataFormatsError) -> Bool {
        store.count = 0
        guard index < bytes.count else { throw fail("unexpected end of input") }
        let open = bytes[index]
        guard open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else {
            throw fail("expected a record (an object or an array), found '\(Unicode.Scalar(open))'")
        }
        let isObject = open == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return isObject
        }
        while true {
            skipWhitespace()
            var field = JSONField()
            if isObject {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let keyQuote = index
                (field.keyStart, field.keyEnd, field.keyEscaped) = try scanString()
                field.keyHash = keyHash(field)
                for k in 0..<store.count where store.base[k].keyHash == field.keyHash {
                    if sameKey(store.base[k], field) {
                        throw duplicateKey(decodedKey(field), at: keyQuote)
                    }
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                index += 1
                skipWhitespace()
            }
            try scanValue(into: &field)
            guard store.count < store.maxMembers else {
                throw fail("the record has more than \(store.maxMembers) \(isObject ? "members" : "values")")
            }
            store.append(field)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in a record") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == close else { throw fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'") }
            index += 1
            return isObject
        }
    }

    /// Scans one value: its range, kind and number.
    @inline(__always)
    mutating func scanValue(into field: inout JSONField) throws(DataFormatsError) {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        let c = bytes[index]
        field.valueStart = index
        switch c {
        case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "I"):
            index += 1
            try literal("Infinity")
            field.kind = .number
            field.number = -.infinity
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            field.kind = .number
            field.number = try readNumber()
        case UInt8(ascii: "\""):
            let (start, end, escaped) = try scanString()
            field.kind = .string
            field.escaped = escaped
            field.valueStart = start
            field.valueEnd = end
            return
        case UInt8(ascii: "N"):
            try literal("NaN")
            field.kind = .number
            field.number = .nan
        case UInt8(ascii: "I"):
            try literal("Infinity")
            field.kind = .number
            field.number = .infinity
        case UInt8(ascii: "t"):
            try literal("true")
            field.kind = .bool
        case UInt8(ascii: "f"):
            try literal("false")
            field.kind = .bool
        case UInt8(ascii: "n"):
            try literal("null")
            field.kind = .null
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            field.kind = c == UInt8(ascii: "{") ? .object : .array
            try skipContainer()
        default:
            throw fail("unexpected character '\(Unicode.Scalar(c))'")
        }
        field.valueEnd = index
    }

    /// Checks the string at the cursor (at its opening quote) and steps past it, decoding nothing.
    ///
    /// - Returns: the content's range (quotes excluded) and whether it holds escapes.
    mutating func scanString() throws(DataFormatsError) -> (start: Int, end: Int, escaped: Bool) {
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                return (start, index - 1, escaped)
            }
            if c < 0x20 { throw fail("control character in a string") }
            if c == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    _ = try hex4()
                default: throw fail("invalid escape in a string")
                }
                continue
            }
            index += 1
        }
        throw fail("unterminated string")
    }

    /// Checks the object or array at the cursor and steps past it, building nothing.
    mutating func skipContainer() throws(DataFormatsError) {
        let base = depth
        try enter()
        index += 1
        var expectValue = true  // after '[' / ',' in an array, or ':' in an object
        var inObject = [bytes[index - 1] == UInt8(ascii: "{")]
        var needKey = inObject[0]
        var justOpened = true
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in a nested value") }
            let c = bytes[index]
            if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                // Only an empty container, or one whose last member is complete, may close.
                guard justOpened || (!expectValue && !needKey) else { throw fail("unexpected '\(Unicode.Scalar(c))'") }
                let object = inObject.removeLast()
                guard c == (object ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw fail("mismatched bracket") }
                index += 1
                depth -= 1
                if depth == base { return }
                expectValue = false
                needKey = false
                justOpened = false
                continue
            }
            justOpened = false
            if !expectValue && !needKey {
                guard c == UInt8(ascii: ",") else { throw fail("expected ',' or a closing bracket") }
                index += 1
                if inObject[inObject.count - 1] { needKey = true } else { expectValue = true }
                continue
            }
            if needKey {
                guard c == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                _ = try scanString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                index += 1
                needKey = false
                expectValue = true
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                try enter()
                index += 1
                inObject.append(c == UInt8(ascii: "{"))
                needKey = c == UInt8(ascii: "{")
                expectValue = !needKey
                justOpened = true
                continue
            }
            var scratch = JSONField()
            try scanValue(into: &scratch)
            expectValue = false
        }
    }

    /// FNV-1a of the key's decoded bytes (its raw bytes when it has no escape).
    func keyHash(_ field: JSONField) -> UInt64 {
        if field.keyEscaped { return JSONRecord.hash(Array(decodedKey(field).utf8)) }
        return JSONRecord.hash(UnsafeBufferPointer(rebasing: bytes[field.keyStart..<field.keyEnd]))
    }

    func sameKey(_ a: JSONField, _ b: JSONField) -> Bool {
        if a.keyEscaped || b.keyEscaped { return decodedKey(a) == decodedKey(b) }
        let n = a.keyEnd - a.keyStart
        guard n == b.keyEnd - b.keyStart else { return false }
        for k in 0..<n where bytes[a.keyStart + k] != bytes[b.keyStart + k] { return false }
        return true
    }

    func decodedKey(_ field: JSONField) -> String {
        JSONRecord.decode(bytes, from: field.keyStart, to: field.keyEnd, escaped: field.keyEscaped)
    }
}
