import Agents
import Testing

@Suite("Message-only records: fields read from the message text")
struct MessagePatternTests {
    static var ts: RawField { "2026-01-05T10:00:00Z" }

    func parse(_ message: String, parser: LogRecordParser = LogRecordParser(), extra: [String: RawField] = [:])
        throws(AgentsError) -> LogEvent
    {
        var fields: [String: RawField] = ["ts": Self.ts, "message": RawField(message)]
        fields.merge(extra) { _, new in new }
        return try parser.parse(fields: fields, arrivalID: 31)
    }

    @Test("reads the contract's example with key=value")
    func contractExample() throws {
        let text = "event_type=deauth ap=ap-12 client_mac=AA:BB:CC:00:11:22 ssid=corp signal_dbm=-71 level=warning"
        let e = try parse(text)
        #expect(e.id == 31)
        #expect(e.ap == "ap-12")
        #expect(e.eventType == .deauth)
        #expect(e.clientMAC?.description == "aa:bb:cc:00:11:22")
        #expect(e.ssid == "corp")
        #expect(e.signalDBm == -71)
        #expect(e.level == .warning)
        #expect(e.message == text)
    }

    @Test("reads quoted values with escapes; ignores ts=, id= and unknown keys; the last repeat wins")
    func quoting() throws {
        let e = try parse(
            #"ts=1999-01-01T00:00:00Z id=99 ap=ap-1 ssid="Guest \"WiFi\" \\ 5" note="ap=ap-9 ssid=x" ap=ap-2"#)
        #expect(e.ts == 1_767_607_200_000_000)
        #expect(e.id == 31)
        #expect(e.ap == "ap-2")
        #expect(e.ssid == #"Guest "WiFi" \ 5"#)
    }

    @Test(
        "follows the pair grammar: a pair starts after whitespace, an unclosed quote is a plain token",
        arguments: [
            ("ap=a1", "a1"), ("x ap=a1", "a1"), ("xap=a1 ap=a2", "a2"), ("ap=a1,ssid=s", "a1,ssid=s"),
            ("ap=\"a 1\"tail", "a 1"), ("ap=\"a1", "\"a1"), ("ap=\"a\\", "\"a\\"), ("ap=a1\tssid=s", "a1"),
            ("ap=a1\u{3000}x", "a1"), ("\u{A0}ap=a1", "a1"), ("k=\"ap=a2\" ap=a3", "a3"), ("ap==a", "=a"),
            ("ap=\"\" ap=a4", "a4"), ("_ap=x ap=a5", "a5"), ("AP=x ap=a6", "a6"),
        ])
    func grammar(text: String, ap: String) throws {
        #expect(try parse(text).ap == ap)
    }

    @Test("an empty value is null: a message without an ap is malformed")
    func emptyValue() {
        #expect(throws: AgentsError.self) { try parse("ap= event_type=deauth") }
        #expect(throws: AgentsError.self) { try parse("nothing to see") }
        do {
            _ = try parse("event_type=deauth")
        } catch {
            #expect(error.malformedRecord == MalformedRecord(arrivalID: 31, field: .ap, reason: .missing))
        }
    }

    @Test("a field the record sets wins over the message; the message is read only without ap and event_type")
    func recordWins() throws {
        let e = try parse("ap=ap-1 ssid=from-message level=error", extra: ["ssid": "own", "level": nil])
        #expect(e.ssid == "own")
        #expect(e.level == .error)
        let notMessageOnly = try parse("ap=ap-1 ssid=x", extra: ["ap": "ap-own"])
        #expect(notMessageOnly.ssid == nil)
        #expect(notMessageOnly.ap == "ap-own")
    }

    @Test("message values are normalised and validated like record values")
    func messageValuesValidated() throws {
        #expect(try parse("ap=a bssid=aabb.cc00.1122 level=3").bssid?.description == "aa:bb:cc:00:11:22")
        do {
            _ = try parse("ap=a signal_dbm=strong")
            Issue.record("expected a malformed record")
        } catch {
            #expect(error.malformedRecord?.field == .signalDBm)
        }
    }

    @Test("regex patterns read named groups; patterns are tried in order and the first with a field wins")
    func regexPatterns() throws {
        let cisco = try MessagePattern.regex(
            #"^(?P<level>\w+) (?<ap>ap-\d+): (?<event_type>deauth|disassoc) "#
                + #"(?:client )?(?<client_mac>[0-9a-fA-F.:-]{14,17})(?: rssi (?<signal_dbm>-?\d+))?"#)
        let parser = LogRecordParser(patterns: [cisco, .keyValue])
        let e = try parse("WARN ap-7: deauth client AABB.CC00.1122", parser: parser)
        #expect(e.ap == "ap-7")
        #expect(e.level == .warning)
        #expect(e.eventType == .deauth)
        #expect(e.clientMAC?.description == "aa:bb:cc:00:11:22")
        #expect(e.signalDBm == nil)
        let fallback = try parse("ap=ap-3 event_type=beacon", parser: parser)
        #expect(fallback.ap == "ap-3")
        #expect(fallback.eventType == .beacon)
    }

    @Test("rejects a regex that does not compile or names no field")
    func badRegex() {
        #expect(throws: AgentsError.self) { try MessagePattern.regex("(?<ap>") }
        do {
            _ = try MessagePattern.regex("(?<access_point>ap-\\d+)")
            Issue.record("expected invalid_pattern")
        } catch {
            #expect(error.code == .invalidPattern)
            #expect(error.message.contains("no named group"))
        }
    }
}
