public import Foundation
import GRDB
public import Registry

/// The embedded default ``RegistryStore``: one SQLite file, opened in WAL mode through a GRDB `DatabasePool`.
///
/// Every change runs in one `BEGIN IMMEDIATE` transaction, so it is atomic and takes SQLite's write lock before it
/// reads: ``commit(_:)`` re-reads the model's revision under that lock and refuses a stale plan with `conflict`,
/// even against another process sharing the file. Reads see one consistent snapshot. Backend failures are
/// `storage_error` with SQLite's message as the cause. The schema is created and upgraded by append-only migrations
/// when the store opens.
///
/// ```swift
/// let store = try SQLiteRegistryStore(path: "/var/lib/warden/registry.sqlite")
/// try await store.insert(record)
/// ```
public final class SQLiteRegistryStore: RegistryStore, Sendable {
    private let writer: any DatabaseWriter

    /// Opens (creating it if needed) the registry database at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - path: the database file; its directory must exist. WAL mode adds `-wal` and `-shm` files beside it.
    ///   - busyTimeout: how long a write waits for another process's write lock before failing.
    /// - Throws: `storage_error` when the file cannot be opened or migrated, or was written by a newer Warden.
    public init(path: String, busyTimeout: TimeInterval = 5) throws(RegistryError) {
        var config = Self.configuration()
        config.busyMode = .timeout(busyTimeout)
        do {
            writer = try DatabasePool(path: path, configuration: config)
        } catch {
            throw Self.wrap(error, "open the database at '\(path)'")
        }
        try migrate()
    }

    /// Opens a private in-memory database: for tests and single-run tools. Nothing survives the store.
    ///
    /// - Throws: `storage_error` when SQLite cannot create the database.
    public init() throws(RegistryError) {
        do {
            writer = try DatabaseQueue(configuration: Self.configuration())
        } catch {
            throw Self.wrap(error, "create an in-memory database")
        }
        try migrate()
    }

    /// The names of the migrations this build knows, oldest first.
    public static var knownMigrations: [String] { migrator.migrations }

    /// The names of the migrations applied to the open database, oldest first.
    ///
    /// - Throws: `storage_error`.
    public func appliedMigrations() async throws(RegistryError) -> [String] {
        try await read("read the applied migrations") { db in try Self.migrator.appliedMigrations(db) }
    }

