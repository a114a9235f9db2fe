/// An instant as integer microseconds since the Unix epoch (UTC), read and written in the contract's ISO 8601 form.
///
/// The grammar is exactly `YYYY-MM-DDTHH:MM:SS[.f]{Z | +HH:MM | -HH:MM}` with 1 to 6 fraction digits: ASCII
/// digits, an upper-case `T` and `Z`, no surrounding whitespace. Fields are range-checked (month 1–12, day within
/// the month of the proleptic Gregorian calendar, hour 0–23, minute 0–59, second 0–59 (no leap second), offset
/// hours 0–23 and minutes 0–59). A short fraction is padded on the right (`.5` = 500 000 µs). The value is local
/// time minus the offset. Parsing is done by hand on bytes (days-from-civil arithmetic), never with a formatter.
///
/// ```swift
/// Timestamp(iso8601: "2026-01-05T10:05:00.12+01:00")?.microseconds  // 1767603900120000
/// Timestamp(microseconds: 1767607500000000).description              // "2026-01-05T10:05:00Z"
/// ```
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds in a second.
    public static let microsecondsPerSecond: Int64 = 1_000_000
    /// Microseconds in a minute.
    public static let microsecondsPerMinute: Int64 = 60_000_000
    /// Microseconds in an hour.
    public static let microsecondsPerHour: Int64 = 3_600_000_000
    /// Microseconds in a day.
    public static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    /// Creates an instant from microseconds since the epoch.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// Parses the contract's ISO 8601 form; nil when `text` does not follow it or names an impossible date.
    public init?(iso8601 text: some StringProtocol) {
        var copy = String(text)
        guard let us = copy.withUTF8({ Timestamp.parse(utf8: $0) }) else { return nil }
        self.microseconds = us
    }

    /// Parses the contract's ISO 8601 form from UTF-8 bytes without allocating.
    ///
    /// - Returns: microseconds since the epoch, or nil when the bytes are not a contract timestamp.
    public static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> Int64? {
        // YYYY-MM-DDTHH:MM:SS is 19 bytes; then an optional fraction, then Z (1) or ±HH:MM (6).
        let n = b.count
        guard n >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
            let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2)
        else { return nil }
        var i = 19
        var micros: Int64 = 0
        if b[i] == 0x2E {
            i += 1
            var k = 0
            while i < n, k < 7, let d = digit(b[i]) {
                micros = micros * 10 + d
                i += 1
                k += 1
            }
            guard k >= 1, k <= 6 else { return nil }
            for _ in k..<6 { micros *= 10 }
        }
        guard i < n else { return nil }
        var offset: Int64 = 0
        if b[i] == 0x5A {
            guard i + 1 == n else { return nil }
        } else {
            guard i + 6 == n, b[i] == 0x2B || b[i] == 0x2D, b[i + 3] == 0x3A,
                let offH = digits(b, i + 1, 2), let offM = digits(b, i + 4, 2), offH <= 23, offM <= 59
            else { return nil }
            offset = offH * microsecondsPerHour + offM * microsecondsPerMinute
            if b[i] == 0x2D { offset = -offset }
        }
        guard month >= 1, month <= 12, hour <= 23, minute <= 59, second <= 59,
            day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        let local =
            daysFromCivil(year: year, month: month, day: day) * microsecondsPerDay + hour * microsecondsPerHour
            + minute * microsecondsPerMinute + second * microsecondsPerSecond + micros
        return local - offset
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian (year, month, day) of a day number since 1970-01-01; the inverse of
    /// ``daysFromCivil(year:month:day:)``.
    public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO 8601 UTC with `Z`: whole seconds when whole, else the fraction without trailing zeros
    /// (`2026-01-05T10:05:00Z`, `2026-01-05T10:05:00.12Z`).
    public var description: String {
        let days = Timestamp.floorDivide(microseconds, Timestamp.microsecondsPerDay)
        var rest = microseconds - days * Timestamp.microsecondsPerDay
        let (y, m, d) = Timestamp.civilFromDays(days)
        let hour = rest / Timestamp.microsecondsPerHour
        rest %= Timestamp.microsecondsPerHour
        let minute = rest / Timestamp.microsecondsPerMinute
        rest %= Timestamp.microsecondsPerMinute
        let second = rest / Timestamp.microsecondsPerSecond
        var fraction = rest % Timestamp.microsecondsPerSecond
        var text = y < 0 ? "-" + pad(-y, 3) : pad(y, 4)
        text += "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if fraction != 0 {
            var width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            text += "." + pad(fraction, width)
        }
        return text + "Z"
    }

    /// Orders instants by time.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// Decodes the contract's ISO 8601 string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not an ISO 8601 timestamp YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)")
        }
        self = parsed
    }

    /// Encodes as ``description``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `floor(a / b)` for b > 0.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b < 0) ? q - 1 : q
    }

    /// `a mod b` in 0..<b for b > 0.
    static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r < 0 ? r + b : r
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always) private static func digit(_ byte: UInt8) -> Int64? {
        byte >= 0x30 && byte <= 0x39 ? Int64(byte &- 0x30) : nil
    }

    @inline(__always) private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for i in at..<(at + count) {
            guard let d = digit(b[i]) else { return nil }
            value = value * 10 + d
        }
        return value
    }

    private func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
