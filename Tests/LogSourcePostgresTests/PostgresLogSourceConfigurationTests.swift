import Agents
import LogSourcePostgres
import Testing

@Suite("PostgresLogSourceConfiguration: URLs, table and column names (no server)")
struct PostgresLogSourceConfigurationTests {
    @Test("reads user, password, host, port, database and parameters from a URL, percent-decoded")
    func url() throws {
        let c = try PostgresLogSourceConfiguration(
            url: "postgres://agent%2B1:p%40ss%2Fw0rd@db.example:6543/logs?sslmode=verify-full&application_name=a1",
            table: "public.wifi_logs")
        #expect(c.host == "db.example" && c.port == 6543 && c.database == "logs")
        #expect(c.username == "agent+1" && c.password == "p@ss/w0rd")
        #expect(c.tls == .verifyFull && c.applicationName == "a1" && c.table == "public.wifi_logs")
        #expect(c.description == "postgres://agent+1@db.example:6543/logs table public.wifi_logs")
        #expect(c.endpoint == "db.example:6543")
    }

    @Test("defaults: port 5432, the user's database, no password, sslmode prefer; IPv6 hosts in brackets")
    func defaults() throws {
        let c = try PostgresLogSourceConfiguration(url: "postgresql://reader@localhost")
        #expect(c.port == 5432 && c.database == "reader" && c.password == nil && c.tls == .prefer)
        #expect(c.table == "wifi_logs" && c.columns == .contract)
        let v6 = try PostgresLogSourceConfiguration(url: "postgres://u@[::1]:5433/db?sslmode=disable&connect_timeout=3")
        #expect(v6.host == "::1" && v6.endpoint == "[::1]:5433" && v6.tls == .disable)
        #expect(v6.connectTimeout == .seconds(3))
    }

    @Test(
        "refuses a bad URL with a message that never repeats the password",
        arguments: [
            "", "mysql://u:secret@h/db", "postgres://:secret@h/db", "postgres://u:secret@/db",
            "postgres://u:secret@h/db?sslmode=sometimes", "postgres://u:secret@h/db?options=-c%20x",
            "postgres://u:secret@h/db/more", "postgres://u:secret@h:0/db", "postgres://u:secret@h/db?connect_timeout=x",
        ])
    func badURL(url: String) {
        let error = #expect(throws: LogSourcePostgresError.self) {
            _ = try PostgresLogSourceConfiguration(url: url)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("secret") == false)
        #expect(error?.message.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE") == true)
    }

    @Test(
        "accepts plain identifiers and quotes them",
        arguments: ["wifi_logs", "Logs$2", "_x", String(repeating: "a", count: 63)])
    func identifier(name: String) throws {
        #expect(try SQLIdentifier(name, for: "table").quoted == "\"\(name)\"")
    }

    @Test(
        "refuses anything else as a table or column name",
        arguments: [
            "", "1abc", "a b", #"x"; DROP TABLE y; --"#, "wifi-logs", "ähnlich", String(repeating: "a", count: 64),
        ])
    func badIdentifier(name: String) {
        let error = #expect(throws: LogSourcePostgresError.self) {
            _ = try SQLIdentifier(name, for: "columns.ap")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.hasPrefix("columns.ap is ") == true)
    }

    @Test("a table is name or schema.name; the page statement quotes every name and binds the values")
    func table() throws {
        var c = PostgresLogSourceConfiguration(username: "u", database: "d", table: "Ops.Controller_Events")
        c.columns = try PostgresLogColumns(["id": "Seq", "ts": "EventTime", "bssid": nil, "message": nil])
        let source = try PostgresLogSource(configuration: c)
        #expect(
            source.pageStatement
                == #"SELECT "Seq", "EventTime", "ap", "client_mac", "ssid", "event_type", "level", "signal_dbm", "#
                + #""data_rate_mbps", "packet_loss" FROM "Ops"."Controller_Events" WHERE "Seq" > $1 ORDER BY "Seq" "#
                + "LIMIT $2")
        for bad in ["a.b.c", "a.", ".b", "a;b"] {
            c.table = bad
            #expect(throws: LogSourcePostgresError.self) { _ = try PostgresLogSource(configuration: c) }
        }
        c.table = "wifi_logs"
        c.maximumConnections = 0
        #expect(throws: LogSourcePostgresError.self) { _ = try PostgresLogSource(configuration: c) }
    }

    @Test("columns: contract names by default, renamed or absent fields, id and ts required")
    func columns() throws {
        #expect(PostgresLogColumns.contract.mapped.map(\.column.name) == PostgresLogColumns.fields.map(\.name))
        #expect(PostgresLogColumns.contract.description == "contract names")
        let renamed = try PostgresLogColumns(["ts": "event_time", "bssid": nil])
        #expect(renamed[.ts]?.name == "event_time" && renamed[.bssid] == nil && renamed[.ap]?.name == "ap")
        #expect(renamed.description == "ts=event_time, bssid=-")
        #expect(!renamed.mapped.contains { $0.field == .bssid })
        for overrides: [String: String?] in [
            ["ts": nil], ["id": nil], ["signal": "x"], ["timestamp": "t"], ["ap": "1x"],
        ] {
            #expect(throws: LogSourcePostgresError.self) { _ = try PostgresLogColumns(overrides) }
        }
    }

    @Test("error codes have stable snake_case names")
    func codes() {
        let names = LogSourcePostgresError.Code.allCases.map(\.rawValue)
        #expect(names.contains("unreachable") && names.contains("authentication_failed"))
        for code in LogSourcePostgresError.Code.allCases {
            #expect(LogSourcePostgresError.Code(rawValue: code.rawValue) == code)
        }
        #expect(LogSourcePostgresError.Code.unreachable.isTransient && LogSourcePostgresError.Code.timedOut.isTransient)
        #expect(!LogSourcePostgresError.Code.tableNotFound.isTransient)
    }
}
