import Agents
import Testing

@Suite("Timestamp: the contract's ISO 8601 grammar as integer microseconds")
struct TimestampTests {
    @Test(
        "parses valid timestamps to microseconds since the epoch",
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)),
            ("1970-01-01T00:00:00.000001Z", 1),
            ("1969-12-31T23:59:59.999999Z", -1),
            ("2026-01-05T10:05:00Z", 1_767_607_500_000_000),
            ("2026-01-05T10:05:00.12Z", 1_767_607_500_120_000),
            ("2026-01-05T10:05:00.5Z", 1_767_607_500_500_000),
            ("2026-01-05T11:05:00+01:00", 1_767_607_500_000_000),
            ("2026-01-05T05:05:00.123456-05:00", 1_767_607_500_123_456),
            ("2000-02-29T00:00:00Z", 951_782_400_000_000),
            ("2024-02-29T23:59:59Z", 1_709_251_199_000_000),
            ("0000-03-01T00:00:00Z", -62_162_035_200_000_000),
            ("9999-12-31T23:59:59.999999Z", 253_402_300_799_999_999),
            ("2026-01-05T10:05:00+23:59", 1_767_607_500_000_000 - 86_340_000_000),
        ] as [(String, Int64)])
    func valid(text: String, micros: Int64) {
        #expect(Timestamp(iso8601: text)?.microseconds == micros)
    }

    @Test(
        "rejects text outside the grammar and impossible dates",
        arguments: [
            "", "2026-01-05", "2026-01-05T10:05:00", "2026-01-05 10:05:00Z", "2026-01-05t10:05:00Z",
            "2026-01-05T10:05:00z", "2026-01-05T10:05:00.Z", "2026-01-05T10:05:00.1234567Z", " 2026-01-05T10:05:00Z",
            "2026-01-05T10:05:00Z ", "2026-1-05T10:05:00Z", "2026-01-05T10:05Z", "2026-13-05T10:05:00Z",
            "2026-00-05T10:05:00Z", "2026-01-00T10:05:00Z", "2026-01-32T10:05:00Z", "2026-04-31T10:05:00Z",
            "2025-02-29T10:05:00Z", "1900-02-29T10:05:00Z", "2026-01-05T24:00:00Z", "2026-01-05T10:60:00Z",
            "2026-01-05T10:05:60Z", "2026-01-05T10:05:00+24:00", "2026-01-05T10:05:00+01:60",
            "2026-01-05T10:05:00+0100", "2026-01-05T10:05:00+01", "2026-01-05T10:05:00.5+01:00x",
            "２026-01-05T10:05:00Z", "2026-01-05T10:05:00ZZ",
        ])
    func invalid(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test("days-from-civil and its inverse agree over four centuries around the epoch")
    func civil() {
        var day = Timestamp.daysFromCivil(year: 1800, month: 1, day: 1)
        let last = Timestamp.daysFromCivil(year: 2200, month: 12, day: 31)
        var (y, m, d): (Int64, Int64, Int64) = (1800, 1, 1)
        while day <= last {
            let c = Timestamp.civilFromDays(day)
            #expect(c.year == y && c.month == m && c.day == d)
            if c.year != y || c.month != m || c.day != d { return }
            // The next calendar day, counted by hand.
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
            let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            d += 1
            if d > lengths[Int(m - 1)] {
                d = 1
                m += 1
                if m > 12 {
                    m = 1
                    y += 1
                }
            }
            day += 1
        }
        #expect(Timestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
    }

    @Test(
        "formats as UTC with Z, whole seconds bare and fractions without trailing zeros",
        arguments: [
            (Int64(1_767_607_500_000_000), "2026-01-05T10:05:00Z"),
            (1_767_607_500_120_000, "2026-01-05T10:05:00.12Z"),
            (1_767_607_500_000_001, "2026-01-05T10:05:00.000001Z"),
            (-1, "1969-12-31T23:59:59.999999Z"),
            (0, "1970-01-01T00:00:00Z"),
        ] as [(Int64, String)])
    func format(micros: Int64, text: String) {
        #expect(Timestamp(microseconds: micros).description == text)
        #expect(Timestamp(iso8601: text)?.microseconds == micros)
    }
}
