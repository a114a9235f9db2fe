import Foundation
import GRDB
import Registry

/// Reading and writing rows inside a transaction the caller opened. Every statement binds its values.
extension SQLiteRegistryStore {
    static func insertRow(_ record: VersionRecord, tags: [String], _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO models (name, revision) VALUES (?, 1)
                ON CONFLICT (name) DO UPDATE SET revision = revision + 1
                """,
            arguments: [record.model])
        let config = record.inferenceConfig
        let report = try record.validationReport.map { report in try encode(report) }
        do {
            try db.execute(
                sql: """
                    INSERT INTO versions (
                        model, version, status, failure_reason, metadata_json, manifest_json, threshold, anomaly_ratio,
                        score_percentile, batch_size, timeout_seconds, tags_json, description, import_source,
                        imported_at, validation_report_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.model, record.version, record.status.rawValue, record.failureReason, record.metadataJSON,
                    record.manifestJSON, config.threshold, config.anomalyRatio, config.scorePercentile,
                    config.batchSize, config.timeoutSeconds, try encode(tags), record.description,
                    record.importSource, record.importedAt.timeIntervalSinceReferenceDate, report,
                ])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw insertConflict(record, error)
        }
        let id = db.lastInsertedRowID
        try writeSummary(SummaryFacts(record), id: id, db)
        for (position, file) in record.files.enumerated() {
            // The first size seen for a digest stays the artifact's size, as in the in-memory store.
            try db.execute(
                sql: "INSERT INTO artifacts (sha256, size) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
                arguments: [file.sha256, file.size])
            try db.execute(
                sql: "INSERT INTO version_files (version_id, position, name, sha256, size) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, position, file.name, file.sha256, file.size])
        }
    }

    /// Maps a UNIQUE violation on insert: (model, version) is `duplicate_version`; a second serving version
    /// (the `versions_one_serving` index) is `invalid_record`.
    private static func insertConflict(_ record: VersionRecord, _ error: DatabaseError) -> RegistryError {
        if error.message?.contains("versions.version") ?? false {
            return RegistryError(
                .duplicateVersion,
                "model '\(record.model)' already has version '\(record.version)'; import under a new version or "
                    + "delete the existing one first",
                model: record.model, version: record.version, cause: error)
        }
        return RegistryError(
            .invalidRecord,
            "model '\(record.model)' already has a serving version, so version '\(record.version)' cannot be inserted "
                + "as \(record.status.rawValue); insert it as imported or available and deploy it",
            model: record.model, version: record.version, cause: error)
    }

    static func fetchRecords(model: String, version: String? = nil, _ db: Database) throws -> [VersionRecord] {
        var arguments: StatementArguments = [model]
        var versionFilter = ""
        if let version {
            arguments += [version]
            versionFilter = " AND v.version = ?"
        }
        var filesByID: [Int64: [ArtifactReference]] = [:]
        let fileSQL = """
            SELECT f.version_id, f.name, f.sha256, f.size FROM version_files f JOIN versions v ON v.id = f.version_id
            WHERE v.model = ?\(versionFilter) ORDER BY f.version_id, f.position
            """
        // Cursors read each row in place; columns by index, in the order the SELECT lists them.
        let files = try Row.fetchCursor(db, sql: fileSQL, arguments: arguments)
        while let row = try files.next() {
            let file = ArtifactReference(
                name: try row.decode(atIndex: 1), sha256: try row.decode(atIndex: 2), size: try row.decode(atIndex: 3))
            filesByID[try row.decode(Int64.self, atIndex: 0), default: []].append(file)
        }
        var decoder = VersionRowDecoder()
        var records: [VersionRecord] = []
        var reports: [Data?] = []
        let versionSQL = "SELECT \(VersionRowDecoder.columns) FROM versions v WHERE v.model = ?\(versionFilter)"
        let rows = try Row.fetchCursor(db, sql: versionSQL, arguments: arguments)
        while let row = try rows.next() {
            let (record, report) = try decoder.versionRecord(row, files: filesByID[try VersionRowDecoder.id(row)] ?? [])
            records.append(record)
            reports.append(report)
        }
        return try VersionRowDecoder.withReports(records, reports)
    }

    static func fetchLifecycle(model: String, _ db: Database) throws -> Lifecycle {
        let revision = try Int.fetchOne(db, sql: "SELECT revision FROM models WHERE name = ?", arguments: [model])
        var statuses: [String: VersionStatus] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT version, status FROM versions WHERE model = ?", arguments: [model])
        {
            let text: String = try row.decode(forColumn: "status")
            guard let status = VersionStatus(rawValue: text) else { throw corrupt("unknown status '\(text)'") }
            statuses[try row.decode(forColumn: "version")] = status
        }
        return Lifecycle(
            model: model, revision: revision ?? 0, statuses: statuses,
            deployments: try fetchDeployments(model: model, db))
    }

    static func fetchDeployments(model: String?, _ db: Database) throws -> [DeploymentEvent] {
        let columns = "model, from_version, to_version, actor, at, reason, kind"
        let rows =
            if let model {
                try Row.fetchAll(
                    db, sql: "SELECT \(columns) FROM deployment_events WHERE model = ? ORDER BY id", arguments: [model])
            } else {
                try Row.fetchAll(db, sql: "SELECT \(columns) FROM deployment_events ORDER BY id")
            }
        return try rows.map { row in
            let kindText: String = try row.decode(forColumn: "kind")
            guard let kind = DeploymentEvent.Kind(rawValue: kindText) else {
                throw corrupt("unknown deployment kind '\(kindText)'")
            }
            return DeploymentEvent(
                model: try row.decode(forColumn: "model"), from: try row.decode(forColumn: "from_version"),
                to: try row.decode(forColumn: "to_version"), actor: try row.decode(forColumn: "actor"),
                at: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "at")),
                reason: try row.decode(forColumn: "reason"), kind: kind)
        }
    }

    static func insertDeployment(_ event: DeploymentEvent, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO deployment_events (model, from_version, to_version, actor, at, reason, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                event.model, event.from, event.to, event.actor, event.at.timeIntervalSinceReferenceDate, event.reason,
                event.kind.rawValue,
            ])
    }

    static func deleteVersion(model: String, version: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM versions WHERE model = ? AND version = ?", arguments: [model, version])
    }

    static func setRevision(_ revision: Int, model: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO models (name, revision) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET revision = excluded.revision
                """,
            arguments: [model, revision])
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func corrupt(_ what: String) -> RegistryError {
        RegistryError(
            .storage,
            "the SQLite registry holds a row this build cannot read (\(what)); open it with the Warden release that "
                + "wrote it or restore a backup")
    }
}