    /// The `CREATE` statements of the database's tables, indexes and triggers, ordered by name: the schema as SQLite
    /// keeps it, for diagnostics and for checking that opening a store left an up-to-date schema alone.
    ///
    /// - Throws: `storage_error`.
    public func schema() async throws(RegistryError) -> [String] {
        try await read("read the schema") { db in
            try String.fetchAll(
                db,
                sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
    }

    // MARK: - RegistryStore

    /// See ``RegistryStore/insert(_:)``.
    public func insert(_ record: VersionRecord) async throws(RegistryError) {
        try record.validate()
        let tags = Self.unique(record.tags)
        try await write("insert version '\(record.version)' of model '\(record.model)'") { db in
            try Self.insertRow(record, tags: tags, db)
        }
    }

    /// See ``RegistryStore/record(model:version:)``.
    public func record(model: String, version: String) async throws(RegistryError) -> VersionRecord {
        let found = try await read("read version '\(version)' of model '\(model)'") { db in
            try Self.fetchRecords(model: model, version: version, db).first
        }
        guard let found else { throw Self.notFound(model, version) }
        return found
    }

    /// See ``RegistryStore/records(model:)``.
    public func records(model: String) async throws(RegistryError) -> [VersionRecord] {
        VersionOrder.sorted(
            try await read("read the versions of model '\(model)'") { db in try Self.fetchRecords(model: model, db) })
    }

    /// See ``RegistryStore/models()``.
    public func models() async throws(RegistryError) -> [String] {
        try await read("list the models") { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT model FROM versions")
        }.sorted()
    }

    /// See ``RegistryStore/lifecycle(model:)``.
    public func lifecycle(model: String) async throws(RegistryError) -> Lifecycle {
        try await read("read the lifecycle of model '\(model)'") { db in try Self.fetchLifecycle(model: model, db) }
    }

    /// See ``RegistryStore/commit(_:)``.
    @discardableResult
    public func commit(_ plan: LifecyclePlan) async throws(RegistryError) -> Int {
        try await write("commit the \(plan.command.name) of model '\(plan.model)'") { db in
            // Re-read under the write lock: `applying` throws `conflict` when the revision moved since planning.
            let next = try Self.fetchLifecycle(model: plan.model, db).applying(plan)
            // Demotions first, so the one-serving-version index never sees two serving rows at once.
            for change in plan.changes.sorted(by: { !$0.to.isServing && $1.to.isServing }) {
                try db.execute(
                    sql: "UPDATE versions SET status = ?, failure_reason = ? WHERE model = ? AND version = ?",
                    arguments: [
                        change.to.rawValue, change.to == .failed ? plan.failureReason : nil, plan.model,
                        change.version,
                    ])
            }
            if let version = plan.deletion { try Self.deleteVersion(model: plan.model, version: version, db) }
            if let event = plan.deployment { try Self.insertDeployment(event, db) }
            try Self.setRevision(next.revision, model: plan.model, db)
            return next.revision
        }
    }

    /// See ``RegistryStore/setTags(_:model:version:)``.
    public func setTags(_ tags: [String], model: String, version: String) async throws(RegistryError) {
        let json: String
        do { json = try Self.encode(Self.unique(tags)) } catch { throw Self.wrap(error, "encode tags") }
        try await updateVersion(model: model, version: version, .tags, json)
    }

    /// See ``RegistryStore/setDescription(_:model:version:)``.
    public func setDescription(_ description: String?, model: String, version: String) async throws(RegistryError) {
        try await updateVersion(model: model, version: version, .description, description)
    }

    /// See ``RegistryStore/deploymentHistory(model:)``.
    public func deploymentHistory(model: String?) async throws(RegistryError) -> [DeploymentEvent] {
        try await read("read the deployment history") { db in try Self.fetchDeployments(model: model, db) }
    }

    /// See ``RegistryStore/recordTransfer(_:)``.
    public func recordTransfer(_ event: TransferEvent) async throws(RegistryError) {
        try await write("record a transfer of model '\(event.model)'") { db in
            try db.execute(
                sql: """
                    INSERT INTO transfer_events (source, model, version, status, at, message)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.source, event.model, event.version, event.status, event.at.timeIntervalSinceReferenceDate,
                    event.message,
                ])
        }
    }

    /// See ``RegistryStore/transferHistory()``.
    public func transferHistory() async throws(RegistryError) -> [TransferEvent] {
        try await read("read the transfer history") { db in
            try Row.fetchAll(
                db, sql: "SELECT source, model, version, status, at, message FROM transfer_events ORDER BY id"
            ).map { row in
                TransferEvent(
                    source: try row.decode(forColumn: "source"), model: try row.decode(forColumn: "model"),
                    version: try row.decode(forColumn: "version"), status: try row.decode(forColumn: "status"),
                    at: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "at")),
                    message: try row.decode(forColumn: "message"))
            }
        }
    }

    /// See ``RegistryStore/clearTransferHistory(olderThan:)``.
    @discardableResult
    public func clearTransferHistory(olderThan: Date?) async throws(RegistryError) -> Int {
        try await write("clear the transfer history") { db in
            if let olderThan {
                try db.execute(
                    sql: "DELETE FROM transfer_events WHERE at < ?",
                    arguments: [olderThan.timeIntervalSinceReferenceDate])
            } else {
                try db.execute(sql: "DELETE FROM transfer_events")
            }
            return db.changesCount
        }
    }

    /// See ``RegistryStore/recordImport(_:)``.
    public func recordImport(_ event: ImportEvent) async throws(RegistryError) {
        try await write("record an import of model '\(event.model)'") { db in
            try db.execute(
                sql: """
                    INSERT INTO import_events (model, source, version, outcome, at, message)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.model, event.source, event.version, event.outcome.rawValue,
                    event.at.timeIntervalSinceReferenceDate, event.message,
                ])
        }
    }

    /// See ``RegistryStore/importHistory(model:)``.
    public func importHistory(model: String?) async throws(RegistryError) -> [ImportEvent] {
        try await read("read the import history") { db in
            let columns = "model, source, version, outcome, at, message"
            let rows =
                if let model {
                    try Row.fetchAll(
                        db, sql: "SELECT \(columns) FROM import_events WHERE model = ? ORDER BY id", arguments: [model])
                } else {
                    try Row.fetchAll(db, sql: "SELECT \(columns) FROM import_events ORDER BY id")
                }
            return try rows.map { row in
                let text: String = try row.decode(forColumn: "outcome")
                guard let outcome = ImportEvent.Outcome(rawValue: text) else {
                    throw RegistryError(.storage, "the SQLite registry holds an unknown import outcome '\(text)'")
                }
                return ImportEvent(
                    model: try row.decode(forColumn: "model"), source: try row.decode(forColumn: "source"),
                    version: try row.decode(forColumn: "version"), outcome: outcome,
                    at: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "at")),
                    message: try row.decode(forColumn: "message"))
            }
        }
    }

    /// See ``RegistryStore/referencedDigests()``.
    public func referencedDigests() async throws(RegistryError) -> Set<String> {
        try await read("list the referenced digests") { db in
            try String.fetchSet(db, sql: "SELECT DISTINCT sha256 FROM version_files")
        }
    }

    /// See ``RegistryStore/unreferencedArtifacts()``.
    public func unreferencedArtifacts() async throws(RegistryError) -> [Artifact] {
        try await read("list unreferenced artifacts") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sha256, size FROM artifacts a
                    WHERE NOT EXISTS (SELECT 1 FROM version_files f WHERE f.sha256 = a.sha256) ORDER BY sha256
                    """
            ).map { row in
                Artifact(sha256: try row.decode(forColumn: "sha256"), size: try row.decode(forColumn: "size"))
            }
        }
    }

    /// See ``RegistryStore/forgetArtifacts(_:)``.
    @discardableResult
    public func forgetArtifacts(_ sha256: [String]) async throws(RegistryError) -> [String] {
        try await write("forget artifacts") { db in
            var removed: [String] = []
            for digest in Set(sha256).sorted() {
                try db.execute(
                    sql: """
                        DELETE FROM artifacts
                        WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM version_files WHERE sha256 = ?)
                        """,
                    arguments: [digest, digest])
                if db.changesCount > 0 { removed.append(digest) }
            }
            return removed
        }
    }

    /// See ``RegistryStore/applyRetention(model:policy:now:)``.
    @discardableResult
    public func applyRetention(model: String, policy: RetentionPolicy, now: Date) async throws(RegistryError)
        -> [String]
    {
        try await write("apply retention to model '\(model)'") { db in
            let removed = Retention.versionsToRemove(
                records: VersionOrder.sorted(try Self.fetchRecords(model: model, db)),
                history: try Self.fetchDeployments(model: model, db), policy: policy, now: now)
            guard !removed.isEmpty else { return [] }
            for version in removed { try Self.deleteVersion(model: model, version: version, db) }
            let revision = try Int.fetchOne(db, sql: "SELECT revision FROM models WHERE name = ?", arguments: [model])
            try Self.setRevision((revision ?? 0) + 1, model: model, db)
            return removed
        }
    }

    // MARK: - Plumbing

    private static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "warden.registry"
        return config
    }

    private func migrate() throws(RegistryError) {
        do {
            let migrator = Self.migrator
            if try writer.read({ db in try migrator.hasBeenSuperseded(db) }) {
                throw RegistryError(
                    .storage,
                    "the registry database was migrated by a newer Warden (it has migrations this build does not "
                        + "know: it knows \(migrator.migrations)); open it with that release or a later one")
            }
            try Self.migrateRacing(migrator, writer)
        } catch {
            throw Self.wrap(error, "migrate the registry schema")
        }
    }

    /// Runs the migrations, tolerating another process migrating the same new file at the same time.
    ///
    /// GRDB reads which migrations are applied before it opens each migration's `BEGIN IMMEDIATE` transaction, so
    /// two processes opening a new database together both try `v1` and the second fails ("table ... already
    /// exists") after waiting for the first. Its transaction rolled back; reading the applied migrations again and
    /// migrating what is still missing is then correct.
    private static func migrateRacing(_ migrator: DatabaseMigrator, _ writer: any DatabaseWriter) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch {
                attempt += 1
                let applied = try writer.read { db in try migrator.appliedMigrations(db) }
                if applied == migrator.migrations { return }
                if attempt >= 5 { throw error }
            }
        }
    }

    /// The version fields that change outside the lifecycle, each with its fixed statement.
    private enum EditableField: String {
        case tags, description

        var sql: String {
            switch self {
            case .tags: "UPDATE versions SET tags_json = ? WHERE model = ? AND version = ?"
            case .description: "UPDATE versions SET description = ? WHERE model = ? AND version = ?"
            }
        }
    }

    private func updateVersion(
        model: String, version: String, _ field: EditableField, _ value: String?
    ) async throws(RegistryError) {
        let sql = field.sql
        let what = "update the \(field.rawValue) of version '\(version)' of model '\(model)'"
        let changed = try await write(what) { db in
            try db.execute(sql: sql, arguments: [value, model, version])
            return db.changesCount
        }
        if changed == 0 { throw Self.notFound(model, version) }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, committed when it returns and rolled back when it throws.
    func write<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(RegistryError) -> T {
        do {
            return try await writer.writeWithoutTransaction { db in
                // inTransaction commits when the block returns and rolls back (and rethrows) when it throws.
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw RegistryError(.storage, "the transaction to \(what) did not run") }
                return result
            }
        } catch {
            throw Self.wrap(error, what)
        }
    }

    /// Runs `body` on one consistent snapshot of the database.
    func read<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(RegistryError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.wrap(error, what)
        }
    }

    private static func wrap(_ error: any Error, _ what: String) -> RegistryError {
        if let error = error as? RegistryError { return error }
        return RegistryError(
            .storage,
            "the SQLite registry failed to \(what); check that the database file is readable and writable, the disk "
                + "has space and no other process holds a long write lock",
            cause: error)
    }

    private static func notFound(_ model: String, _ version: String) -> RegistryError {
        RegistryError(
            .versionNotFound,
            "model '\(model)' has no version '\(version)'; list the model's versions to pick an existing one",
            model: model, version: version)
    }

    private static func unique(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }
}
