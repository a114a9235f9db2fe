import Agents
import Testing

/// A Sendable stand-in for RawField in argument tables.
enum Raw: Sendable, CustomTestStringConvertible {
    case text(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null

    var field: RawField {
        switch self {
        case .text(let s): return RawField(s)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .bool(let b): return .bool(b)
        case .null: return .null
        }
    }

    var testDescription: String { "\(field.debugText)" }
}

extension RawField {
    var debugText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .integer(let i): return "\(i)"
        case .number(let d): return "\(d)"
        case .string(let s): return "\"\(s)\""
        case .utf8(let b): return "\"\(String(decoding: b, as: UTF8.self))\""
        }
    }
}

@Suite("LogRecordParser: records to normalised events")
struct LogRecordParserTests {
    let parser = LogRecordParser()
    static var ts: RawField { "2026-01-05T10:00:00Z" }
    static let tsMicros: Int64 = 1_767_607_200_000_000

    func parse(_ fields: [String: RawField], arrivalID: Int64 = 7) throws(AgentsError) -> LogEvent {
        try parser.parse(fields: fields, arrivalID: arrivalID)
    }

    func malformed(_ fields: [String: RawField]) -> MalformedRecord? {
        do {
            _ = try parse(fields)
            return nil
        } catch {
            #expect(error.code == .malformedRecord)
            return error.malformedRecord
        }
    }

    @Test("parses a complete record, normalising MACs and the level")
    func complete() throws {
        let e = try parse([
            "id": 42, "ts": Self.ts, "ap": "ap-01", "bssid": "AA-BB-CC-00-11-22", "client_mac": "f0f1.f2f3.f4f5",
            "ssid": "Guest WiFi", "event_type": "deauth", "level": "WARN", "signal_dbm": -61, "data_rate_mbps": "144.4",
            "packet_loss": 0.02, "message": "deauth sent", "extra": "ignored",
        ])
        #expect(e.id == 42)
        #expect(e.ts == Self.tsMicros)
        #expect(e.ap == "ap-01")
        #expect(e.bssid?.description == "aa:bb:cc:00:11:22")
        #expect(e.clientMAC?.description == "f0:f1:f2:f3:f4:f5")
        #expect(e.ssid == "Guest WiFi")
        #expect(e.eventType == .deauth)
        #expect(e.level == .warning)
        #expect(e.signalDBm == -61)
        #expect(e.dataRateMbps == 144.4)
        #expect(e.packetLoss == 0.02)
        #expect(e.message == "deauth sent")
    }

    @Test("a minimal record gets the defaults: arrival id, type other, level info, nil fields")
    func minimal() throws {
        let e = try parse(["ts": Self.ts, "ap": "ap-01"], arrivalID: 9)
        #expect(e == LogEvent(id: 9, ts: Self.tsMicros, ap: "ap-01", eventType: .other("other"), level: .info))
    }

    @Test("empty strings are null in every field")
    func emptyIsNull() throws {
        let e = try parse([
            "id": "", "ts": Self.ts, "ap": "ap-01", "bssid": "", "client_mac": "", "ssid": "", "event_type": "",
            "level": "", "signal_dbm": "", "data_rate_mbps": "", "packet_loss": "", "message": "",
        ])
        #expect(e == LogEvent(id: 7, ts: Self.tsMicros, ap: "ap-01"))
        #expect(malformed(["ts": Self.ts, "ap": ""]) == MalformedRecord(arrivalID: 7, field: .ap, reason: .missing))
        #expect(malformed(["ts": "", "ap": "a"]) == MalformedRecord(arrivalID: 7, field: .ts, reason: .missing))
    }

    @Test(
        "maps level words case-insensitively and syslog severities",
        arguments: [
            ("emerg", LogLevel.error), ("EMERGENCY", .error), ("Alert", .error), ("crit", .error), ("CRITICAL", .error),
            ("err", .error), ("Error", .error), ("panic", .error), ("FATAL", .error), ("warn", .warning),
            ("WARNING", .warning), ("notice", .info), ("info", .info), ("Informational", .info), ("debug", .info),
            ("errors", .info), ("warn ", .info), ("0", .error), ("3", .error), ("4", .warning), ("5", .info),
            ("7", .info), ("8", .info), ("03", .error), ("99999999999999999999999", .info), ("-1", .info),
            ("+3", .info), ("3.0", .info),
        ] as [(String, LogLevel)])
    func levelWords(word: String, level: LogLevel) throws {
        #expect(try parse(["ts": Self.ts, "ap": "a", "level": RawField(word)]).level == level)
    }

    @Test(
        "maps JSON integer severities; other JSON types are info",
        arguments: [
            (Raw.integer(0), LogLevel.error), (.integer(2), .error), (.integer(4), .warning), (.integer(6), .info),
            (.integer(-3), .info), (.integer(12), .info), (.number(3.0), .info), (.bool(true), .info), (.null, .info),
        ])
    func levelNumbers(value: Raw, level: LogLevel) throws {
        #expect(try parse(["ts": Self.ts, "ap": "a", "level": value.field]).level == level)
    }

