import Foundation
import GRDB
import Registry
import TestSupport
import Testing

@testable import RegistrySQLite

@Suite("SQLiteRegistryStore as AnomalyStore and LogEventStore")
struct SQLiteAnomalyStoreTests {
    @Test(
        "passes the AnomalyStore conformance suite", arguments: StoreLocation.allCases, AnomalyStoreConformance.checks)
    func anomalyConformance(_ location: StoreLocation, _ check: AnomalyStoreConformance.Check) async throws {
        try await location.withStore { store in try await check.run(store) }
    }

    @Test(
        "passes the LogEventStore conformance suite", arguments: StoreLocation.allCases, LogEventStoreConformance.checks
    )
    func logEventConformance(_ location: StoreLocation, _ check: LogEventStoreConformance.Check) async throws {
        try await location.withStore { store in try await check.run(store) }
    }

    @Test("reopening a file store shows the same agent data and log events; ids keep increasing")
    func persistence() async throws {
        typealias A = AnomalyStoreConformance
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            let pairing = A.pairing("1.0.0", shadow: "1.1.0", reason: "trial")
            let lastAnomaly: Int64
            let lastEvent: Int64
            let outcomes = [A.outcome(minute: 0), A.outcome(minute: 1, shadow: true, outcome: .anomaly)]
            let anomalies: [AnomalyRow]
            do {
                let store = try SQLiteRegistryStore(path: path)
                anomalies = try await store.commitWindows(A.batch(outcomes, [A.anomaly(minute: 1)], position: 42))
                    .newAnomalies
                try await store.setPairing(pairing)
                let ids = try await store.appendLogEvents((0..<3).map { LogEventStoreConformance.event($0) })
                _ = try await store.deleteLogEvents(receivedBefore: .distantFuture)
                lastAnomaly = anomalies[0].id
                lastEvent = ids[2]
            }
            let store = try SQLiteRegistryStore(path: path)
            #expect(try await store.anomalies(AnomalyQuery()).anomalies == anomalies)
            #expect(
                try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: 9) == [
                    outcomes[0]
                ])
            #expect(
                try await store.windowOutcomes(agent: "wifi", shadow: true, from: nil, to: nil, limit: 9) == [
                    outcomes[1]
                ])
            #expect(try await store.agentCheckpoint(agent: "wifi") == A.checkpoint(42))
            #expect(try await store.pairing(agent: "wifi") == pairing)
            #expect(try await store.pairingHistory(agent: "wifi") == [pairing])
            #expect(try await store.newestLogEvent() == nil)
            // AUTOINCREMENT keeps its sequence in the file: no id comes back after a reopen, even with no rows left.
            let next = try await store.appendLogEvents([LogEventStoreConformance.event(9)])
            #expect(next[0] > lastEvent)
            let anomaly = try await store.commitWindows(A.batch([], [A.anomaly(minute: 5)])).newAnomalies[0]
            #expect(anomaly.id > lastAnomaly)
        }
    }

    @Test("a database created by schema v4 upgrades to v5 and keeps its data")
    func upgradeFromV4() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            do {
                // A database as the release with migrations up to v4 left it, holding a version and an alert.
                let queue = try DatabaseQueue(path: path)
                try SQLiteRegistryStore.migrator.migrate(queue, upTo: "v4")
                try await queue.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO models (name, revision) VALUES ('m', 1);
                            INSERT INTO versions (model, version, status, import_source, imported_at)
                            VALUES ('m', '1.0.0', 'imported', '/srv/training', 0);
                            INSERT INTO drift_alerts (model, version, kind, event, at, value, threshold, details)
                            VALUES ('m', '1.0.0', 'data_drift', 'raised', 0, 0.3, 0.2, '{}');
                            """)
                }
                #expect(
                    try await queue.read { db in try SQLiteRegistryStore.migrator.appliedMigrations(db) }
                        == ["v1", "v2", "v3", "v4"])
            }
            let store = try SQLiteRegistryStore(path: path)
            #expect(try await store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
            #expect(try await store.record(model: "m", version: "1.0.0").importSource == "/srv/training")
            #expect(try await store.alerts(model: "m", version: nil, limit: 10).count == 1)
            let schema = try await store.schema().joined(separator: "\n")
            for table in [
                "window_outcomes", "anomalies", "agent_checkpoints", "agent_pairings", "agent_pairing_history",
                "log_events", "incidents", "incident_anomalies",
            ] {
                #expect(schema.contains("CREATE TABLE \(table) ("), "\(table)")
            }
            let result = try await store.commitWindows(
                AnomalyStoreConformance.batch([AnomalyStoreConformance.outcome()], [AnomalyStoreConformance.anomaly()]))
            #expect(result.newOutcomes == 1 && result.newAnomalies.count == 1)
            #expect(try await store.appendLogEvents([LogEventStoreConformance.event(0)]) == [1])
        }
    }

    /// Raw inserts that break a constraint of the schema, each with the text SQLite's error must hold.
    static let rawInserts: [(String, String, String)] = [
        (
            "a second anomaly of a window", "UNIQUE constraint failed",
            "INSERT INTO anomalies (agent, entity, window_start, window_end, type, severity, status, model, version, "
                + "score, created_at, updated_at, payload) VALUES ('wifi', 'ap-1', 0, 60, 'x', 'high', 'open', 'm', "
                + "'1', 0, 0, 0, X'')"
        ),
        (
            "a second outcome of a window", "UNIQUE constraint failed",
            "INSERT INTO window_outcomes (agent, shadow, entity, window_start, window_end, event_count, outcome, "
                + "recorded_at) VALUES ('wifi', 0, 'ap-1', 0, 60, 1, 'skipped', 0)"
        ),
        (
            "an unknown severity", "CHECK constraint failed",
            "INSERT INTO anomalies (agent, entity, window_start, window_end, type, severity, status, model, version, "
                + "score, created_at, updated_at, payload) VALUES ('wifi', 'ap-2', 0, 60, 'x', 'urgent', 'open', 'm', "
                + "'1', 0, 0, 0, X'')"
        ),
        (
            "a window ending at its start", "CHECK constraint failed",
            "INSERT INTO window_outcomes (agent, shadow, entity, window_start, window_end, event_count, outcome, "
                + "recorded_at) VALUES ('wifi', 0, 'ap-2', 60, 60, 1, 'skipped', 0)"
        ),
        (
            "an unknown level", "CHECK constraint failed",
            "INSERT INTO log_events (ts, ap, event_type, level, received_at) VALUES (0, 'ap-1', 'beacon', 'debug', 0)"
        ),
        (
            "a missing status", "NOT NULL constraint failed",
            "INSERT INTO anomalies (agent, entity, window_start, window_end, type, severity, model, version, score, "
                + "created_at, updated_at, payload) VALUES ('wifi', 'ap-3', 0, 60, 'x', 'high', 'm', '1', 0, 0, 0, X'')"
        ),
        (
            "text in a µs column", "cannot store TEXT value in INTEGER column",
            "INSERT INTO log_events (ts, ap, event_type, level, received_at) "
                + "VALUES ('soon', 'ap-1', 'beacon', 'info', 0)"
        ),
    ]

    @Test("enforces the agent constraints in the schema, not only in validate()", arguments: rawInserts)
    func schemaConstraints(_ what: String, _ message: String, _ sql: String) async throws {
        let store = try SQLiteRegistryStore()
        try await store.commitWindows(
            AnomalyStoreConformance.batch(
                [AgentWindowBatchFixture.outcomeAtZero], [AgentWindowBatchFixture.anomalyAtZero]))
        let error = await #expect(throws: RegistryError.self, "\(what)") {
            try await store.write("insert \(what)") { db in try db.execute(sql: sql) }
        }
        #expect(error?.cause.map { "\($0)" }?.contains(message) == true, "\(what): \(String(describing: error))")
    }

    /// The listing queries, each filtered on one column; none may sort in a temporary b-tree.
    static let listings: [AnomalyQuery] = [
        AnomalyQuery(), AnomalyQuery(agent: "wifi"), AnomalyQuery(entity: "ap-1"), AnomalyQuery(type: "rf_jamming"),
        AnomalyQuery(severity: "high"), AnomalyQuery(status: "open"), AnomalyQuery(from: 0, to: 1_000_000),
    ]

    @Test("lists anomalies from an index in the listing order", arguments: listings)
    func listingUsesAnIndex(_ query: AnomalyQuery) async throws {
        let store = try SQLiteRegistryStore()
        var conditions: [String] = []
        var arguments = StatementArguments()
        for (column, value) in [
            ("agent", query.agent), ("entity", query.entity), ("type", query.type), ("severity", query.severity),
            ("status", query.status),
        ] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments += [value]
        }
        if let from = query.from, let to = query.to {
            conditions.append("window_start >= ? AND window_start < ?")
            arguments += [from, to]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "EXPLAIN QUERY PLAN SELECT * FROM anomalies \(filter) ORDER BY window_start DESC, entity, id LIMIT 10"
        let plan = try await store.read("explain") { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in row["detail"] as String? ?? "" }
        }.joined(separator: "; ")
        #expect(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }
}

/// Rows at window 0 that the raw inserts of ``SQLiteAnomalyStoreTests`` collide with.
enum AgentWindowBatchFixture {
    static let outcomeAtZero = WindowOutcomeRecord(
        agent: "wifi", entity: "ap-1", windowStart: 0, windowEnd: 60, eventCount: 1, outcome: .skipped,
        recordedAt: AnomalyStoreConformance.t0)
    static let anomalyAtZero = AnomalyRow(
        agent: "wifi", entity: "ap-1", windowStart: 0, windowEnd: 60, type: "x", severity: "high", status: "open",
        model: "m", version: "1", score: 0, createdAt: AnomalyStoreConformance.t0,
        updatedAt: AnomalyStoreConformance.t0, payload: Data())
}
