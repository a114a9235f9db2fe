import Foundation
import GRDB
import Registry
@testable import RegistrySQLite
import TestSupport
import Testing

@Suite("SQLiteRegistryStore as MonitoringStore")
struct SQLiteMonitoringStoreTests {
    @Test(
        "passes the MonitoringStore conformance suite",
        arguments: StoreLocation.allCases, MonitoringStoreConformance.checks)
    func conformance(_ location: StoreLocation, _ check: MonitoringStoreConformance.Check) async throws {
        try await location.withStore { store in try await check.run(store) }
    }

    @Test("reopening a file store shows the same monitoring data")
    func persistence() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            let t0 = MonitoringStoreConformance.t0
            let baseline = DriftBaselineRecord(
                model: "m", version: "1.0.0", capturedAt: t0, source: "window", actor: "ops",
                payload: Data((0...255).map(UInt8.init)))
            let before: (buckets: [MetricBucket], windows: [MonitoringWindowRecord], alerts: [DriftAlertRecord])
            do {
                let store = try SQLiteRegistryStore(path: path)
                try await store.addMetricBuckets([
                    MonitoringStoreConformance.bucket(minute: 0), MonitoringStoreConformance.bucket(minute: 1),
                    MetricBucket(model: "m", version: "1.0.0", start: t0, seconds: 3600),
                ])
                try await store.saveWindow(MonitoringStoreConformance.window("a", second: 1, payload: "window a"))
                try await store.saveWindow(MonitoringStoreConformance.window("b", second: 2, payload: ""))
                try await store.saveBaseline(baseline)
                _ = try await store.appendAlert(MonitoringStoreConformance.alert(second: 0))
                _ = try await store.appendAlert(MonitoringStoreConformance.alert(second: 1, event: .cleared))
                before = (
                    try await store.metricBuckets(model: nil, version: nil, from: nil, to: nil),
                    try await store.windows(model: "m", version: "1.0.0"),
                    try await store.alerts(model: nil, version: nil, limit: 10)
                )
            }
            #expect(before.buckets.count == 3 && before.windows.count == 2 && before.alerts.count == 2)

            let store = try SQLiteRegistryStore(path: path)
            #expect(try await store.metricBuckets(model: nil, version: nil, from: nil, to: nil) == before.buckets)
            #expect(try await store.windows(model: "m", version: "1.0.0") == before.windows)
            #expect(try await store.baseline(model: "m", version: "1.0.0") == baseline)
            #expect(try await store.alerts(model: nil, version: nil, limit: 10) == before.alerts)
            // Merging continues across the reopen, and ids keep increasing.
            try await store.addMetricBuckets([MonitoringStoreConformance.bucket(minute: 0)])
            let merged = try await store.metricBuckets(model: "m", version: "1.0.0", from: t0, to: t0 + 1)
            #expect(merged.map(\.predictions) == [6, 0])
            let next = try await store.appendAlert(MonitoringStoreConformance.alert(second: 2))
            #expect(next.id > before.alerts[0].id)
        }
    }

    @Test("upgrades a database created by schema v1 and keeps its versions")
    func upgradeFromV1() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            do {
                // A database as the release with only migration v1 left it, holding one version.
                let queue = try DatabaseQueue(path: path)
                try SQLiteRegistryStore.migrator.migrate(queue, upTo: "v1")
                try await queue.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO models (name, revision) VALUES (?, 1);
                            INSERT INTO versions (model, version, status, import_source, imported_at)
                            VALUES (?, ?, 'imported', '/srv/training', 0);
                            """,
                        arguments: ["m", "m", "1.0.0"])
                }
                #expect(try await queue.read { db in try SQLiteRegistryStore.migrator.appliedMigrations(db) } == ["v1"])
            }
            let store = try SQLiteRegistryStore(path: path)
            #expect(try await store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
            #expect(try await store.record(model: "m", version: "1.0.0").importSource == "/srv/training")
            #expect(try await store.lifecycle(model: "m").revision == 1)
            try await store.addMetricBuckets([MonitoringStoreConformance.bucket()])
            #expect(try await store.metricBuckets(model: "m", version: nil, from: nil, to: nil).count == 1)
            let schema = try await store.schema().joined(separator: "\n")
            for table in ["metric_buckets", "monitoring_windows", "drift_baselines", "drift_alerts"] {
                #expect(schema.contains("CREATE TABLE \(table)"))
            }
            // Monitoring data may outlive a deleted version until cleanup: no foreign keys.
            for table in ["metric_buckets", "monitoring_windows", "drift_baselines", "drift_alerts"] {
                let keys = try await store.read("list foreign keys") { db in
                    try Row.fetchAll(db, sql: "SELECT * FROM pragma_foreign_key_list(?)", arguments: [table]).count
                }
                #expect(keys == 0, "\(table) has foreign keys")
            }
        }
    }

    @Test("enforces the monitoring constraints in the schema, not only in validate()")
    func schemaConstraints() async throws {
        let store = try SQLiteRegistryStore()
        let error = await #expect(throws: RegistryError.self) {
            try await store.write("insert a zero-length bucket") { db in
                try db.execute(
                    sql: """
                        INSERT INTO metric_buckets (
                            model, version, bucket_start, seconds, predictions, errors, anomalies, latency_sum,
                            latency_sum_of_squares, score_count, score_sum, score_sum_of_squares)
                        VALUES ('m', '1.0.0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                        """)
            }
        }
        #expect(error?.code == .storage)
        #expect(error?.cause.map { "\($0)" }?.contains("CHECK constraint failed") == true)
    }
}
