/// Numbers in text fields (CSV cells, JSON strings such as `"1.5"`), read straight from the bytes.
///
/// The grammar is Python's `float()` for decimals: optional spaces or tabs around, an optional sign, digits with an
/// optional fraction (`5`, `5.`, `.5`, `05`), an optional exponent. Values are correctly rounded to the nearest
/// double with the same code as ``JSONCursor/readNumber()``, so a CSV cell and a JSON number with the same digits
/// give the same double. The words pandas and Python write for missing and non-finite values are read too,
/// case-insensitively: empty, `nan` (signed), `null`, `none`, `na`, `n/a` are NaN; `inf`, `infinity` (signed)
/// are infinite.
public enum DecimalText {
    /// The number in `text[start..<end]`, or nil when the text is not a number.
    @inlinable
    public static func parse(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var s = start
        var e = end
        while s < e, text[s] == 0x20 || text[s] == 0x09 { s += 1 }
        while e > s, text[e - 1] == 0x20 || text[e - 1] == 0x09 { e -= 1 }
        if s == e { return .nan }
        if let d = decimal(text, from: s, to: e) { return d }
        return word(text, from: s, to: e)
    }

    /// The number in `text`, or nil (convenience for tests and short strings).
    public static func parse(_ text: some StringProtocol) -> Double? {
        var copy = String(text)
        return copy.withUTF8 { parse($0, from: 0, to: $0.count) }
    }

    /// A decimal literal filling `text[start..<end]` exactly, correctly rounded; nil for anything else.
    @inlinable @inline(__always)
    static func decimal(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var i = start
        var negative = false
        let first = text[i]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var exact = true
        var sawDigit = false
        while i < end {
            // Eight digits at once while they fit in the 19 kept (after the first significant one).
            if digits > 0, digits <= 11, i + 8 <= end, let eight = Self.eightDigits(text, at: i) {
                mantissa = mantissa &* 100_000_000 &+ eight
                digits += 8
                i += 8
                continue
            }
            let d = text[i] &- 0x30
            guard d < 10 else { break }
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                exact = false
            }
            i += 1
        }
        if i < end, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < end {
                if digits > 0, digits <= 11, i + 8 <= end, let eight = Self.eightDigits(text, at: i) {
                    mantissa = mantissa &* 100_000_000 &+ eight
                    digits += 8
                    exponent -= 8
                    i += 8
                    continue
                }
                let d = text[i] &- 0x30
                guard d < 10 else { break }
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else if d != 0 {
                    exact = false
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < end, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
                expNegative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end, text[i] &- 0x30 < 10 else { return nil }
            var x = 0
            while i < end {
                let d = text[i] &- 0x30
                guard d < 10 else { break }
                if x < 100_000 { x = x * 10 + Int(d) }
                i += 1
            }
            exponent += expNegative ? -x : x
        }
        guard i == end else { return nil }
        let literal = NumberLiteral(
            negative: negative, mantissa: mantissa, exponent: exponent, exact: exact, integral: false, start: start)
        return literal.rounded(text: text, from: start, to: end)
    }

    /// The value of the eight ASCII digits at `text[i..<i+8]`, or nil when one of them is not a digit (SWAR, as
    /// simdjson parses eight digits: one load, two checks, three multiplications).
    @inlinable @inline(__always)
    static func eightDigits(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64? {
        // Invariant: the caller checked i + 8 <= text.count, so the buffer is non-empty.
        let w = UnsafeRawPointer(text.baseAddress! + i).loadUnaligned(as: UInt64.self).littleEndian
        // A byte above '9' sets its high bit in w + 0x46…; one below '0' (or above 0x7F) in w - 0x30….
        guard ((w &+ 0x4646_4646_4646_4646) | (w &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0 else {
            return nil
        }
        // Swift shifts bind tighter than multiplications: every product is parenthesised.
        var v = ((w & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        return (((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32) & 0xFFFF_FFFF
    }

    /// The missing and non-finite words, case-insensitively.
    @usableFromInline
    static func word(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var s = start
        var sign: UInt8 = 0
        if text[s] == UInt8(ascii: "+") || text[s] == UInt8(ascii: "-") {
            sign = text[s]
            s += 1
        }
        guard end - s <= 8, end > s else { return nil }
        var key: UInt64 = 0
        for k in s..<end {
            let c = text[k]
            key = key << 8 | UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
        }
        switch key {
        case Words.nan: return .nan
        case Words.inf, Words.infinity: return sign == UInt8(ascii: "-") ? -.infinity : .infinity
        case Words.null, Words.none, Words.na, Words.slashNA: return sign == 0 ? .nan : nil
        default: return nil
        }
    }

    /// Short words packed into integers, first byte highest.
    @usableFromInline
    enum Words {
        static let nan = pack("nan")
        static let inf = pack("inf")
        static let infinity = pack("infinity")
        static let null = pack("null")
        static let none = pack("none")
        static let na = pack("na")
        static let slashNA = pack("n/a")

        static func pack(_ word: StaticString) -> UInt64 {
            var key: UInt64 = 0
            let p = word.utf8Start
            for k in 0..<word.utf8CodeUnitCount { key = key << 8 | UInt64(p[k]) }
            return key
        }
    }
}
