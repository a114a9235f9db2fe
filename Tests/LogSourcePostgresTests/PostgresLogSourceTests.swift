import Agents
import Foundation
import LogSourcePostgres
import PostgresNIO
import Testing

@Suite(
    "PostgresLogSource: pages of a real table, normalised as JSON records are",
    .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresLogSourceTests {
    typealias Row = TestDatabase.Row

    /// Rows at one-second steps from 2026-01-05T10:00:00Z.
    static func plainRows(_ count: Int) -> [Row] {
        (0..<count).map { i in
            Row(
                ts: "2026-01-05T10:\(String(format: "%02d", i / 60)):\(String(format: "%02d", i % 60))Z",
                ap: "ap-\(i % 3)", clientMAC: "aa:bb:cc:00:00:\(String(format: "%02x", i))", eventType: "data",
                level: "info", signal: -60 - Double(i % 7))
        }
    }

    @Test("reads pages after a position, in id order, with the last id as the next position")
    func pages() async throws {
        let table = TestDatabase.uniqueName()
        try await TestDatabase.withClient(dropping: ["DROP TABLE \(table)"]) { client in
            try await TestDatabase.createContractTable(table, on: client)
            let rows = Self.plainRows(25)
            for row in rows { try await TestDatabase.insert(row, into: table, on: client) }

            try await TestDatabase.withSource(TestDatabase.configuration(table: table)) { source in
                var position: Int64 = 0
                var ids: [Int64] = []
                var sizes: [Int] = []
                while true {
                    let page = try await source.read(after: position, limit: 10)
                    guard let last = page.lastPosition else {
                        #expect(page.events.isEmpty && page.malformed.isEmpty)
                        break
                    }
                    #expect(last == page.events.last?.id)
                    ids += page.events.map(\.id)
                    sizes.append(page.events.count)
                    position = last
                }
                #expect(sizes == [10, 10, 5])
                #expect(ids == Array(1...25))
                let parser = LogRecordParser()
                let expected = try rows.enumerated().map { i, row in
                    try parser.parse(fields: row.json, arrivalID: Int64(i + 1))
                }
                let all = try await source.read(after: 0, limit: 100)
                #expect(all.events == expected)
                #expect(try await source.read(after: 25, limit: 10).lastPosition == nil)
                #expect(try await source.read(after: 24, limit: 10).events.map(\.id) == [25])
                #expect(try await source.read(after: -5, limit: 1).events.map(\.id) == [1])
            }
        }
    }

    /// Rows covering the contract's normalisation cases, each checked against the JSON parser on the same record.
    static let cases: [Row] = [
        // MAC spellings, upper and lower case.
        Row(
            ts: "2026-01-05T10:00:00Z", ap: "ap-01", bssid: "00:1A:1E:00:00:03", clientMAC: "AA:BB:CC:00:11:22",
            ssid: "corp", eventType: "auth_success", level: "INFO", signal: -61, rate: 144.4, loss: 0.01,
            message: "ap-01 auth ok"),
        Row(
            ts: "2026-01-05T10:00:01.5Z", ap: "ap-01", bssid: "00-1a-1e-00-00-03", clientMAC: "aa-bb-cc-00-11-22",
            eventType: "assoc", level: "warn"),
        Row(
            ts: "2026-01-05T10:00:02.123456Z", ap: "ap-01", bssid: "001a.1e00.0003", clientMAC: "AABB.CC00.1122",
            eventType: "deauth", level: "ERR"),
        // Levels: words, synonyms, syslog severities as text, unknown words, empty, NULL.
        Row(ts: "2026-01-05T10:00:03Z", ap: "ap-02", eventType: "probe", level: "Critical"),
        Row(ts: "2026-01-05T10:00:04Z", ap: "ap-02", eventType: "probe", level: "4"),
        Row(ts: "2026-01-05T10:00:05Z", ap: "ap-02", eventType: "probe", level: "2"),
        Row(ts: "2026-01-05T10:00:06Z", ap: "ap-02", eventType: "probe", level: "notice"),
        Row(ts: "2026-01-05T10:00:07Z", ap: "ap-02", eventType: "probe", level: ""),
        Row(ts: "2026-01-05T10:00:08Z", ap: "ap-02", eventType: "probe", level: nil),
        // Empty strings are null; NULL measurements are null; offsets become UTC.
        Row(
            ts: "2026-01-05T11:00:09+01:00", ap: "ap-03", bssid: "", clientMAC: "", ssid: "", eventType: "",
            message: ""),
        Row(
            ts: "2026-01-05T05:00:10.25-05:00", ap: "ap-03", ssid: "Guest WiFi", eventType: "radius_timeout",
            level: "error", signal: nil, rate: 0, loss: 1),
        // A message-only record, parsed from its text (its ts= is ignored).
        Row(
            ts: "2026-01-05T10:00:11Z", ap: nil,
            message:
                #"ts=1999-01-01T00:00:00Z event_type=deauth ap=ap-12 client_mac=AA:BB:CC:00:11:22 ssid="my net" signal_dbm=-71 level=warning"#
        ),
        // Malformed: NaN and infinite measurements, a bad MAC, no ap, no ts.
        Row(ts: "2026-01-05T10:00:12Z", ap: "ap-04", eventType: "data", signal: .nan),
        Row(ts: "2026-01-05T10:00:13Z", ap: "ap-04", eventType: "data", loss: .infinity),
        Row(ts: "2026-01-05T10:00:14Z", ap: "ap-04", clientMAC: "aa:bb:cc:00:11", eventType: "data"),
        Row(ts: "2026-01-05T10:00:15Z", ap: nil, eventType: "data"),
        Row(ts: "2026-01-05T10:00:16Z", ap: "", eventType: "data"),
        Row(ts: nil, ap: "ap-04", eventType: "data"),
        // Case-sensitive APs and SSIDs, kept exactly.
        Row(ts: "2026-01-05T10:00:17Z", ap: "AP-04", ssid: "Corp", eventType: "beacon"),
    ]

    @Test("normalises every row exactly as the JSON parser normalises the same record; bad rows are malformed")
    func normalisation() async throws {
        let table = TestDatabase.uniqueName()
        try await TestDatabase.withClient(dropping: ["DROP TABLE \(table)"]) { client in
            try await TestDatabase.createContractTable(table, on: client)
            for row in Self.cases { try await TestDatabase.insert(row, into: table, on: client) }

            try await TestDatabase.withSource(TestDatabase.configuration(table: table)) { source in
                let page = try await source.read(after: 0, limit: 1000)
                let parser = LogRecordParser()
                var events: [LogEvent] = []
                var malformed: [MalformedRecord] = []
                for (i, row) in Self.cases.enumerated() {
                    do throws(AgentsError) {
                        events.append(try parser.parse(fields: row.json, arrivalID: Int64(i + 1)))
                    } catch {
                        malformed.append(try #require(error.malformedRecord))
                    }
                }
                #expect(page.events == events)
                #expect(page.malformed == malformed)
                #expect(page.lastPosition == Int64(Self.cases.count))

                // The cases do what they say.
                #expect(
                    malformed.map(\.reason) == [.notFinite, .notFinite, .notAMACAddress, .missing, .missing, .missing])
                #expect(malformed.map(\.field) == [.signalDBm, .packetLoss, .clientMAC, .ap, .ap, .ts])
                #expect(Set(events.prefix(3).map { $0.clientMAC?.description }) == ["aa:bb:cc:00:11:22"])
                #expect(Set(events.prefix(3).map { $0.bssid?.description }) == ["00:1a:1e:00:00:03"])
                #expect(events[1].ts == events[0].ts + 1_500_000)
                #expect(events[2].ts == events[0].ts + 2_123_456)
                #expect(events[0..<3].map(\.level) == [.info, .warning, .error])
                #expect(events[3..<9].map(\.level) == [.error, .warning, .error, .info, .info, .info])
                let empty = events[9]
                #expect(empty.bssid == nil && empty.clientMAC == nil && empty.ssid == nil && empty.message == nil)
                #expect(empty.eventType == .missing && empty.ts == events[0].ts + 9_000_000)
                #expect(events[10].ts == events[0].ts + 10_250_000 && events[10].signalDBm == nil)
                let fromMessage = events[11]
                #expect(fromMessage.ap == "ap-12" && fromMessage.ssid == "my net" && fromMessage.level == .warning)
                #expect(fromMessage.ts == events[0].ts + 11_000_000 && fromMessage.signalDBm == -71)
                #expect(events[12].ap == "AP-04" && events[12].ssid == "Corp")
            }
        }
    }

    @Test("newest() is the last row with a time; nil for an empty table")
    func newest() async throws {
        let table = TestDatabase.uniqueName()
        try await TestDatabase.withClient(dropping: ["DROP TABLE \(table)"]) { client in
            try await TestDatabase.createContractTable(table, on: client)
            try await TestDatabase.withSource(TestDatabase.configuration(table: table)) { source in
                #expect(try await source.newest() == nil)
                for row in Self.plainRows(3) { try await TestDatabase.insert(row, into: table, on: client) }
                let third = try #require(try await source.newest())
                #expect(third.id == 3 && third.ts == 1_767_607_200_000_000 + 2_000_000)
                // A newer row without a time, or with one the contract cannot write, does not hide the lag.
                try await TestDatabase.insert(Row(ts: nil, ap: "ap-9"), into: table, on: client)
                try await client.query(
                    PostgresQuery(unsafeSQL: "INSERT INTO \(table) (ts, ap) VALUES ('infinity', 'ap-9')"))
                let stillThird = try #require(try await source.newest())
                #expect(stillThird.id == 3 && stillThird.ts == third.ts)
            }
        }
    }

    @Test("the description and page statement name the table and server, never the password")
    func description() throws {
        let url = try #require(TestDatabase.url)
        let configuration = try TestDatabase.configuration(table: "wifi_logs")
        let source = try PostgresLogSource(configuration: configuration)
        let password = try #require(configuration.password)
        #expect(source.description == "postgres:wifi_logs@\(configuration.endpoint)/warden_test")
        #expect(source.pageStatement.hasPrefix(#"SELECT "id", "ts", "ap", "bssid", "client_mac", "ssid""#))
        #expect(source.pageStatement.hasSuffix(#"FROM "wifi_logs" WHERE "id" > $1 ORDER BY "id" LIMIT $2"#))
        for text in [source.description, configuration.description, String(describing: configuration)] {
            #expect(!text.contains(password))
        }
        #expect(url.contains(password))
    }
}
