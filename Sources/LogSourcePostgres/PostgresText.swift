import Agents

/// Renders PostgreSQL binary values as the text a JSON record would carry, appended to a byte buffer, so that
/// rows go through ``Agents/LogRecordParser`` exactly as JSON records do.
enum PostgresText {
    /// Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for timestamps.
    static let postgresEpoch: Int64 = 946_684_800_000_000

    /// Microseconds since 1970 of a binary `timestamp`/`timestamptz` value (µs since 2000); nil for ±infinity
    /// and values beyond the 64-bit range.
    static func unixMicroseconds(postgres value: Int64) -> Int64? {
        if value == .max || value == .min { return nil }
        let (sum, overflow) = value.addingReportingOverflow(postgresEpoch)
        return overflow ? nil : sum
    }

    /// The first instant of year 10000: the contract's grammar has four year digits.
    private static let year10000: Int64 =
        Timestamp.daysFromCivil(year: 10_000, month: 1, day: 1)
        * Timestamp.microsecondsPerDay
    /// The first instant of year 0.
    private static let year0: Int64 = Timestamp.daysFromCivil(year: 0, month: 1, day: 1) * Timestamp.microsecondsPerDay

    /// Appends a binary `timestamp`/`timestamptz` value as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC), or as `infinity`,
    /// `-infinity` or the instant's extended form when the contract cannot write it (the parser then reports it).
    static func appendTimestamp(postgres value: Int64, to out: inout [UInt8]) {
        if value == .max { return out.append(contentsOf: "infinity".utf8) }
        if value == .min { return out.append(contentsOf: "-infinity".utf8) }
        guard let us = unixMicroseconds(postgres: value) else {
            return out.append(contentsOf: "out of range".utf8)
        }
        guard us >= year0, us < year10000 else {
            return out.append(contentsOf: Timestamp(microseconds: us).description.utf8)
        }
        let days = us >= 0 ? us / Timestamp.microsecondsPerDay : (us + 1) / Timestamp.microsecondsPerDay - 1
        var rest = us - days * Timestamp.microsecondsPerDay
        let (year, month, day) = Timestamp.civilFromDays(days)
        let hour = rest / Timestamp.microsecondsPerHour
        rest -= hour * Timestamp.microsecondsPerHour
        let minute = rest / Timestamp.microsecondsPerMinute
        rest -= minute * Timestamp.microsecondsPerMinute
        let second = rest / Timestamp.microsecondsPerSecond
        let micros = rest - second * Timestamp.microsecondsPerSecond
        appendDigits(year, 4, &out)
        out.append(0x2D)
        appendDigits(month, 2, &out)
        out.append(0x2D)
        appendDigits(day, 2, &out)
        out.append(0x54)
        appendDigits(hour, 2, &out)
        out.append(0x3A)
        appendDigits(minute, 2, &out)
        out.append(0x3A)
        appendDigits(second, 2, &out)
        out.append(0x2E)
        appendDigits(micros, 6, &out)
        out.append(0x5A)
    }

    /// Appends a binary `macaddr` (6 bytes) as `aa:bb:cc:dd:ee:ff`; false when the value is not 6 bytes.
    static func appendMAC(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) -> Bool {
        guard bytes.count == 6 else { return false }
        let hex: StaticString = "0123456789abcdef"
        let digits = hex.utf8Start
        for (i, byte) in bytes.enumerated() {
            if i > 0 { out.append(0x3A) }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return true
    }

    /// What a binary `numeric` holds.
    enum Numeric {
        /// A finite value, appended as decimal text (`[-]digits[e±exponent]`).
        case decimal
        /// NaN or an infinity, which the text form cannot carry.
        case special(Double)
        /// Not a binary numeric.
        case invalid
    }

    /// Appends a binary `numeric` as decimal text the parser reads exactly (correctly rounded), e.g.
    /// `-00120034e-8` for -1.20034.
    ///
    /// The binary form is: digit count, weight (of the first base-10000 digit), sign (0x0000, 0x4000 negative,
    /// 0xC000 NaN, 0xD000 +∞, 0xF000 −∞), display scale, then the base-10000 digits (big-endian Int16 each).
    static func appendNumeric(_ b: UnsafeRawBufferPointer, to out: inout [UInt8]) -> Numeric {
        guard b.count >= 8 else { return .invalid }
        func int16(_ at: Int) -> Int { Int(Int16(bitPattern: UInt16(b[at]) << 8 | UInt16(b[at + 1]))) }
        let count = int16(0)
        let weight = int16(2)
        let sign = UInt16(b[4]) << 8 | UInt16(b[5])
        switch sign {
        case 0xC000: return .special(.nan)
        case 0xD000: return .special(.infinity)
        case 0xF000: return .special(-.infinity)
        case 0x0000, 0x4000: break
        default: return .invalid
        }
        guard count >= 0, b.count == 8 + 2 * count else { return .invalid }
        if count == 0 {
            out.append(0x30)
            return .decimal
        }
        if sign == 0x4000 { out.append(0x2D) }
        for i in 0..<count {
            let digit = int16(8 + 2 * i)
            guard (0..<10_000).contains(digit) else { return .invalid }
            appendDigits(Int64(digit), 4, &out)
        }
        let exponent = 4 * (weight - count + 1)
        if exponent != 0 {
            out.append(0x65)
            if exponent < 0 { out.append(0x2D) }
            let start = out.count
            var e = abs(exponent)
            repeat {
                out.append(UInt8(0x30 + e % 10))
                e /= 10
            } while e > 0
            out[start...].reverse()
        }
        return .decimal
    }

    /// Appends `value` (≥ 0) as exactly `width` decimal digits, zero-padded on the left.
    @inline(__always)
    private static func appendDigits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(0x30 + (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
