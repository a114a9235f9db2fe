import Foundation
import GRDB
import Registry
@testable import RegistrySQLite
import TestSupport
import Testing

@Suite("SQLiteRegistryStore as SecurityStore")
struct SQLiteSecurityStoreTests {
    @Test(
        "passes the SecurityStore conformance suite",
        arguments: StoreLocation.allCases, SecurityStoreConformance.checks)
    func conformance(_ location: StoreLocation, _ check: SecurityStoreConformance.Check) async throws {
        try await location.withStore { store in try await check.run(store) }
    }

    static let tampering: [(String, String)] = [
        ("UPDATE", "UPDATE audit_log SET outcome = 'success' WHERE id = 1"),
        ("UPDATE of every row", "UPDATE audit_log SET actor = 'system'"),
        ("DELETE", "DELETE FROM audit_log WHERE id = 1"),
        ("DELETE of every row", "DELETE FROM audit_log"),
        (
            "INSERT OR REPLACE over an existing id",
            """
            INSERT OR REPLACE INTO audit_log (id, at, actor, action, target, outcome, details)
            VALUES (1, 0, 'system', 'deploy', 'm/1.0.0', 'success', '{}')
            """
        ),
    ]

    @Test("the audit log is append-only in the schema: raw UPDATE and DELETE fail", arguments: tampering)
    func appendOnly(_ tampering: (String, String)) async throws {
        let (what, sql) = tampering
        try await withTemporaryDirectory { dir in
            let store = try SQLiteRegistryStore(path: dir.appendingPathComponent("registry.sqlite").path)
            let first = try await store.appendAudit(SecurityStoreConformance.entry(outcome: "denied"))
            let second = try await store.appendAudit(SecurityStoreConformance.entry("mode", second: 1))
            let error = await #expect(throws: RegistryError.self, "\(what)") {
                try await store.write("tamper with the audit log") { db in try db.execute(sql: sql) }
            }
            #expect(error?.code == .storage)
            let cause = error?.cause.map { "\($0)" } ?? "no cause"
            #expect(cause.contains("audit_log is append-only"), "\(cause)")
            let left = try await store.audit(since: nil, action: nil, actor: nil, limit: 10)
            #expect(left == [second, first], "\(what)")
        }
    }

    @Test("reopening a file store shows the same keys, generation and audit log")
    func persistence() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            var revoked = SecurityStoreConformance.key(2, name: "old", role: "admin", seed: "b")
            revoked.revokedAt = SecurityStoreConformance.t0 + 5
            let keys = [SecurityStoreConformance.key(1, models: ["m", "wifi-anomaly"]), revoked]
            let before: (generation: Int64, audit: [AuditRecord])
            do {
                let store = try SQLiteRegistryStore(path: path)
                for key in keys { try await store.insertKey(key) }
                _ = try await store.appendAudit(SecurityStoreConformance.entry("key.create", second: 0))
                _ = try await store.appendAudit(SecurityStoreConformance.entry("key.revoke", second: 5))
                before = (
                    try await store.securityGeneration(),
                    try await store.audit(since: nil, action: nil, actor: nil, limit: 10)
                )
            }
            #expect(before.generation == 2 && before.audit.count == 2)

            let store = try SQLiteRegistryStore(path: path)
            #expect(try await store.keys() == keys)
            #expect(try await store.securityGeneration() == before.generation)
            #expect(try await store.audit(since: nil, action: nil, actor: nil, limit: 10) == before.audit)
            // A second process's write is seen through the generation, and ids keep increasing.
            let other = try SQLiteRegistryStore(path: path)
            var rotated = keys[0]
            rotated.hash = String(repeating: "f", count: 64)
            rotated.rotatedAt = SecurityStoreConformance.t0 + 10
            try await other.updateKey(rotated)
            #expect(try await store.securityGeneration() == before.generation + 1)
            #expect(try await store.key(id: rotated.id) == rotated)
            let next = try await store.appendAudit(SecurityStoreConformance.entry("key.rotate", second: 10))
            #expect(next.id > before.audit[0].id)
        }
    }

    @Test("upgrades a database created by schema v2 and keeps its versions and monitoring data")
    func upgradeFromV2() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            do {
                // A database as the release with migrations v1 and v2 left it, holding a version and an alert.
                let queue = try DatabaseQueue(path: path)
                try SQLiteRegistryStore.migrator.migrate(queue, upTo: "v2")
                try await queue.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO models (name, revision) VALUES (?, 1);
                            INSERT INTO versions (model, version, status, import_source, imported_at)
                            VALUES (?, ?, 'imported', '/srv/training', 0);
                            INSERT INTO drift_alerts (model, version, kind, event, at, value, threshold, details)
                            VALUES ('m', '1.0.0', 'data_drift', 'raised', 0, 0.3, 0.2, '{}');
                            """,
                        arguments: ["m", "m", "1.0.0"])
                }
                #expect(
                    try await queue.read { db in try SQLiteRegistryStore.migrator.appliedMigrations(db) }
                        == ["v1", "v2"])
            }
            let store = try SQLiteRegistryStore(path: path)
            #expect(try await store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
            #expect(try await store.record(model: "m", version: "1.0.0").importSource == "/srv/training")
            #expect(try await store.alerts(model: "m", version: nil, limit: 10).count == 1)
            #expect(try await store.keys().isEmpty)
            #expect(try await store.securityGeneration() == 0)
            try await store.insertKey(SecurityStoreConformance.key(1))
            #expect(try await store.securityGeneration() == 1)
            let entry = try await store.appendAudit(SecurityStoreConformance.entry())
            #expect(entry.id == 1)
            let schema = try await store.schema().joined(separator: "\n")
            for object in [
                "CREATE TABLE api_keys", "CREATE TABLE audit_log", "CREATE TABLE security_generation",
                "CREATE UNIQUE INDEX api_keys_active_name", "CREATE TRIGGER audit_log_no_update",
                "CREATE TRIGGER audit_log_no_delete", "CREATE TRIGGER audit_log_no_replace",
            ] {
                #expect(schema.contains(object), "\(object)")
            }
        }
    }

    static let rawKeyInserts: [(String, String)] = [
        ("unknown role", "'0123456789ab', 'ci', 'root', '\(String(repeating: "a", count: 64))'"),
        ("short hash", "'0123456789ab', 'ci', 'admin', 'abc'"),
        ("uppercase id", "'0123456789AB', 'ci', 'admin', '\(String(repeating: "a", count: 64))'"),
        ("second active 'taken'", "'0123456789ab', 'taken', 'admin', '\(String(repeating: "a", count: 64))'"),
    ]

    @Test("enforces the key constraints in the schema, not only in validate()", arguments: rawKeyInserts)
    func keyConstraints(_ insert: (String, String)) async throws {
        let (what, values) = insert
        let store = try SQLiteRegistryStore()
        try await store.insertKey(SecurityStoreConformance.key(1, name: "taken"))
        let generation = try await store.securityGeneration()
        let error = await #expect(throws: RegistryError.self, "\(what)") {
            try await store.write("insert a raw key") { db in
                try db.execute(
                    sql: """
                        INSERT INTO api_keys (id, name, role, hash, salt, created_at, created_by)
                        VALUES (\(values), '00112233445566778899aabbccddeeff', 0, 'test')
                        """)
            }
        }
        #expect(error?.code == .storage)
        let cause = error?.cause.map { "\($0)" } ?? "no cause"
        #expect(cause.contains("constraint failed"), "\(cause)")
        #expect(try await store.securityGeneration() == generation, "a failed write moved the generation")
    }
}
