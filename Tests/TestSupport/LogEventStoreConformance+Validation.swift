import Foundation
import Registry

extension LogEventStoreConformance {
    /// Changes that make an event invalid (`invalid_record`), each with the field it breaks.
    static let invalidEvents: [(String, @Sendable (inout LogEventRow) -> Void)] = [
        ("empty ap", { $0.ap = "" }),
        ("ap with a line feed", { $0.ap = "ap\n1" }),
        ("ap of 257 bytes", { $0.ap = String(repeating: "a", count: 257) }),
        ("bssid in upper case", { $0.bssid = "AA:BB:CC:00:11:22" }),
        ("bssid with dashes", { $0.bssid = "aa-bb-cc-00-11-22" }),
        ("short client MAC", { $0.clientMAC = "aa:bb:cc:00:11" }),
        ("client MAC with a non-hex digit", { $0.clientMAC = "aa:bb:cc:00:11:2g" }),
        ("empty ssid", { $0.ssid = "" }),
        ("ssid with a NUL", { $0.ssid = "corp\u{0}" }),
        ("empty event type", { $0.eventType = "" }),
        ("event type with a C1 control", { $0.eventType = "auth\u{85}" }),
        ("unknown level", { $0.level = "debug" }),
        ("level in upper case", { $0.level = "INFO" }),
        ("NaN signal", { $0.signalDBm = .nan }),
        ("infinite data rate", { $0.dataRateMbps = .infinity }),
        ("infinite packet loss", { $0.packetLoss = -.infinity }),
        ("empty message", { $0.message = "" }),
        ("non-finite receivedAt", { $0.receivedAt = Date(timeIntervalSinceReferenceDate: .nan) }),
    ]

    static let validationChecks: [Check] = [
        Check(description: "refuses invalid events and appends nothing of a batch with one") { store in
            for (what, change) in invalidEvents {
                var bad = event(1)
                change(&bad)
                try await refuses(.invalidRecord, what) { _ = try await store.appendLogEvents([event(0), bad]) }
            }
            try check(try await store.newestLogEvent() == nil, "a refused batch appended events")
            // Accepted at the limits: a 256-byte ap, a level of each kind, any ts.
            var edge = event(2)
            edge.ap = String(repeating: "é", count: 128)
            edge.ts = .min
            let ids = try await store.appendLogEvents([edge, event(3), event(4)])
            let read = try await store.logEvents(after: .min, limit: 10)
            try check(read == stored([edge, event(3), event(4)], ids), "events at the limits: \(read)")
        },
        Check(description: "cuts messages longer than maxMessageBytes at a character boundary") { store in
            let max = LogEventRow.maxMessageBytes
            let ascii = { (n: Int) in String(repeating: "m", count: n) }
            let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"  // one character of 18 bytes
            let cases: [(String, String)] = [
                (ascii(max), ascii(max)),
                (ascii(max - 1) + "é", ascii(max - 1)),
                (ascii(max - 2) + "é", ascii(max - 2) + "é"),
                (ascii(max - 3) + family + "x", ascii(max - 3)),
                (ascii(max - 1) + "e\u{301}", ascii(max - 1)),
                (ascii(max - 20) + family + "tail", ascii(max - 20) + family + "ta"),
            ]
            var rows: [LogEventRow] = []
            for (message, _) in cases {
                var row = event(0)
                row.message = message
                rows.append(row)
            }
            let ids = try await store.appendLogEvents(rows)
            let read = try await store.logEvents(after: .min, limit: 10)
            try check(read.count == cases.count, "read \(read.count) events")
            for ((message, expected), row) in zip(cases, read) {
                let kept = row.message ?? ""
                try check(kept.utf8.count <= max, "kept \(kept.utf8.count) bytes of \(message.utf8.count)")
                try check(
                    kept.utf8.elementsEqual(expected.utf8),
                    "kept \(kept.utf8.count) bytes, not \(expected.utf8.count), of \(message.utf8.count)")
            }
            try check(read == stored(rows, ids), "stored rows differ from storedForm()")
        },
    ]
}
