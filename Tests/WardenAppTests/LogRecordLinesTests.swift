import Agents
import DataFormats
import Foundation
import Testing
import TestSupport
import WardenApp

/// JSON lines read by `LogRecords.readLines` from a stream in chunks of `chunkSize` bytes.
private func lines(
    _ text: String, chunkSize: Int = 1 << 20, maxLineBytes: Int = LogRecords.maxLineBytes,
    parser: LogRecordParser = LogRecordParser()
) throws -> LogRecords.Parsed {
    try LogRecords.readLines(
        from: MemoryStream(Array(text.utf8)), parser: parser, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
}

/// The same lines read the long way: each line a JSON tree (`JSONValue.parse`), then `parse(objects:)`.
private func viaTrees(_ text: String) -> LogRecords.Parsed {
    var objects: [JSONValue] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
        if trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        objects.append((try? JSONValue.parse(trimmed.utf8)) ?? .null)
    }
    return LogRecords.parse(objects: objects, parser: LogRecordParser())
}

private func reasons(_ p: LogRecords.Parsed) -> [String] {
    p.malformed.map { "\($0.arrivalID) \($0.field?.name ?? "-") \($0.reason.rawValue)" }
}

@Suite("LogRecords.readLines")
struct LogRecordLinesTests {
    static let record = #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-01","client_mac":"AABB.CC00.1122","level":4}"#

