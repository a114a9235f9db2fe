import Agents
import Testing

/// The windowing rules written as plainly as possible (a dictionary of open windows, every window rescanned on
/// every event), to check the optimised extractor against on random streams.
struct NaiveExtractor {
    let width: Int64
    let grace: Int64
    let minEvents: Int
    var open: [String: [LogEvent]] = [:]
    var starts: [String: Int64] = [:]
    var names: [String: [UInt8]] = [:]
    var watermark: Int64? = nil
    var counters = ExtractorCounters()

    init(_ c: ExtractorConfiguration) {
        width = c.windowSeconds * 1_000_000
        grace = c.graceSeconds * 1_000_000
        minEvents = c.minEvents
    }

    mutating func push(_ e: LogEvent) -> [ClosedWindow] {
        var start = e.ts / width * width
        if start > e.ts { start -= width }
        if let w = watermark, w >= start + width + grace {
            counters.late += 1
            return []
        }
        // Keys by bytes: Swift's String keys would merge canonically equivalent names.
        let key = "\(start)|" + Array(e.ap.utf8).map { String($0) }.joined(separator: ",")
        open[key, default: []].append(e)
        starts[key] = start
        names[key] = Array(e.ap.utf8)
        counters.events += 1
        let mark = max(watermark ?? e.ts, e.ts)
        watermark = mark
        return close(through: mark)
    }

    mutating func finish() -> [ClosedWindow] { close(through: nil) }

    mutating func close(through mark: Int64?) -> [ClosedWindow] {
        let (starts, span) = (self.starts, width + grace)
        let keys = open.keys.filter { mark == nil || starts[$0]! + span <= mark! }.sorted { a, b in
            starts[a]! != starts[b]! ? starts[a]! < starts[b]! : names[a]!.lexicographicallyPrecedes(names[b]!)
        }
        return keys.map { key in
            let events = open.removeValue(forKey: key)!
            let skipped = events.count < minEvents
            if skipped { counters.skipped += 1 } else { counters.scored += 1 }
            return ClosedWindow(
                entity: String(decoding: names[key]!, as: UTF8.self), start: starts[key]!,
                end: starts[key]! + width, eventCount: events.count, firstEventID: events.map(\.id).min()!,
                lastEventID: events.map(\.id).max()!, features: skipped ? nil : try! WiFiFeatures.compute(events))
        }
    }
}

@Suite("WindowExtractor against a naive model of the rules")
struct ExtractorModelTests {
    static func stream(seed: UInt64, count: Int, aps: Int) -> [LogEvent] {
        var rng = SeededGenerator(seed: seed)
        var t: Int64 = -3_000_000_000  // crosses the epoch
        // Names of more than 16 bytes take other paths than short ones (packed into two words).
        let ssids =
            [
                "corp", "Corp", "caf\u{E9}", "cafe\u{301}", "exactly-16-bytes", "Corporate Guest Network 5GHz",
                "Corporate Guest Network 2GHz",
            ]
            + (0..<12).map { "wlan-\($0)" }
        return (1...count).map { i in
            t += Int64.random(in: 0...400_000, using: &rng)
            let late = Int.random(in: 0..<15, using: &rng) == 0
            let ts = late ? t - Int64.random(in: 0...40_000_000, using: &rng) : t
            // Half the events on three busy APs, the rest spread over all of them.
            let busy = Bool.random(using: &rng)
            let ap = Int.random(in: 0..<(busy ? min(aps, 3) : aps), using: &rng)
            return LogEvent(
                id: Int64(Int.random(in: 0..<4, using: &rng) == 0 ? i - 3 : i), ts: ts,
                ap: ap % 7 == 3
                    ? "ap-\u{E9}\(ap)"
                    : ap % 7 == 4
                        ? "ap-e\u{301}\(ap - 1)" : ap % 7 == 5 ? "building-7-floor-3-east-wing-ap-\(ap)" : "ap-\(ap)",
                bssid: MACAddress(rawValue: UInt64.random(in: 0..<30, using: &rng)),
                clientMAC: Bool.random(using: &rng)
                    ? MACAddress(rawValue: UInt64.random(in: 0..<30, using: &rng)) : nil,
                ssid: Int.random(in: 0..<5, using: &rng) == 0
                    ? nil : ssids[Int.random(in: 0..<ssids.count, using: &rng)],
                eventType: [.deauth, .beacon, .authFailure, .data][Int.random(in: 0..<4, using: &rng)],
                level: [.info, .warning, .error][Int.random(in: 0..<3, using: &rng)],
                signalDBm: Bool.random(using: &rng) ? Double(Int.random(in: -90 ... -30, using: &rng)) : nil,
                dataRateMbps: Bool.random(using: &rng) ? 54 : nil,
                packetLoss: Bool.random(using: &rng) ? Double.random(in: 0..<1, using: &rng) : nil)
        }
    }

    @Test(
        "closes the same windows with the same features and counters as the naive model",
        arguments: [(UInt64(1), 3), (2, 40), (3, 300), (4, 1000)])
    func agrees(seed: UInt64, aps: Int) throws {
        let config = try ExtractorConfiguration(windowSeconds: 5, graceSeconds: 2, minEvents: 3)
        var fast = WindowExtractor(configuration: config)
        var naive = NaiveExtractor(config)
        var a: [ClosedWindow] = []
        var b: [ClosedWindow] = []
        for e in Self.stream(seed: seed, count: 6000, aps: aps) {
            a += fast.push(e)
            b += naive.push(e)
        }
        a += fast.finish()
        b += naive.finish()
        #expect(a.count == b.count)
        #expect(a.map { Array($0.entity.utf8) } == b.map { Array($0.entity.utf8) })
        #expect(a == b)
        #expect(fast.counters == naive.counters)
        #expect(fast.counters.late > 0 && fast.counters.skipped > 0 && fast.counters.scored > 0)
        #expect(fast.openWindowCount == 0)
    }
}
