public import Foundation
public import Registry

/// The behaviour every ``LogEventStore`` must show. Each check gets a fresh, empty store from the caller and throws
/// ``RegistryConformance/Failure`` when the store misbehaves; a test target runs `LogEventStoreConformance.checks`
/// as an `arguments:` table against its store.
public enum LogEventStoreConformance {
    /// One behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the store must do.
        public var description: String
        let body: @Sendable (any LogEventStore) async throws -> Void

        /// Runs the check against a fresh store.
        public func run(_ store: any LogEventStore) async throws { try await body(store) }
    }

    /// A fixed instant with a fractional part, so lossy date storage shows.
    public static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_7)

    /// Event `i`: seen `i` ms after a fixed instant, received `second` seconds after ``t0``; odd events carry every
    /// optional field, even ones none.
    public static func event(_ i: Int, ap: String = "ap-1", second: Double = 0) -> LogEventRow {
        let full = i % 2 == 1
        return LogEventRow(
            ts: 1_733_000_000_000_000 + Int64(i) * 1000, ap: ap, bssid: full ? "aa:bb:cc:00:11:22" : nil,
            clientMAC: full ? "02:00:00:00:00:\(String(format: "%02x", i % 256))" : nil,
            ssid: full ? "corp-wifi" : nil, eventType: full ? "auth_failure" : "beacon",
            level: ["info", "warning", "error"][i % 3], signalDBm: full ? -67.5 : nil,
            dataRateMbps: full ? 866.7 : nil, packetLoss: full ? 0.125 : nil,
            message: full ? "station failed auth\tcode=15 #\(i)" : nil, receivedAt: t0 + second)
    }

    /// `rows` with the ids a store assigned.
    static func stored(_ rows: [LogEventRow], _ ids: [Int64]) -> [LogEventRow] {
        zip(rows, ids).map { row, id in
            var copy = row.storedForm()
            copy.id = id
            return copy
        }
    }

    static func increasing(_ ids: [Int64]) -> Bool {
        zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
    }

    static func check(_ condition: Bool, _ message: String) throws {
        try RegistryConformance.check(condition, message)
    }

    static func refuses(
        _ code: RegistryError.Code, _ what: String, _ body: () async throws -> Void
    ) async throws {
        try await RegistryConformance.refuses(code, what, body)
    }

    /// Every check.
    public static let checks: [Check] = appendChecks + validationChecks

    static let appendChecks: [Check] = [
        Check(description: "appends events in order with ids above every id assigned before, fields kept exactly") {
            store in
            let first = (0..<3).map { event($0, second: 0.5) }
            let second = (3..<5).map { event($0, ap: "ap-é", second: 1) }
            let ids1 = try await store.appendLogEvents(first)
            let none = try await store.appendLogEvents([])
            let ids2 = try await store.appendLogEvents(second)
            try check(none.isEmpty, "an empty append returned ids \(none)")
            let ids = ids1 + ids2
            try check(ids.count == 5 && increasing(ids), "ids \(ids1) then \(ids2) do not increase")
            let read = try await store.logEvents(after: .min, limit: 100)
            try check(read == stored(first + second, ids), "read back \(read)")
        },
        Check(description: "pages events after an id, in id order, at most limit") { store in
            var ids: [Int64] = []
            var rows: [LogEventRow] = []
            for range in [0..<10, 10..<20, 20..<25] {
                let batch = range.map { event($0) }
                ids += try await store.appendLogEvents(batch)
                rows += batch
            }
            let all = stored(rows, ids)
            let page = try await store.logEvents(after: ids[9], limit: 10)
            try check(page == Array(all[10..<20]), "page after \(ids[9]): \(page.map(\.id))")
            try check(try await store.logEvents(after: ids[24], limit: 10).isEmpty, "events after the newest")
            try check(try await store.logEvents(after: ids[0], limit: 0).isEmpty, "limit 0")
            let between = try await store.logEvents(after: ids[3] + 0, limit: 3).map(\.id)
            try check(between == Array(ids[4..<7]), "after \(ids[3]), 3: \(between)")
            var walked: [LogEventRow] = []
            var position = Int64.min
            while true {
                let next = try await store.logEvents(after: position, limit: 7)
                guard let last = next.last else { break }
                walked += next
                position = last.id
            }
            try check(walked == all, "walking pages of 7 read \(walked.map(\.id))")
            try await refuses(.invalidRecord, "negative limit") { _ = try await store.logEvents(after: 0, limit: -1) }
            // One batch of 10,000 and one page of 10,000: consecutive ids, read back whole.
            let big = (0..<10_000).map { event($0, second: 2) }
            let bigIDs = try await store.appendLogEvents(big)
            try check(bigIDs.count == 10_000 && increasing(bigIDs) && bigIDs[0] > ids[24], "ids of 10,000")
            let bigPage = try await store.logEvents(after: ids[24], limit: 10_000)
            try check(bigPage == stored(big, bigIDs), "the page of 10,000 differs")
        },
        Check(description: "newest event is the last appended, nil when there is none") { store in
            try check(try await store.newestLogEvent() == nil, "newest of an empty store")
            // Appended out of time order: the newest is the last id, with its own time.
            let rows = [event(5), event(9), event(2)]
            let ids = try await store.appendLogEvents(rows)
            let newest = try await store.newestLogEvent()
            try check(newest?.id == ids[2] && newest?.ts == rows[2].ts, "newest \(String(describing: newest))")
        },
        Check(description: "deletes events received before the cutoff; ids keep increasing after deletions") {
            store in
            let ids = try await store.appendLogEvents((0..<6).map { event($0, second: Double($0)) })
            let removed = try await store.deleteLogEvents(receivedBefore: t0 + 3)
            try check(removed == 3, "removed \(removed), not 3")
            let left = try await store.logEvents(after: .min, limit: 100).map(\.id)
            try check(left == Array(ids[3...]), "left \(left)")
            try check(try await store.deleteLogEvents(receivedBefore: t0 + 3) == 0, "a second deletion removed some")
            let all = try await store.deleteLogEvents(receivedBefore: t0 + 3600)
            try check(all == 3, "deleting the rest removed \(all)")
            try check(try await store.newestLogEvent() == nil, "newest after deleting every event")
            let next = try await store.appendLogEvents([event(7)])
            try check(next[0] > ids[5], "id \(next[0]) after deleting every event; the last was \(ids[5])")
            try check(try await store.newestLogEvent()?.id == next[0], "newest after the deletion")
            try check(try await store.logEvents(after: ids[5], limit: 10).map(\.id) == next, "read after deletion")
        },
        Check(description: "concurrent appends get distinct ids, increasing within each append") { store in
            let calls = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var calls: [Int64] = []
                        for call in 0..<5 {
                            let ids = try await store.appendLogEvents(
                                (0..<20).map { event(writer * 100 + call * 20 + $0, ap: "ap-\(writer)") })
                            guard increasing(ids) else { throw RegistryConformance.Failure(description: "\(ids)") }
                            calls += ids
                        }
                        return calls
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            try check(calls.count == 800 && Set(calls).count == 800, "\(Set(calls).count) distinct ids of 800")
            let read = try await store.logEvents(after: .min, limit: 1000)
            try check(read.map(\.id) == calls.sorted(), "stored ids differ from the assigned ones")
        },
    ]
}
