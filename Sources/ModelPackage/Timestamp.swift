public import Foundation

/// An ISO 8601 timestamp as the training service writes them, with or without a time zone.
///
/// Accepted: `2024-12-01`, `2024-12-01T14:30`, `2024-12-01T14:30:22`, `2024-12-01T14:30:22.123456` (any number of
/// fractional digits), a space instead of `T`, and a zone suffix `Z`, `+01:00`, `+0100` or `+01`. The training
/// service writes naive local times (Python's `datetime.now().isoformat()`), so a timestamp without a zone is kept
/// as such and resolved against a zone the caller chooses (`date(naiveTimeZone:)`).
public struct Timestamp: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The text as written.
    public var text: String
    /// Offset from UTC in seconds, or nil for a naive timestamp.
    public var utcOffsetSeconds: Int?

    let fields: [Int]  // year, month, day, hour, minute, second
    let fraction: Double

    /// Parses an ISO 8601 timestamp; nil when the text is not one.
    public init?(iso8601 text: String) {
        let scalars = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= scalars.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard scalars[k] >= 48 && scalars[k] <= 57 else { return nil }
                v = v * 10 + Int(scalars[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < scalars.count, scalars[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else {
            return nil
        }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset: Int?
        if i < scalars.count, scalars[i] == 84 || scalars[i] == 32 {  // 'T' or ' '
            i += 1
            guard let h = digits(2), expect(58), let m = digits(2) else { return nil }
            (hour, minute) = (h, m)
            if expect(58) {
                guard let s = digits(2) else { return nil }
                second = s
                if expect(46) || expect(44) {  // '.' or ','
                    let start = i
                    while i < scalars.count, scalars[i] >= 48 && scalars[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                    fraction = Double("0." + String(decoding: scalars[start..<i], as: UTF8.self)) ?? 0
                }
            }
            if expect(90) || expect(122) {  // 'Z' / 'z'
                offset = 0
            } else if i < scalars.count, scalars[i] == 43 || scalars[i] == 45 {  // '+' / '-'
                let sign = scalars[i] == 45 ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                var om = 0
                if expect(58) {
                    guard let m = digits(2) else { return nil }
                    om = m
                } else if i < scalars.count {
                    guard let m = digits(2) else { return nil }
                    om = m
                }
                guard oh <= 23, om <= 59 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == scalars.count, (1...12).contains(month), day >= 1, day <= Self.daysIn(month, year),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        self.text = text
        self.utcOffsetSeconds = offset
        self.fields = [year, month, day, hour, minute, second]
        self.fraction = fraction
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether the timestamp carries a zone (`Z` or an offset).
    public var hasTimeZone: Bool { utcOffsetSeconds != nil }

    /// The instant, reading a naive timestamp as a wall-clock time in `naiveTimeZone`.
    public func date(naiveTimeZone: TimeZone) -> Date {
        // Days since 1970-01-01 from the civil date (Howard Hinnant's algorithm): no Calendar, no locale.
        let (y0, m, d) = (fields[0], fields[1], fields[2])
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let wall = Double(days * 86_400 + fields[3] * 3600 + fields[4] * 60 + fields[5]) + fraction
        if let utcOffsetSeconds { return Date(timeIntervalSince1970: wall - Double(utcOffsetSeconds)) }
        let guess = Date(timeIntervalSince1970: wall)
        let offset = naiveTimeZone.secondsFromGMT(for: guess)
        return Date(timeIntervalSince1970: wall - Double(offset))
    }

    /// The text as written.
    public var description: String { text }

    /// Encodes as the text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }

    /// Decodes from the text.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 timestamp: \(text)")
        }
        self = parsed
    }
}
