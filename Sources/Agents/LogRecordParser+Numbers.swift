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
    static func decimal(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = b.count
        var i = 0
        @inline(__always) func isDigit(_ at: Int) -> Bool { at < n && b[at] >= 0x30 && b[at] <= 0x39 }
        if i < n, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
        var mantissaDigits = 0
        while isDigit(i) {
            i += 1
            mantissaDigits += 1
        }
        if i < n, b[i] == 0x2E {
            i += 1
            while isDigit(i) {
                i += 1
                mantissaDigits += 1
            }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < n, b[i] == 0x45 || b[i] == 0x65 {
            i += 1
            if i < n, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        guard i == n else { return nil }
        // Short literals are small strings (no allocation); Double(String) is correctly rounded (strtod).
        return Double(String(decoding: b, as: UTF8.self))
    }
}
