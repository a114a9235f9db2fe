#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The digits of a number literal before rounding: at most 19 significant digits in `mantissa`, scaled by
/// 10^`exponent`; `exact` is false when digits beyond the 19th were dropped.
@usableFromInline
struct NumberLiteral {
    @usableFromInline var negative: Bool
    @usableFromInline var mantissa: UInt64
    @usableFromInline var exponent: Int
    @usableFromInline var exact: Bool
    /// No fraction and no exponent: an integer literal.
    @usableFromInline var integral: Bool
    /// The offset of the literal's first byte.
    @usableFromInline var start: Int

    @inlinable
    init(negative: Bool, mantissa: UInt64, exponent: Int, exact: Bool, integral: Bool, start: Int) {
        self.negative = negative
        self.mantissa = mantissa
        self.exponent = exponent
        self.exact = exact
        self.integral = integral
        self.start = start
    }

    /// The literal's value when it is an integer literal that fits in `Int` (`-0` is not: it stays `-0.0`, so its
    /// sign survives); nil otherwise. The one rule for "JSON integer" (``JSONValue/int(_:)``,
    /// ``JSONRecord/integer(_:)``).
    var integer: Int? {
        guard integral, exact, exponent == 0, mantissa != 0 || !negative else { return nil }
        if !negative, mantissa <= UInt64(Int.max) { return Int(mantissa) }
        if negative, mantissa <= UInt64(Int.max) + 1 { return Int(truncatingIfNeeded: 0 &- mantissa) }
        return nil
    }
}

extension JSONCursor {
    @usableFromInline static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    #if arch(x86_64) && !os(Windows)
        /// 10^0 … 10^27, each exact in Float80 (5^27 < 2^64).
        @usableFromInline static let widePowers: [Float80] = {
            var p: Float80 = 1
            var out: [Float80] = []
            for _ in 0...27 {
                out.append(p)
                p *= 10
            }
            return out
        }()
    #endif

    /// A number as a value: ``JSONValue/int(_:)`` for an integer literal that fits in `Int`, else the correctly
    /// rounded ``JSONValue/double(_:)``. `-0` stays `-0.0`, so its sign survives as it always has.
    mutating func numberValue() throws(DataFormatsError) -> JSONValue {
        let literal = try scanNumber()
        if let integer = literal.integer { return .int(integer) }
        return .double(rounded(literal))
    }

    /// Reads the grammar of a JSON number, keeping the first 19 significant digits.
    ///
    /// Inlined (with ``rounded(_:)``) into ``readNumber()`` and through it into parsers in other modules: as calls,
    /// the two cost the prediction body's fast path 7% (measured on 1,000 rows × 18 features).
    @inlinable @inline(__always)
    mutating func scanNumber() throws(DataFormatsError) -> NumberLiteral {
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var exact = true
        var integral = true
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw fail("leading zeros are not allowed in numbers") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(bytes[index] - 0x30)
                    if mantissa != 0 { digits += 1 }
                } else {
                    exponent += 1
                    exact = false
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("invalid number: digits must follow '.'")
            }
            while index < bytes.count, isDigit(bytes[index]) {
                // Eight digits at once while they fit in the 19 kept (Python's repr has 17).
                if digits > 0, digits <= 11, index + 8 <= bytes.count,
                    let eight = DecimalText.eightDigits(bytes, at: index)
                {
                    mantissa = mantissa &* 100_000_000 &+ eight
                    digits += 8
                    exponent -= 8
                    index += 8
                    continue
                }
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(bytes[index] - 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    exact = false
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            var expNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                expNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("invalid number: digits must follow 'e'")
            }
            var e = 0
            while index < bytes.count, isDigit(bytes[index]) {
                if e < 100_000 { e = e * 10 + Int(bytes[index] - 0x30) }
                index += 1
            }
            exponent += expNegative ? -e : e
        }
        return NumberLiteral(
            negative: negative, mantissa: mantissa, exponent: exponent, exact: exact, integral: integral, start: start)
    }

    /// The literal (just scanned, ending at the cursor) correctly rounded to a double.
    @inlinable @inline(__always)
    func rounded(_ n: NumberLiteral) -> Double {
        n.rounded(text: bytes, from: n.start, to: index)
    }
}

extension NumberLiteral {
    /// The literal correctly rounded to a double; `text[start..<end]` is the literal's text, which strtod reads
    /// in the rare cases the fast paths cannot decide.
    @inlinable @inline(__always)
    func rounded(text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double {
        // Clinger's fast path: both the mantissa and 10^|e| are exact doubles, so one operation rounds correctly.
        if exact, mantissa < (1 << 53), (-22...22).contains(exponent) {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m * JSONCursor.powers[exponent] : m / JSONCursor.powers[-exponent]
            return negative ? -v : v
        }
        #if arch(x86_64) && !os(Windows)
            // 17–19 significant digits (Python's repr often has 17): m < 2^64 and 10^|e| ≤ 10^27 are exact in
            // Float80, so m·10^e is rounded once to 64 bits; rounding that to 53 bits is correct unless the
            // 11 dropped bits are exactly half (0x400), the only pattern a first rounding can have reached from
            // either side. Then strtod decides.
            if exact, (-27...27).contains(exponent) {
                let m = Float80(mantissa)
                let p = JSONCursor.widePowers[abs(exponent)]
                let wide = exponent >= 0 ? m * p : m / p
                if wide.significandBitPattern & 0x7FF != 0x400 {
                    let v = Double(wide)
                    return negative ? -v : v
                }
            }
        #endif
        return Self.strtodCopy(text, from: start, to: end)
    }

    /// strtod on a NUL-terminated copy of the number's text (at most a few hundred bytes on the stack).
    @usableFromInline
    static func strtodCopy(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[length] = 0
            guard let text = buffer.baseAddress else { return .nan }  // never: the capacity is at least 1
            return strtod(text, nil)
        }
    }
}