    @Test("reads the sample logs exactly as the JSON tree path does, in any chunk size")
    func sampleLogs() throws {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("samples/wifi-anomaly/logs.jsonl"), encoding: .utf8)
        let expected = viaTrees(text)
        #expect(expected.events.count > 10_000)
        for chunk in [1 << 20, 4096, 333] {
            let parsed = try lines(text, chunkSize: chunk)
            #expect(parsed.events == expected.events, "chunk \(chunk)")
            // The same records refused for the same reasons (a line that is not JSON also says why, here).
            #expect(reasons(parsed) == reasons(expected), "chunk \(chunk)")
            #expect(
                parsed.malformed.filter { $0.reason != .notARecord }
                    == expected.malformed.filter { $0.reason != .notARecord })
        }
    }

    @Test("decodes escapes in values and keys")
    func escapes() throws {
        let p = try lines(
            #"{"ts":"2026-01-05T10:00:00Z","\u0061p":"ap\u002d01","ssid":"caf\u00e9 \"x\" \\ \ud83d\ude00","#
                + #""event_type":"de\u0061uth","message":"a\tb\nc"}"#)
        let e = try #require(p.events.first)
        #expect(e.ap == "ap-01")
        #expect(e.ssid == "café \"x\" \\ 😀")
        #expect(e.eventType == .deauth)
        #expect(e.message == "a\tb\nc")
    }

    @Test("keeps UTF-8 text exactly, APs and SSIDs case-sensitive")
    func unicode() throws {
        let p = try lines(#"{"ts":"2026-01-05T10:00:00Z","ap":"Hörsaal-Ö","ssid":"Café ☕ 🛜","bssid":"AA:BB:CC:00:11:22"}"#)
        let e = try #require(p.events.first)
        #expect(e.ap == "Hörsaal-Ö")
        #expect(e.ssid == "Café ☕ 🛜")
        #expect(e.bssid?.description == "aa:bb:cc:00:11:22")
    }

    @Test("skips a byte-order mark, CRLF line ends and blank lines; arrival ids count the records")
    func lineEnds() throws {
        let text = "\u{FEFF}" + Self.record + "\r\n\r\n  \t\n" + Self.record.replacingOccurrences(of: "ap-01", with: "ap-02")
            + "\r\n\n"
        for chunk in [1, 5, 1 << 20] {
            let p = try lines(text, chunkSize: chunk)
            #expect(p.events.map(\.id) == [1, 2], "chunk \(chunk)")
            #expect(p.events.map(\.ap) == ["ap-01", "ap-02"])
            #expect(p.events[0].level == .warning)
            #expect(p.events[0].clientMAC?.description == "aa:bb:cc:00:11:22")
            #expect(p.malformed.isEmpty)
        }
    }

    @Test("a line that is not a JSON object is one malformed record naming its line; the lines after it are read")
    func badLine() throws {
        let text = Self.record + "\n\n{\"ts\": \"2026-01-05T10:00:01Z\", \"ap\": }\n[1, 2]\n42\n" + Self.record + "\n"
        let p = try lines(text)
        #expect(p.events.map(\.id) == [1, 5])
        #expect(reasons(p) == ["2 - not_a_record", "3 - not_a_record", "4 - not_a_record"])
        #expect(p.malformed[0].value?.hasPrefix("line 3: the input is not valid JSON") == true, "\(p.malformed[0])")
        #expect(p.malformed[1].value == "line 4: an array, not an object")
        #expect(reasons(p) == reasons(viaTrees(text)))
    }

    @Test("ignores unknown fields, and refuses arrays, objects and wrong types where the contract wants a value")
    func fieldTypes() throws {
        let text = [
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","extra":{"a":[1,{"b":null}]},"vendor":"x","Ap":"no"}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","ssid":{"x":1}}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","signal_dbm":[1]}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":7}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","id":1.5}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","level":4.0,"id":"12"}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","signal_dbm":"-61.5","packet_loss":NaN}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","level":3,"signal_dbm":-61,"data_rate_mbps":1e2}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","ts":"2026-01-05T10:00:01Z"}"#,
        ].joined(separator: "\n")
        let p = try lines(text)
        #expect(
            reasons(p) == [
                "2 ssid not_text", "3 signal_dbm not_a_number", "4 ap not_text", "5 id not_an_integer",
                "7 packet_loss not_finite", "9 - not_a_record",
            ])
        #expect(p.malformed[2].value == "7")
        #expect(p.events.map(\.id) == [1, 12, 8])
        #expect(p.events[1].level == .info)
        #expect(p.events[2].level == .error)
        #expect(p.events[2].signalDBm == -61)
        #expect(p.events[2].dataRateMbps == 100)
        #expect(reasons(p) == reasons(viaTrees(text)))
        #expect(p.events == viaTrees(text).events)
    }

    @Test("missing and invalid fields are the parser's malformed records, as on every other path")
    func missingFields() throws {
        let text = [
            #"{"ap":"ap-1"}"#, #"{"ts":"2026-01-05 10:00:00","ap":"ap-1"}"#, #"{"ts":"2026-01-05T10:00:00Z"}"#,
            #"{"ts":"2026-01-05T10:00:00Z","ap":"","ssid":""}"#, #"{"ts":"2026-01-05T10:00:00Z","ap":"a","bssid":"zz"}"#,
            #"{"timestamp":"2026-01-05T10:00:00Z","message":"event_type=deauth ap=ap-9 level=warning"}"#,
        ].joined(separator: "\n")
        let p = try lines(text, parser: LogRecordParser(keepsMessages: false))
        #expect(reasons(p) == ["1 ts missing", "2 ts not_a_timestamp", "3 ap missing", "4 ap missing", "5 bssid not_a_mac_address"])
        let e = try #require(p.events.first)
        #expect(e.ap == "ap-9")
        #expect(e.eventType == .deauth)
        #expect(e.level == .warning)
        #expect(e.message == nil)
        #expect(try lines(text).events.first?.message == "event_type=deauth ap=ap-9 level=warning")
    }

    @Test("a line may have exactly maxLineBytes bytes; a longer one is an error naming it")
    func lineLimit() throws {
        let short = #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-1","pad":""}"#
        let exact = short.replacingOccurrences(of: #""pad":"""#, with: #""pad":""# + String(repeating: "x", count: 100 - short.utf8.count) + "\"")
        #expect(exact.utf8.count == 100)
        for chunk in [7, 64, 1 << 20] {
            #expect(try lines(exact + "\r\n" + exact, chunkSize: chunk, maxLineBytes: 101).events.count == 2)
            let error = #expect(throws: AppError.self) {
                _ = try lines(short + "\n" + exact + "y\n" + short, chunkSize: chunk, maxLineBytes: 100)
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.message.hasPrefix("line 2 is longer than 100 bytes") == true, "\(error?.message ?? "")")
        }
        #expect(LogRecords.maxLineBytes == 1 << 20)
    }

    @Test("a record with more members than the limit is malformed, and reading goes on")
    func memberLimit() throws {
        let many = (0...LogRecords.maxMembers).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let p = try lines("{\"ts\":\"2026-01-05T10:00:00Z\",\"ap\":\"a\"," + many + "}\n" + Self.record)
        #expect(reasons(p) == ["1 - not_a_record"])
        #expect(p.malformed[0].value?.contains("more than 256 members") == true)
        #expect(p.events.map(\.id) == [2])
    }

    @Test("parse(text:) reads JSON lines the same way, and a .jsonl file is streamed without its messages if asked")
    func sameOnEveryPath() throws {
        let text = Self.record + "\n{oops}\n" + #"{"ts":"2026-01-05T10:00:00Z","ap":"ap-2","message":"hello"}"#
        let fromText = try LogRecords.parse(text: Array(text.utf8), parser: LogRecordParser())
        let streamed = try lines(text)
        #expect(fromText.events == streamed.events)
        #expect(fromText.malformed == streamed.malformed)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warden-lines-\(UUID()).jsonl")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let source = try FileLogSource(path: file.path, parser: LogRecordParser(keepsMessages: false))
        #expect(source.all.events.map(\.ap) == ["ap-01", "ap-2"])
        #expect(source.all.events.allSatisfy { $0.message == nil })
        #expect(try FileLogSource(path: file.path).all.events.last?.message == "hello")
        #expect(source.all.malformed.map(\.arrivalID) == [2])
    }

    @Test("several workers parse parts of each round at once and give exactly what one gives", arguments: [2, 3])
    func workers(_ n: Int) throws {
        let sample = try String(contentsOf: Fixtures.root.appendingPathComponent("samples/wifi-anomaly/logs.jsonl"), encoding: .utf8)
        let odd = "\u{FEFF}\r\n" + Self.record + "\n  \n{bad\n[1]\n" + sample.prefix(20_000) + "\n\n" + Self.record
        for text in [sample, odd] {
            let one = try lines(text, chunkSize: 4096)
            for chunk in [100, 4096, 1 << 20] {
                let many = try LogRecords.readLines(
                    from: MemoryStream(Array(text.utf8)), parser: LogRecordParser(), chunkSize: chunk, workers: n)
                #expect(many.events == one.events, "chunk \(chunk)")
                #expect(many.malformed == one.malformed, "chunk \(chunk)")
            }
        }
        let long = Self.record + "\n" + Self.record + String(repeating: " ", count: 200) + "\n" + Self.record
        let error = #expect(throws: AppError.self) {
            _ = try LogRecords.readLines(
                from: MemoryStream(Array(long.utf8)), parser: LogRecordParser(), maxLineBytes: 150, chunkSize: 64,
                workers: n)
        }
        #expect(error?.message.hasPrefix("line 2 is longer than 150 bytes") == true, "\(error?.message ?? "")")
    }
}
