import Foundation
import GRDB
import Registry
@testable import RegistrySQLite
import TestSupport
import Testing

/// Where a test's store lives.
enum StoreLocation: String, Sendable, CaseIterable, CustomStringConvertible {
    case memory, file

    var description: String { rawValue }

    /// Opens a fresh, empty store and passes it to `body`; a file store lives in its own temporary directory.
    func withStore<T>(_ body: (SQLiteRegistryStore) async throws -> T) async throws -> T {
        switch self {
        case .memory: return try await body(try SQLiteRegistryStore())
        case .file:
            return try await withTemporaryDirectory { dir in
                try await body(try SQLiteRegistryStore(path: dir.appendingPathComponent("registry.sqlite").path))
            }
        }
    }
}

func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await body(dir)
}

@Suite("SQLiteRegistryStore")
struct SQLiteRegistryStoreTests {
    @Test(
        "passes the RegistryStore conformance suite", arguments: StoreLocation.allCases, RegistryConformance.checks)
    func conformance(_ location: StoreLocation, _ check: RegistryConformance.Check) async throws {
        try await location.withStore { store in try await check.run(store) }
    }

    @Test("reopening a file store shows the same data")
    func persistence() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            let at = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_7)  // sub-microsecond: stored exactly
            var first = RegistryConformance.record("1.0.0", seed: "a")
            first.manifestJSON = #"{"model_file":"model.joblib"}"#
            first.inferenceConfig = InferenceConfig(
                threshold: 0.61, anomalyRatio: 0.05, scorePercentile: 95, batchSize: 100, timeoutSeconds: 30)
            first.importedAt = at
            let before:
                (
                    records: [VersionRecord], life: Lifecycle, history: [DeploymentEvent],
                    transfers: [TransferEvent], imports: [ImportEvent], loose: [Artifact]
                )
            do {
                let store = try SQLiteRegistryStore(path: path)
                try await store.insert(first)
                try await store.insert(RegistryConformance.record("1.1.0", seed: "b"))
                try await store.insert(RegistryConformance.record("1.2.0", seed: "c"))
                let plan = try await store.lifecycle(model: "m").plan(.deploy("1.0.0"), actor: "ops", at: at)
                try await store.commit(plan)
                let failed = try await store.lifecycle(model: "m")
                    .plan(.markFailed("1.1.0", reason: "trial failed"), actor: "ops", at: at)
                try await store.commit(failed)
                let delete = try await store.lifecycle(model: "m").plan(.delete("1.2.0"), actor: "ops", at: at)
                try await store.commit(delete)
                try await store.setTags(["prod", "x", "prod"], model: "m", version: "1.0.0")
                try await store.setDescription(nil, model: "m", version: "1.1.0")
                try await store.recordTransfer(
                    TransferEvent(source: "/srv", model: "m", version: "1.0.0", status: "imported", at: at))
                try await store.recordImport(
                    ImportEvent(model: "n", source: "b.zip", version: nil, outcome: .rejected, at: at, message: "bad"))
                before = (
                    try await store.records(model: "m"), try await store.lifecycle(model: "m"),
                    try await store.deploymentHistory(model: nil), try await store.transferHistory(),
                    try await store.importHistory(model: nil), try await store.unreferencedArtifacts()
                )
            }
            #expect(before.records.map(\.version) == ["1.0.0", "1.1.0"])
            #expect(before.records[0].importedAt == at)
            #expect(before.loose.map(\.sha256) == [String(repeating: "c", count: 64)])

            let store = try SQLiteRegistryStore(path: path)
            #expect(try await store.records(model: "m") == before.records)
            #expect(try await store.lifecycle(model: "m") == before.life)
            #expect(try await store.deploymentHistory(model: nil) == before.history)
            #expect(try await store.transferHistory() == before.transfers)
            #expect(try await store.importHistory(model: nil) == before.imports)
            #expect(try await store.unreferencedArtifacts() == before.loose)
            #expect(try await store.models() == ["m"])
            #expect(try await store.record(model: "m", version: "1.0.0").tags == ["prod", "x"])
        }
    }

    @Test("opening an up-to-date database is a no-op")
    func migrationIsIdempotent() async throws {
        #expect(SQLiteRegistryStore.knownMigrations == ["v1", "v2", "v3", "v4", "v5", "v6"])
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            let schema: [String]
            do {
                let store = try SQLiteRegistryStore(path: path)
                #expect(try await store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
                schema = try await store.schema()
                try await store.insert(RegistryConformance.record("1.0.0"))
            }
            #expect(schema.count == 53)  // 23 tables (grdb_migrations among them), 24 indexes and 6 triggers
            for _ in 0..<2 {
                let store = try SQLiteRegistryStore(path: path)
                #expect(try await store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
                #expect(try await store.schema() == schema)
                #expect(try await store.record(model: "m", version: "1.0.0") == RegistryConformance.record("1.0.0"))
                #expect(try await store.lifecycle(model: "m").revision == 1)
            }
        }
    }

    @Test("maps the unique (model, version) constraint to duplicate_version", arguments: StoreLocation.allCases)
    func duplicateFromConstraint(_ location: StoreLocation) async throws {
        try await location.withStore { store in
            try await store.insert(RegistryConformance.record("1.0.0"))
            let error = await #expect(throws: RegistryError.self) {
                try await store.insert(RegistryConformance.record("1.0.0", seed: "b"))
            }
            #expect(error?.code == .duplicateVersion)
            #expect(error?.cause.map { "\($0)" }?.contains("UNIQUE constraint failed") == true)
            // The failed insert rolled back whole: no revision bump, no artifact of its own.
            #expect(try await store.lifecycle(model: "m").revision == 1)
            #expect(try await store.unreferencedArtifacts().isEmpty)
            #expect(try await store.forgetArtifacts([String(repeating: "b", count: 64)]).isEmpty)
        }
    }

    @Test("refuses a second serving version in the schema")
    func oneServingVersion() async throws {
        let store = try SQLiteRegistryStore()
        try await store.insert(RegistryConformance.record("1.0.0", status: .deployed))
        let error = await #expect(throws: RegistryError.self) {
            try await store.insert(RegistryConformance.record("1.1.0", status: .production))
        }
        #expect(error?.code == .invalidRecord)
        #expect(try await store.records(model: "m").map(\.version) == ["1.0.0"])
    }

    @Test("reports an unopenable path as storage_error")
    func storageError() async throws {
        let error = #expect(throws: RegistryError.self) {
            _ = try SQLiteRegistryStore(path: "/nonexistent-warden-dir/sub/registry.sqlite")
        }
        #expect(error?.code == .storage)
        #expect(error?.cause != nil)
    }
}