    @Test("reads seed 000's timestamp key when ts is absent, null or empty; ts wins when both are set")
    func timestampKey() throws {
        #expect(try parse(["timestamp": Self.ts, "ap": "a"]).ts == Self.tsMicros)
        #expect(try parse(["ts": nil, "timestamp": Self.ts, "ap": "a"]).ts == Self.tsMicros)
        #expect(try parse(["ts": "", "timestamp": Self.ts, "ap": "a"]).ts == Self.tsMicros)
        #expect(
            try parse(["ts": "2026-01-05T10:00:01Z", "timestamp": Self.ts, "ap": "a"]).ts == Self.tsMicros + 1_000_000)
        #expect(
            malformed(["timestamp": "2026-01-05 10:00:00", "ap": "a"])
                == MalformedRecord(
                    arrivalID: 7, field: .timestamp, reason: .notATimestamp, value: "\"2026-01-05 10:00:00\""))
        #expect(malformed(["ts": 1_767_607_200, "ap": "a"])?.field == .ts)
        #expect(malformed(["ap": "a"]) == MalformedRecord(arrivalID: 7, field: .ts, reason: .missing))
    }

    @Test(
        "rejects non-numeric and non-finite measurements, naming the field",
        arguments: [
            ("signal_dbm", Raw.text("n/a"), MalformedRecord.Reason.notANumber),
            ("signal_dbm", .number(.nan), .notFinite),
            ("data_rate_mbps", .number(.infinity), .notFinite),
            ("packet_loss", .text("1e400"), .notFinite),
            ("packet_loss", .text("nan"), .notANumber),
            ("packet_loss", .text("inf"), .notANumber),
            ("signal_dbm", .text(" -61"), .notANumber),
            ("signal_dbm", .text("0x10"), .notANumber),
            ("signal_dbm", .text("1e"), .notANumber),
            ("signal_dbm", .text("."), .notANumber),
            ("signal_dbm", .bool(false), .notANumber),
        ])
    func badMeasurements(name: String, value: Raw, reason: MalformedRecord.Reason) throws {
        let record = malformed(["ts": Self.ts, "ap": "a", name: value.field])
        #expect(record?.field == LogField(name: name))
        #expect(record?.reason == reason)
    }

    @Test(
        "reads decimal strings and JSON numbers as Doubles",
        arguments: [
            (Raw.text("-61"), -61.0), (.text("1."), 1.0), (.text(".5"), 0.5), (.text("+2.5e-3"), 0.0025),
            (.text("1E2"), 100.0), (.text("0.1"), 0.1), (.integer(-70), -70.0), (.number(0.25), 0.25),
            (.text("1e-400"), 0.0),
        ])
    func goodMeasurements(value: Raw, expected: Double) throws {
        #expect(try parse(["ts": Self.ts, "ap": "a", "packet_loss": value.field]).packetLoss == expected)
    }

    @Test("reads random decimal literals to exactly the Double that strtod gives (fast path and fallback)")
    func decimalsMatchStrtod() throws {
        var rng = SeededGenerator(seed: 99)
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
        }
        for _ in 0..<20_000 {
            var text = ["", "-", "+"][Int.random(in: 0..<3, using: &rng)]
            let zeros = String(repeating: "0", count: Int.random(in: 0...3, using: &rng))
            let whole = digits(Int.random(in: 0...20, using: &rng))
            let fraction = digits(Int.random(in: 0...20, using: &rng))
            text += whole.isEmpty && fraction.isEmpty ? "0" : zeros + whole
            if !fraction.isEmpty || Bool.random(using: &rng) { text += "." + zeros + fraction }
            if Int.random(in: 0..<3, using: &rng) == 0 {
                text +=
                    ["e", "E"][Int.random(in: 0..<2, using: &rng)] + ["", "-", "+"][Int.random(in: 0..<3, using: &rng)]
                text += String(Int.random(in: 0...40, using: &rng))
            }
            guard let expected = Double(text), expected.isFinite else { continue }
            let got = try parse(["ts": Self.ts, "ap": "a", "signal_dbm": RawField(text)]).signalDBm
            #expect(got?.bitPattern == expected.bitPattern, "\(text)")
            if got?.bitPattern != expected.bitPattern { return }
        }
        for text in ["-0", "0.0", "-0.000", "9007199254740992", "9007199254740993", "1e22", "1e23", "4.35", "0.1e-22"] {
            let got = try parse(["ts": Self.ts, "ap": "a", "signal_dbm": RawField(text)]).signalDBm
            #expect(got?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test("rejects an invalid MAC in bssid or client_mac, naming the field")
    func badMAC() {
        #expect(
            malformed(["ts": Self.ts, "ap": "a", "client_mac": "not-a-mac"])
                == MalformedRecord(arrivalID: 7, field: .clientMAC, reason: .notAMACAddress, value: "\"not-a-mac\""))
        #expect(malformed(["ts": Self.ts, "ap": "a", "bssid": "aa:bb:cc:dd:ee"])?.field == .bssid)
    }

    @Test("rejects non-text values in text fields")
    func nonText() {
        #expect(malformed(["ts": Self.ts, "ap": 12])?.reason == .notText)
        #expect(malformed(["ts": Self.ts, "ap": "a", "ssid": true])?.field == .ssid)
        #expect(malformed(["ts": Self.ts, "ap": "a", "message": 1.5])?.field == .message)
    }

    @Test("keeps event types exactly; an unknown word is other(word); null is other")
    func eventTypes() throws {
        let cases: [(RawField, LogEventType)] = [
            ("auth_success", .authSuccess), ("auth_failure", .authFailure), ("assoc", .assoc), ("disassoc", .disassoc),
            ("deauth", .deauth), ("beacon", .beacon), ("probe", .probe), ("data", .data), ("roam", .roam),
            ("Deauth", .other("Deauth")), ("dhcp", .other("dhcp")), ("other", .other("other")), (nil, .other("other")),
        ]
        for (raw, type) in cases {
            #expect(try parse(["ts": Self.ts, "ap": "a", "event_type": raw]).eventType == type)
        }
        #expect(LogEventType.authFailure.name == "auth_failure")
    }

    @Test("uses the record's own id, or the arrival id; rejects ids that are not 64-bit integers")
    func ids() throws {
        #expect(try parse(["ts": Self.ts, "ap": "a", "id": 5]).id == 5)
        #expect(try parse(["ts": Self.ts, "ap": "a", "id": "-12"]).id == -12)
        #expect(try parse(["ts": Self.ts, "ap": "a", "id": "+12"]).id == 12)
        #expect(try parse(["ts": Self.ts, "ap": "a", "id": "-9223372036854775808"]).id == .min)
        #expect(try parse(["ts": Self.ts, "ap": "a", "id": nil], arrivalID: 3).id == 3)
        #expect(malformed(["ts": Self.ts, "ap": "a", "id": "9223372036854775808"])?.reason == .outOfRange)
        #expect(malformed(["ts": Self.ts, "ap": "a", "id": 5.0])?.reason == .notAnInteger)
        #expect(malformed(["ts": Self.ts, "ap": "a", "id": "5x"])?.reason == .notAnInteger)
        #expect(malformed(["ts": Self.ts, "ap": "a", "id": true])?.reason == .notAnInteger)
    }

    @Test("the error message names the record, the field, the value and the remedy")
    func message() {
        do {
            _ = try parse(["ts": Self.ts, "ap": "a", "signal_dbm": "n/a"], arrivalID: 17)
            Issue.record("expected a malformed record")
        } catch {
            #expect(
                error.message
                    == "record 17: signal_dbm is not a number: \"n/a\"; send a JSON number, a decimal string or null")
            #expect(error.code.description == "malformed_record")
        }
    }

    @Test("accepts text as UTF-8 buffer slices, as a byte-level reader hands them over")
    func utf8Slices() throws {
        let line = Array(
            #"ts=2026-01-05T10:00:00Z ap=ap-07 client_mac=AA:BB:CC:00:11:22 signal_dbm=-70.5 level=err"#.utf8)
        let event: LogEvent = try line.withUnsafeBufferPointer { (buffer) throws(AgentsError) -> LogEvent in
            var record = RawRecord()
            var start = 0
            for i in 0...buffer.count where i == buffer.count || buffer[i] == 0x20 {
                let pair = UnsafeBufferPointer(rebasing: buffer[start..<i])
                if let eq = pair.firstIndex(of: 0x3D) {
                    let key = UnsafeBufferPointer(rebasing: pair[..<eq])
                    let value = UnsafeBufferPointer(rebasing: pair[(eq + 1)...])
                    record.set(.utf8(value), forKey: key)
                }
                start = i + 1
            }
            let accepted = record.set(.utf8(buffer), forKey: UnsafeBufferPointer(rebasing: buffer[0..<1]))
            #expect(!accepted)
            return try parser.parse(fields: record, arrivalID: 1)
        }
        #expect(event.ts == Self.tsMicros)
        #expect(event.ap == "ap-07")
        #expect(event.clientMAC?.description == "aa:bb:cc:00:11:22")
        #expect(event.signalDBm == -70.5)
        #expect(event.level == .error)
    }

    @Test("drops messages when asked to")
    func dropsMessages() throws {
        let quiet = LogRecordParser(keepsMessages: false)
        #expect(try quiet.parse(fields: ["ts": Self.ts, "ap": "a", "message": "hello"], arrivalID: 1).message == nil)
    }
}
