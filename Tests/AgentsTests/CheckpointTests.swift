import Agents
import Foundation
import Testing

@Suite("WindowExtractor checkpoints: exactly-once resumption")
struct CheckpointTests {
    static let config = try! ExtractorConfiguration(windowSeconds: 10, graceSeconds: 3, minEvents: 3)

    /// A seeded stream in id order: mostly advancing time over four APs, with late and slightly early events.
    static func stream(seed: UInt64, count: Int) -> [LogEvent] {
        var rng = SeededGenerator(seed: seed)
        var t = monday10
        let aps = ["ap-1", "ap-2", "ap-3", "ap-\u{E9}"]
        let types: [LogEventType] = [.deauth, .data, .beacon, .authFailure, .probe, .other("dhcp")]
        return (1...count).map { i in
            t += Int64.random(in: 0...2_500_000, using: &rng)
            var ts = t
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: ts -= Int64.random(in: 5...30, using: &rng) * second  // often late
            case 1: ts -= Int64.random(in: 0...4, using: &rng) * second  // within grace
            default: break
            }
            return LogEvent(
                id: Int64(i), ts: ts, ap: aps[Int.random(in: 0..<aps.count, using: &rng)],
                clientMAC: MACAddress(rawValue: UInt64.random(in: 0..<8, using: &rng)),
                ssid: Bool.random(using: &rng) ? "corp" : nil,
                eventType: types[Int.random(in: 0..<types.count, using: &rng)],
                signalDBm: Double(Int.random(in: -90 ... -30, using: &rng)))
        }
    }

    static func run(_ x: inout WindowExtractor, _ events: ArraySlice<LogEvent>) -> [ClosedWindow] {
        var out: [ClosedWindow] = []
        for e in events { out += x.push(e) }
        return out
    }

    /// Events from the checkpoint's resume position on (ids are 1-based positions).
    static func remainder(_ events: [LogEvent], from checkpoint: ExtractorCheckpoint) -> ArraySlice<LogEvent> {
        let position = checkpoint.resumePosition
        let start = position <= 1 ? 0 : min(events.count, Int(clamping: position - 1))
        return events[start...]
    }

    static func roundTrip(_ checkpoint: ExtractorCheckpoint) throws -> ExtractorCheckpoint {
        try JSONDecoder().decode(ExtractorCheckpoint.self, from: JSONEncoder().encode(checkpoint))
    }

    @Test(
        "cut at every position, checkpoint, resume from resume_position: same windows and counters",
        arguments: [1, 2, 3])
    func everyCut(seed: UInt64) throws {
        let events = Self.stream(seed: seed, count: 240)
        var whole = WindowExtractor(configuration: Self.config)
        let expected = Self.run(&whole, events[...]) + whole.finish()
        #expect(whole.counters.late > 0)
        #expect(whole.counters.skipped > 0)
        #expect(whole.counters.scored > 10)
        for k in 0...events.count {
            var first = WindowExtractor(configuration: Self.config)
            var got = Self.run(&first, events[..<k])
            let checkpoint = try Self.roundTrip(first.checkpoint)
            var resumed = try WindowExtractor(configuration: Self.config, resumingFrom: checkpoint)
            got += Self.run(&resumed, Self.remainder(events, from: checkpoint)) + resumed.finish()
            #expect(got == expected, "cut at \(k)")
            #expect(resumed.counters == whole.counters, "cut at \(k)")
            if got != expected || resumed.counters != whole.counters { return }
        }
    }

    @Test("a checkpoint taken while replaying, resumed again, still gives the uninterrupted result")
    func cutDuringReplay() throws {
        let events = Self.stream(seed: 7, count: 200)
        var whole = WindowExtractor(configuration: Self.config)
        let expected = Self.run(&whole, events[...]) + whole.finish()
        var rng = SeededGenerator(seed: 11)
        for k in stride(from: 0, through: events.count, by: 3) {
            var first = WindowExtractor(configuration: Self.config)
            var got = Self.run(&first, events[..<k])
            let c1 = first.checkpoint
            var second = try WindowExtractor(configuration: Self.config, resumingFrom: c1)
            let rest = Self.remainder(events, from: c1)
            let replays = rest.prefix { $0.id <= (c1.lastSeenID ?? .min) }.count
            let m = Int.random(in: 0...(replays + 2), using: &rng)
            got += Self.run(&second, rest.prefix(m))
            let c2 = try Self.roundTrip(second.checkpoint)
            var third = try WindowExtractor(configuration: Self.config, resumingFrom: c2)
            got += Self.run(&third, Self.remainder(events, from: c2)) + third.finish()
            #expect(got == expected, "cut at \(k), then after \(m) of \(replays) replays")
            #expect(third.counters == whole.counters)
            if got != expected { return }
        }
    }

    @Test("resume position is the smallest id in an open window, else the last id + 1, else Int64.min")
    func resumePosition() throws {
        var x = WindowExtractor(configuration: Self.config)
        #expect(x.checkpoint.resumePosition == .min)
        #expect(x.checkpoint.lastSeenID == nil)
        _ = x.push(LogEvent(id: 5, ts: monday10 + 2 * second, ap: "a"))
        _ = x.push(LogEvent(id: 6, ts: monday10 + 11 * second, ap: "b"))
        #expect(x.checkpoint.resumePosition == 5)
        _ = x.push(LogEvent(id: 7, ts: monday10 + 13 * second, ap: "b"))  // closes a's window
        #expect(x.checkpoint.resumePosition == 6)
        _ = x.finish()
        #expect(x.checkpoint.resumePosition == 8)
        #expect(x.checkpoint.lastSeenID == 7)
        #expect(x.checkpoint.watermark == monday10 + 13 * second)
    }

    @Test("refuses a checkpoint written with another configuration")
    func mismatch() throws {
        let checkpoint = WindowExtractor(configuration: Self.config).checkpoint
        do {
            _ = try WindowExtractor(configuration: .standard, resumingFrom: checkpoint)
            Issue.record("expected checkpoint_mismatch")
        } catch {
            #expect(error.code == .checkpointMismatch)
        }
    }

    @Test("encodes checkpoints with snake_case keys")
    func coding() throws {
        var x = WindowExtractor(configuration: Self.config)
        _ = x.push(LogEvent(id: 5, ts: 2_000_000, ap: "a"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(x.checkpoint)) as? [String: Any]
        #expect(
            Set(json?.keys.map { $0 } ?? []) == [
                "resume_position", "last_seen_id", "watermark", "counters", "configuration",
            ])
        #expect(json?["resume_position"] as? Int == 5)
    }
}
