import Agents
import LogSourcePostgres
import PostgresNIO
import Testing

@Suite(
    "PostgresLogSource: configured names and the column types it reads",
    .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresLogSourceColumnTests {
    @Test("reads a schema-qualified, mixed-case table with renamed columns, no bssid, and other column types")
    func configuredNames() async throws {
        let schema = TestDatabase.uniqueName("Ops")
        try await TestDatabase.withClient(dropping: ["DROP SCHEMA \"\(schema)\" CASCADE"]) { client in
            try await client.query(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE SCHEMA "\(schema)";
                        """))
            try await client.query(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE "\(schema)"."Controller_Events" (
                            "Seq" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                            "EventTime" timestamp,
                            "AccessPoint" varchar(32),
                            "Station" macaddr,
                            "Network" text,
                            "Kind" text,
                            "Severity" smallint,
                            "Rssi" numeric(8, 2),
                            "Rate" real,
                            "Loss" numeric,
                            "Raw" text
                        )
                        """))
            try await client.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO "\(schema)"."Controller_Events"
                            ("EventTime", "AccessPoint", "Station", "Network", "Kind", "Severity", "Rssi", "Rate",
                             "Loss", "Raw")
                        VALUES
                            ('2026-01-05 10:00:00.25', 'ap-01', '08:00:2B:01:02:03', 'corp', 'data', 4, -61.50, 54,
                             0.0100, 'raw line'),
                            ('2026-01-05 10:00:01', 'ap-01', NULL, NULL, 'deauth', 0, -0.5, 0.1,
                             123456789.000123, NULL),
                            ('2026-01-05 10:00:02', 'ap-01', NULL, NULL, 'data', 6, 'NaN', NULL, 0, NULL),
                            ('2026-01-05 10:00:03', 'ap-01', NULL, NULL, 'data', NULL, NULL, NULL, 'Infinity', NULL),
                            ('10000-01-01 00:00:00', 'ap-01', NULL, NULL, 'data', NULL, NULL, NULL, 0, NULL),
                            ('2026-01-05 10:00:05', 'ap-01', NULL, NULL, 'data', NULL, NULL, NULL, 1e-20, NULL)
                        """))
            var configuration = try TestDatabase.configuration(
                table: "\(schema).Controller_Events",
                columns: PostgresLogColumns([
                    "id": "Seq", "ts": "EventTime", "ap": "AccessPoint", "client_mac": "Station", "ssid": "Network",
                    "event_type": "Kind", "level": "Severity", "signal_dbm": "Rssi", "data_rate_mbps": "Rate",
                    "packet_loss": "Loss", "message": "Raw", "bssid": nil,
                ]))
            configuration.applicationName = "warden-tests"
            try await TestDatabase.withSource(configuration) { source in
                let page = try await source.read(after: 0, limit: 100)
                let t0: Int64 = 1_767_607_200_000_000
                #expect(
                    page.events == [
                        LogEvent(
                            id: 1, ts: t0 + 250_000, ap: "ap-01", clientMAC: MACAddress("08:00:2b:01:02:03"),
                            ssid: "corp", eventType: LogEventType("data"), level: .warning, signalDBm: -61.5,
                            dataRateMbps: 54, packetLoss: 0.01, message: "raw line"),
                        LogEvent(
                            id: 2, ts: t0 + 1_000_000, ap: "ap-01", eventType: LogEventType("deauth"), level: .error,
                            signalDBm: -0.5, dataRateMbps: Double(Float(0.1)), packetLoss: 123456789.000123),
                        LogEvent(
                            id: 6, ts: t0 + 5_000_000, ap: "ap-01", eventType: LogEventType("data"), level: .info,
                            packetLoss: 1e-20),
                    ])
                #expect(
                    page.malformed == [
                        MalformedRecord(arrivalID: 3, field: .signalDBm, reason: .notFinite, value: "nan"),
                        MalformedRecord(arrivalID: 4, field: .packetLoss, reason: .notFinite, value: "inf"),
                        MalformedRecord(
                            arrivalID: 5, field: .ts, reason: .notATimestamp, value: "\"10000-01-01T00:00:00Z\""),
                    ])
                #expect(page.lastPosition == 6)
                let newest = try #require(try await source.newest())
                #expect(newest.id == 6 && newest.ts == t0 + 5_000_000)
            }
        }
    }

    @Test(
        "a column whose type cannot hold its field is an error naming the column, the type and what to use",
        arguments: [
            ("signal_dbm jsonb", "signal_dbm", "jsonb", "double precision"),
            ("ts date", "ts", "date", "timestamp with time zone"),
            ("ap integer", "ap", "integer", "text, varchar or char"),
            ("client_mac macaddr8", "client_mac", "macaddr8", "macaddr"),
            ("level boolean", "level", "boolean", "syslog severity"),
        ])
    func unsupportedType(column: String, name: String, type: String, remedy: String) async throws {
        let table = TestDatabase.uniqueName()
        try await TestDatabase.withClient(dropping: ["DROP TABLE \(table)"]) { client in
            let others = ["ts timestamptz", "ap text", "client_mac text", "level text", "signal_dbm float8"]
                .filter { !$0.hasPrefix(name + " ") }
            try await client.query(
                PostgresQuery(
                    unsafeSQL: "CREATE TABLE \(table) (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + (others + [column]).joined(separator: ", ") + ")"))
            try await client.query(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(name)) VALUES (DEFAULT)"))
            try await client.query(
                PostgresQuery(
                    unsafeSQL: "UPDATE \(table) SET \(name) = "
                        + [
                            "jsonb": "'1'", "date": "'2026-01-05'", "integer": "1",
                            "macaddr8": "'08:00:2b:01:02:03:04:05'",
                            "boolean": "true",
                        ][type, default: "NULL"]))
            let configuration = try TestDatabase.configuration(
                table: table,
                columns: PostgresLogColumns([
                    "bssid": nil, "ssid": nil, "event_type": nil, "data_rate_mbps": nil, "packet_loss": nil,
                    "message": nil,
                ]))
            try await TestDatabase.withSource(configuration) { source in
                let error = await #expect(throws: LogSourcePostgresError.self) {
                    try await source.read(after: 0, limit: 10)
                }
                #expect(error?.code == .unsupportedColumnType)
                #expect(error?.message.contains("column \(name) of table \(table)") == true)
                #expect(error?.message.contains("has type \(type)") == true)
                #expect(error?.message.contains(remedy) == true)
            }
        }
    }
}
