import Agents
import Foundation
import Testing

@Suite("WindowExtractor: tumbling windows per AP, watermark, grace, lateness")
struct WindowExtractorTests {
    static let small = try! ExtractorConfiguration(windowSeconds: 10, graceSeconds: 3, minEvents: 2)

    func event(_ id: Int64, _ seconds: Double, _ ap: String = "ap-1") -> LogEvent {
        LogEvent(id: id, ts: monday10 + Int64(seconds * 1e6), ap: ap)
    }

    func summary(_ windows: [ClosedWindow]) -> [String] {
        windows.map { w in
            "\(w.entity)@\((w.start - monday10) / second):\(w.eventCount)\(w.isSkipped ? "s" : "")"
        }
    }

    @Test("groups by (ap, floor(ts / W) · W) and closes a window once the watermark is grace past its end")
    func closesAtGrace() {
        var x = WindowExtractor(configuration: Self.small)
        #expect(x.push(event(1, 0)).isEmpty)
        #expect(x.push(event(2, 9.999999)).isEmpty)
        #expect(x.push(event(3, 12.999999, "ap-2")).isEmpty)  // watermark 12.999999 < 10 + 3
        #expect(x.openWindowCount == 2)
        let closed = x.push(event(4, 13, "ap-2"))  // watermark reaches end + grace of [0, 10)
        #expect(summary(closed) == ["ap-1@0:2"])
        #expect(closed.first?.end == monday10 + 10 * second)
        #expect(closed.first?.firstEventID == 1)
        #expect(closed.first?.lastEventID == 2)
        #expect(closed.first?.features?.count == 17)
        #expect(x.counters == ExtractorCounters(events: 4, late: 0, scored: 1, skipped: 0))
        #expect(summary(x.finish()) == ["ap-2@10:2"])
        #expect(x.counters == ExtractorCounters(events: 4, late: 0, scored: 2, skipped: 0))
    }

    @Test(
        "an event is late when the watermark before it is at least its window's end + grace; late events change nothing"
    )
    func lateness() {
        var x = WindowExtractor(configuration: Self.small)
        _ = x.push(event(1, 0))
        _ = x.push(event(2, 1))
        _ = x.push(event(3, 12.5))  // [0,10) still open: 12.5 < 13
        #expect(x.push(event(4, 5)).isEmpty)  // joins the open window
        #expect(summary(x.push(event(5, 20))) == ["ap-1@0:3"])
        #expect(x.push(event(6, 9)).isEmpty)  // closed window: late
        #expect(x.push(event(7, 9, "ap-9")).isEmpty)  // never opened, past its grace: late
        #expect(x.push(event(8, 16.9, "ap-9")).isEmpty)  // [10,20) of ap-9: 20 < 23, accepted
        #expect(x.watermark == monday10 + 20 * second)
        #expect(x.counters.late == 2)
        #expect(x.counters.events == 6)
        #expect(summary(x.finish()) == ["ap-1@10:1s", "ap-9@10:1s", "ap-1@20:1s"])
        #expect(x.counters == ExtractorCounters(events: 6, late: 2, scored: 1, skipped: 3))
    }

    @Test("windows closed by one push come out by start, then entity by UTF-8 bytes")
    func closingOrder() {
        var x2 = WindowExtractor(
            configuration: try! ExtractorConfiguration(windowSeconds: 10, graceSeconds: 0, minEvents: 1))
        var out: [ClosedWindow] = []
        for (i, (t, ap)) in [
            (5.0, "ap-b"), (6, "ap-a"), (1, "Z"), (2, "\u{E9}"), (3, "e\u{301}"), (16, "B"), (15, "ap-a"),
        ]
        .enumerated() {
            out += x2.push(event(Int64(i), t, ap))
        }
        out += x2.finish()
        // Compared as bytes: Swift's String equality would not tell "e\u{301}" from "\u{E9}".
        let expected = ["Z@0:1", "ap-a@0:1", "ap-b@0:1", "e\u{301}@0:1", "\u{E9}@0:1", "B@10:1", "ap-a@10:1"]
        #expect(summary(out).map { Array($0.utf8) } == expected.map { Array($0.utf8) })
    }

    @Test("aligns windows to the epoch with floor division, also before 1970")
    func beforeEpoch() {
        var x = WindowExtractor(
            configuration: try! ExtractorConfiguration(windowSeconds: 10, graceSeconds: 0, minEvents: 1))
        _ = x.push(LogEvent(id: 1, ts: -1, ap: "a"))
        _ = x.push(LogEvent(id: 2, ts: -10 * second, ap: "a"))
        let closed = x.finish()
        #expect(closed.map(\.start) == [-10 * second])
        #expect(closed.map(\.eventCount) == [2])
    }

    @Test("events after finish are late")
    func afterFinish() {
        var x = WindowExtractor(configuration: Self.small)
        _ = x.push(event(1, 0))
        _ = x.finish()
        #expect(x.push(event(2, 100)).isEmpty)
        #expect(x.counters.late == 1)
        #expect(x.finish().isEmpty)
    }

    @Test("computes the same features as WiFiFeatures over the window's events")
    func featuresMatch() throws {
        var x = WindowExtractor()
        let events = (0..<40).map { i in
            LogEvent(
                id: Int64(i), ts: monday10 + Int64((i * 7919) % 300) * second, ap: "ap",
                clientMAC: mac(
                    String(format: "aa:aa:aa:aa:aa:%02x", i % 6)), ssid: i % 3 == 0 ? "corp" : nil,
                eventType: i % 5 == 0 ? .deauth : .data, level: i % 7 == 0 ? .error : .info,
                signalDBm: Double(-50 - i % 13), dataRateMbps: i % 2 == 0 ? 54 : nil, packetLoss: Double(i) / 1000)
        }
        for e in events { #expect(x.push(e).isEmpty) }
        let closed = x.finish()
        #expect(closed.count == 1)
        #expect(closed.first?.features == (try WiFiFeatures.compute(events)))
    }

    @Test("validates its configuration")
    func configuration() throws {
        #expect(throws: AgentsError.self) { try ExtractorConfiguration(windowSeconds: 0) }
        #expect(throws: AgentsError.self) { try ExtractorConfiguration(graceSeconds: -1) }
        #expect(throws: AgentsError.self) { try ExtractorConfiguration(minEvents: 0) }
        let decoded = try JSONDecoder().decode(
            ExtractorConfiguration.self, from: Data(#"{"window_seconds": 60, "min_events": 3}"#.utf8))
        #expect(decoded == (try ExtractorConfiguration(windowSeconds: 60, graceSeconds: 60, minEvents: 3)))
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(ExtractorConfiguration.self, from: Data(#"{"window_seconds": 0}"#.utf8))
        }
    }
}