@Suite("SQLite store: migration v4 backfills version summaries")
struct SQLiteSummaryMigrationTests {
    @Test("a database created by schema v3 lists its versions with summaries equal to the full records'")
    func backfill() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("registry.sqlite").path
            do {
                // Versions written by the release that had migrations up to v3 (no summary columns).
                let queue = try DatabaseQueue(path: path)
                try SQLiteRegistryStore.migrator.migrate(queue, upTo: "v3")
                for (i, v) in ["1.0.0", "1.1.0"].enumerated() {
                    var r = RegistryConformance.record(v, at: Double(i))
                    r.metadataJSON = #"{"model_info":{"created_at":"2024-12-01T14:30:22"},"evaluation_info":"#
                        + #"{"basic_metrics":{"precision":0.9}}}"#
                    let written = r
                    try await queue.write { db in
                        try db.execute(
                            sql: """
                                INSERT INTO models (name, revision) VALUES ('m', 1)
                                ON CONFLICT (name) DO UPDATE SET revision = revision + 1;
                                INSERT INTO versions (model, version, status, metadata_json, tags_json, import_source,
                                    imported_at) VALUES ('m', ?, 'imported', ?, '[]', ?, ?);
                                INSERT INTO artifacts (sha256, size) VALUES (?, 10) ON CONFLICT DO NOTHING;
                                INSERT INTO version_files (version_id, position, name, sha256, size)
                                VALUES (last_insert_rowid() - 0, 0, 'model.joblib', ?, 10);
                                """,
                            arguments: [
                                v, written.metadataJSON, written.importSource,
                                written.importedAt.timeIntervalSinceReferenceDate,
                                String(repeating: "a", count: 64), String(repeating: "a", count: 64),
                            ])
                    }
                }
            }
            let store = try SQLiteRegistryStore(path: path)
            let page = try await store.summaries(model: "m", offset: 0, limit: nil)
            let expected = try await store.records(model: "m").reversed().map(VersionSummary.init)
            #expect(page.versions == expected)
            #expect(page.versions.first?.createdAt == "2024-12-01T14:30:22")
            #expect(page.versions.first?.metrics == .object(["precision": .double(0.9)]))
        }
    }
}
