import Agents
import Foundation
import LogSourcePostgres
import PostgresNIO
import Testing

/// The real server the tests run against: `WARDEN_TEST_POSTGRES_URL`, which scripts/test exports after starting a
/// throw-away cluster (scripts/lib/postgres.sh). Without it, the suites that need it are skipped.
enum TestDatabase {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["WARDEN_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    static let isAvailable = url != nil

    static let skipReason: Comment =
        "WARDEN_TEST_POSTGRES_URL is not set: run scripts/test, or `. scripts/lib/postgres.sh; ensure_postgres` first"

    /// The repository's scripts/lib/postgres.sh.
    static var clusterScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/lib/postgres.sh").path
    }

    /// A configuration for the test database's `table`.
    static func configuration(
        table: String, columns: PostgresLogColumns = .contract, url: String? = nil
    ) throws -> PostgresLogSourceConfiguration {
        var configuration = try PostgresLogSourceConfiguration(
            url: url ?? Self.url ?? "", table: table, columns: columns)
        configuration.queryTimeout = .seconds(20)
        return configuration
    }

    /// A fresh table name, so that tests running in parallel never share one.
    static func uniqueName(_ prefix: String = "logs") -> String {
        prefix + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// Runs `body` with a source whose client runs for the duration.
    static func withSource<T>(
        _ configuration: PostgresLogSourceConfiguration, parser: LogRecordParser = LogRecordParser(),
        _ body: (PostgresLogSource) async throws -> T
    ) async throws -> T {
        // postgres-nio reports each failed connection attempt at info: keep the tests' output to warnings.
        var logger = Logger(label: "warden.tests.postgres")
        logger.logLevel = .warning
        let source = try PostgresLogSource(configuration: configuration, parser: parser, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await source.client.run() }
            defer { group.cancelAll() }
            return try await body(source)
        }
    }

    /// Runs `body` with a running client of the test database (for DDL and inserts), then drops `dropping`.
    static func withClient<T>(
        url: String? = nil, dropping: [String] = [], _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        try await withSource(try configuration(table: "unused", url: url)) { source in
            let client = source.client
            do {
                let result = try await body(client)
                for statement in dropping { try await client.query(PostgresQuery(unsafeSQL: statement)) }
                return result
            } catch {
                for statement in dropping { _ = try? await client.query(PostgresQuery(unsafeSQL: statement)) }
                throw error
            }
        }
    }

    /// Creates `table` in the contract's shape (docs/AGENTS.md).
    static func createContractTable(_ table: String, on client: PostgresClient) async throws {
        try await client.query(
            PostgresQuery(
                unsafeSQL: """
                    CREATE TABLE \(table) (
                        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        ts timestamptz,
                        ap text,
                        bssid text,
                        client_mac text,
                        ssid text,
                        event_type text,
                        level text,
                        signal_dbm double precision,
                        data_rate_mbps double precision,
                        packet_loss double precision,
                        message text
                    )
                    """))
    }

    /// Inserts one row into a contract table; nil is NULL. Values are bound, the timestamp cast by the server.
    static func insert(_ row: Row, into table: String, on client: PostgresClient) async throws {
        var binds = PostgresBindings()
        binds.append(row.ts)
        binds.append(row.ap)
        binds.append(row.bssid)
        binds.append(row.clientMAC)
        binds.append(row.ssid)
        binds.append(row.eventType)
        binds.append(row.level)
        binds.append(row.signal)
        binds.append(row.rate)
        binds.append(row.loss)
        binds.append(row.message)
        try await client.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table) (ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm,
                        data_rate_mbps, packet_loss, message)
                    VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                    """,
                binds: binds))
    }

    /// One row of a contract table, as text and numbers the way a JSON record would carry them.
    struct Row: Sendable {
        var ts: String?
        var ap: String?
        var bssid: String? = nil
        var clientMAC: String? = nil
        var ssid: String? = nil
        var eventType: String? = nil
        var level: String? = nil
        var signal: Double? = nil
        var rate: Double? = nil
        var loss: Double? = nil
        var message: String? = nil

        /// The same record as JSON would give it to the parser.
        var json: [String: RawField] {
            func text(_ value: String?) -> RawField { value.map { RawField($0) } ?? .null }
            func number(_ value: Double?) -> RawField { value.map { .number($0) } ?? .null }
            return [
                "ts": text(ts), "ap": text(ap), "bssid": text(bssid), "client_mac": text(clientMAC),
                "ssid": text(ssid), "event_type": text(eventType), "level": text(level), "signal_dbm": number(signal),
                "data_rate_mbps": number(rate), "packet_loss": number(loss), "message": text(message),
            ]
        }
    }

    /// Runs scripts/lib/postgres.sh with `arguments`; its standard output, trimmed. Awaits the script's end
    /// without blocking a thread of the cooperative pool (its output goes through a file, not a pipe).
    @discardableResult
    static func cluster(_ arguments: String...) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("pg-script")).path
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw ClusterScriptFailed(arguments: arguments, status: -1)
        }
        defer { try? FileManager.default.removeItem(atPath: output) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [clusterScript] + arguments
        process.standardOutput = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
            }
        }
        try handle.close()
        guard status == 0 else { throw ClusterScriptFailed(arguments: arguments, status: status) }
        let text = try String(contentsOfFile: output, encoding: .utf8)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ClusterScriptFailed: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var description: String { "scripts/lib/postgres.sh \(arguments.joined(separator: " ")) exited \(status)" }
    }
}
