extension LogRecordParser {
    /// What integer text holds.
    enum IntegerText {
        case value(Int64)
        case overflow
        case invalid
    }

    /// `[+-]?[0-9]+` as an Int64.
    static func integer(_ b: UnsafeBufferPointer<UInt8>) -> IntegerText {
        var i = 0
        var negative = false
        if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
            negative = b[i] == 0x2D
            i += 1
        }
        guard i < b.count else { return .invalid }
        var value: Int64 = 0
        var overflow = false
        while i < b.count {
            let byte = b[i]
            guard byte >= 0x30, byte <= 0x39 else { return .invalid }
            let digit = Int64(byte &- 0x30)
            // Accumulate negatively so that Int64.min is reachable.
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times.subtractingReportingOverflow(digit)
            if o1 || o2 { overflow = true }
            value = next
            i += 1
        }
        if overflow { return .overflow }
        if negative { return .value(value) }
        return value == .min ? .overflow : .value(-value)
    }

    /// A decimal string `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?` as a correctly rounded Double
    /// (±infinity when it overflows); nil for any other text.
    ///
    /// Short literals (a mantissa below 2^53, a power of ten within ±22, as logs write signal, rate and loss) take
    /// Clinger's fast path: the mantissa and the power of ten are exact Doubles, so one IEEE multiplication or
    /// division rounds correctly, as `strtod` would. Anything else goes to `strtod`.
    static func decimal(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = b.count
        var i = 0
        @inline(__always) func isDigit(_ at: Int) -> Bool { at < n && b[at] >= 0x30 && b[at] <= 0x39 }
        var negative = false
        if i < n, b[i] == 0x2B || b[i] == 0x2D {
            negative = b[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0  // digits after leading zeros
        var fractionDigits = 0
        while isDigit(i) {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(b[i] &- 0x30)
                if mantissa != 0 { significant += 1 }
            } else {
                significant += 1
            }
            i += 1
            digits += 1
        }
        if i < n, b[i] == 0x2E {
            i += 1
            while isDigit(i) {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(b[i] &- 0x30)
                    if mantissa != 0 { significant += 1 }
                    fractionDigits += 1
                } else {
                    significant += 1
                }
                i += 1
                digits += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < n, b[i] == 0x45 || b[i] == 0x65 {
            i += 1
            var negativeExponent = false
            if i < n, b[i] == 0x2B || b[i] == 0x2D {
                negativeExponent = b[i] == 0x2D
                i += 1
            }
            guard isDigit(i) else { return nil }
            while isDigit(i) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(b[i] &- 0x30) }
                i += 1
            }
            if negativeExponent { exponent = -exponent }
        }
        guard i == n else { return nil }
        let power = exponent - fractionDigits
        if significant <= 19, mantissa <= 1 << 53, power >= -22, power <= 22 {
            let m = Double(mantissa)
            let value = power >= 0 ? m * exactPowersOfTen[power] : m / exactPowersOfTen[-power]
            return negative ? -value : value
        }
        // Short literals are small strings (no allocation); Double(String) is correctly rounded (strtod).
        return Double(String(decoding: b, as: UTF8.self))
    }

    /// 10^0 ... 10^22, all exactly representable as Doubles.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]
}
