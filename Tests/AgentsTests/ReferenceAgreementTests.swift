import Agents
import Foundation
import Testing

/// Agreement with the Python reference (python/warden_features) on a generated log with late events, odd
/// spellings and malformed records: Tests/Fixtures/wifi, written by python/fixtures/wifi_reference.py.
@Suite("Agreement with the Python reference implementation")
struct ReferenceAgreementTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wifi")
    static let slots = [
        "id", "ts", "timestamp", "ap", "bssid", "client_mac", "ssid", "event_type", "level", "signal_dbm",
        "data_rate_mbps", "packet_loss", "message",
    ]

    struct Run: Decodable {
        var config: [Int64]
        var summary: [String: Int]
        var windows: [Window]
    }

    struct Window: Decodable, Equatable {
        var entity: String
        var start: Int64
        var end: Int64
        var count: Int
        var features: [String]?

        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            entity = try c.decode(String.self)
            start = try c.decode(Int64.self)
            end = try c.decode(Int64.self)
            count = try c.decode(Int.self)
            features = try c.decodeIfPresent([String].self)
        }
    }

    /// The typed records: (arrival id, fields) or (arrival id, nil) for a line that is not an object.
    static func records() throws -> [(Int64, [String: RawField]?)] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("records.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let array = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            let arrival = Int64(try #require(array[0] as? Int))
            guard array.count > 1 else { return (arrival, nil) }
            var fields: [String: RawField] = [:]
            for (slot, name) in slots.enumerated() {
                guard let typed = array[slot + 1] as? String, let kind = typed.first else { continue }
                let value = String(typed.dropFirst())
                switch kind {
                case "b": fields[name] = .bool(value == "true")
                case "i": fields[name] = .integer(try #require(Int64(value)))
                case "f": fields[name] = .number(try #require(Double(value)))
                default: fields[name] = RawField(value)
                }
            }
            return (arrival, fields)
        }
    }

    @Test("the same windows, counters and features (within 1e-12 · max(1, |x|)) for two configurations")
    func agree() throws {
        let expected = try JSONDecoder().decode(
            [String: [Run]].self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("windows.json")))
        let records = try Self.records()
        let parser = LogRecordParser()
        for run in try #require(expected["runs"]) {
            let config = try ExtractorConfiguration(
                windowSeconds: run.config[0], graceSeconds: run.config[1], minEvents: Int(run.config[2]))
            var extractor = WindowExtractor(configuration: config)
            var malformed = 0
            var closed: [ClosedWindow] = []
            for (arrival, fields) in records {
                guard let fields else {
                    malformed += 1
                    continue
                }
                do {
                    closed += extractor.push(try parser.parse(fields: fields, arrivalID: arrival))
                } catch {
                    #expect(error.code == .malformedRecord)
                    malformed += 1
                }
            }
            closed += extractor.finish()
            let c = extractor.counters
            #expect(
                [
                    "records": records.count, "events": c.events, "scored": c.scored, "skipped": c.skipped,
                    "late": c.late, "malformed": malformed,
                ] == run.summary, "\(config)")
            #expect(closed.count == run.windows.count)
            var identical = 0
            var total = 0
            for (got, want) in zip(closed, run.windows) {
                #expect(got.entity == want.entity && got.start == want.start && got.end == want.end)
                #expect(got.eventCount == want.count)
                #expect(got.isSkipped == (want.features == nil))
                guard let features = got.features, let reference = want.features else { continue }
                for (name, (x, text)) in zip(WiFiFeatures.names, zip(features, reference)) {
                    let r = try #require(Double(text))
                    total += 1
                    if x == r { identical += 1 }
                    #expect(abs(x - r) <= 1e-12 * max(1, abs(r)), "\(want.entity) \(want.start) \(name): \(x) vs \(r)")
                }
            }
            #expect(total > 0)
            #expect(identical == total, "\(identical) of \(total) feature values are bit-identical")
        }
    }
}
