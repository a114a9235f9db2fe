import DataFormats
public import Foundation
import Logging
import ModelPackage
import PostgresNIO
public import Registry

/// Versions and lifecycle (``Registry/VersionStore``) in the tables of migration 1. Writers of one model take its
/// advisory lock first; every statement binds its values.
extension PostgresRegistryStore {
    /// See ``Registry/VersionStore/insert(_:)``.
    public func insert(_ record: VersionRecord) async throws(RegistryError) {
        try record.validate()
        let logger = logger
        let row: VersionRow
        do { row = try VersionRow(record) } catch {
            throw RegistryError(
                .invalidRecord, "cannot encode version '\(record.version)' of model '\(record.model)'",
                model: record.model, version: record.version, cause: error)
        }
        try await write("insert version '\(record.version)' of model '\(record.model)'") { connection in
            try await Self.lockModel(record.model, connection, logger)
            try await connection.query(
                """
                INSERT INTO models (name, revision) VALUES (\(record.model), 1)
                ON CONFLICT (name) DO UPDATE SET revision = models.revision + 1
                """, logger: logger)
            // A duplicate (model, version) is checked first, so it is refused before the serving index is.
            let exists = try await Self.rows(
                "SELECT 1 FROM versions WHERE model = \(record.model) AND version = \(record.version)", connection,
                logger)
            if !exists.isEmpty { throw Self.duplicate(record) }
            let config = record.inferenceConfig
            let id: Int64
            do {
                let inserted = try await Self.rows(
                    """
                    INSERT INTO versions (
                        model, version, status, failure_reason, metadata_json, manifest_json, threshold, anomaly_ratio,
                        score_percentile, batch_size, timeout_seconds, tags_json, description, import_source,
                        imported_at, validation_report_json, summary_created_at, summary_metrics_json, summary_valid,
                        summary_score, summary_file_size)
                    VALUES (
                        \(record.model), \(record.version), \(record.status.rawValue), \(record.failureReason),
                        \(record.metadataJSON), \(record.manifestJSON), \(config.threshold), \(config.anomalyRatio),
                        \(config.scorePercentile), \(config.batchSize), \(config.timeoutSeconds), \(row.tags),
                        \(record.description), \(record.importSource),
                        \(record.importedAt.timeIntervalSinceReferenceDate), \(row.report), \(row.facts.createdAt),
                        \(row.metrics), \(row.facts.validation?.valid), \(row.facts.validation?.score),
                        \(row.facts.fileSize))
                    RETURNING id
                    """, connection, logger)
                guard let first = inserted.first else { throw Self.corrupt("the insert returned no id") }
                id = try first[0].decode(Int64.self)
            } catch  where Self.sqlState(error) == "23505" {
                throw RegistryError(
                    .invalidRecord,
                    "model '\(record.model)' already has a serving version, so version '\(record.version)' cannot be "
                        + "inserted as \(record.status.rawValue); insert it as imported or available and deploy it",
                    model: record.model, version: record.version, cause: ServerError(error))
            }
            guard !record.files.isEmpty else { return }
            let digests = record.files.map(\.sha256)
            let sizes = record.files.map { Int64($0.size) }
            let names = record.files.map(\.name)
            let positions = record.files.indices.map { Int64($0) }
            // The first size seen for a digest stays the artifact's size, as in the other stores.
            try await connection.query(
                """
                INSERT INTO artifacts (sha256, size)
                SELECT d, s FROM unnest(\(digests)::text[], \(sizes)::bigint[]) AS f(d, s)
                ON CONFLICT (sha256) DO NOTHING
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO version_files (version_id, position, name, sha256, size)
                SELECT \(id), p, n, d, s
                FROM unnest(\(positions)::bigint[], \(names)::text[], \(digests)::text[], \(sizes)::bigint[])
                    AS f(p, n, d, s)
                """, logger: logger)
        }
    }

    /// See ``Registry/VersionStore/record(model:version:)``.
    public func record(model: String, version: String) async throws(RegistryError) -> VersionRecord {
        let logger = logger
        let found = try await read("read version '\(version)' of model '\(model)'") { connection in
            try await Self.fetchRecords(model: model, version: version, connection, logger).first
        }
        guard let found else { throw Self.notFound(model, version) }
        return found
    }

    /// See ``Registry/VersionStore/records(model:)``.
    public func records(model: String) async throws(RegistryError) -> [VersionRecord] {
        let logger = logger
        return VersionOrder.sorted(
            try await read("read the versions of model '\(model)'") { connection in
                try await Self.fetchRecords(model: model, version: nil, connection, logger)
            })
    }

    /// See ``Registry/VersionStore/models()``.
    public func models() async throws(RegistryError) -> [String] {
        let logger = logger
        return try await read("list the models") { connection in
            try await Self.rows("SELECT DISTINCT model FROM versions", connection, logger).map {
                try $0[0].decode(String.self)
            }
        }.sorted()
    }

    /// See ``Registry/VersionStore/lifecycle(model:)``.
    public func lifecycle(model: String) async throws(RegistryError) -> Lifecycle {
        let logger = logger
        return try await read("read the lifecycle of model '\(model)'") { connection in
            try await Self.fetchLifecycle(model: model, connection, logger)
        }
    }

    /// See ``Registry/VersionStore/commit(_:)``.
    @discardableResult
    public func commit(_ plan: LifecyclePlan) async throws(RegistryError) -> Int {
        let logger = logger
        return try await write("commit the \(plan.command.name) of model '\(plan.model)'") { connection in
            try await Self.lockModel(plan.model, connection, logger)
            // Re-read under the model's lock: `applying` throws `conflict` when the revision moved since planning.
            let next = try await Self.fetchLifecycle(model: plan.model, connection, logger).applying(plan)
            // Demotions first, so the one-serving-version index never sees two serving rows at once.
            for change in plan.changes.sorted(by: { !$0.to.isServing && $1.to.isServing }) {
                let reason = change.to == .failed ? plan.failureReason : nil
                try await connection.query(
                    """
                    UPDATE versions SET status = \(change.to.rawValue), failure_reason = \(reason)
                    WHERE model = \(plan.model) AND version = \(change.version)
                    """, logger: logger)
            }
            if let version = plan.deletion {
                try await connection.query(
                    "DELETE FROM versions WHERE model = \(plan.model) AND version = \(version)", logger: logger)
            }
            if let event = plan.deployment { try await Self.insertDeployment(event, connection, logger) }
            try await Self.setRevision(next.revision, model: plan.model, connection, logger)
            return next.revision
        }
    }

    /// See ``Registry/VersionStore/setTags(_:model:version:)``.
    public func setTags(_ tags: [String], model: String, version: String) async throws(RegistryError) {
        let json: String
        do { json = try Self.encode(Self.unique(tags)) } catch {
            throw RegistryError(.invalidRecord, "cannot encode the tags of version '\(version)'", cause: error)
        }
        let logger = logger
        let changed = try await write("update the tags of version '\(version)' of model '\(model)'") { connection in
            try await Self.count(
                "UPDATE versions SET tags_json = \(json) WHERE model = \(model) AND version = \(version) RETURNING 1",
                connection, logger)
        }
        if changed == 0 { throw Self.notFound(model, version) }
    }

    /// See ``Registry/VersionStore/setDescription(_:model:version:)``.
    public func setDescription(_ description: String?, model: String, version: String) async throws(RegistryError) {
        let logger = logger
        let changed = try await write("update the description of version '\(version)' of model '\(model)'") {
            connection in
            try await Self.count(
                """
                UPDATE versions SET description = \(description) WHERE model = \(model) AND version = \(version)
                RETURNING 1
                """, connection, logger)
        }
        if changed == 0 { throw Self.notFound(model, version) }
    }

    /// See ``Registry/VersionStore/deploymentHistory(model:)``.
    public func deploymentHistory(model: String?) async throws(RegistryError) -> [DeploymentEvent] {
        let logger = logger
        return try await read("read the deployment history") { connection in
            try await Self.fetchDeployments(model: model, connection, logger)
        }
    }

    /// See ``Registry/VersionStore/referencedDigests()``.
    public func referencedDigests() async throws(RegistryError) -> Set<String> {
        let logger = logger
        return Set(
            try await read("list the referenced digests") { connection in
                try await Self.rows("SELECT DISTINCT sha256 FROM version_files", connection, logger).map {
                    try $0[0].decode(String.self)
                }
            })
    }

    /// See ``Registry/VersionStore/unreferencedArtifacts()``.
    public func unreferencedArtifacts() async throws(RegistryError) -> [Artifact] {
        let logger = logger
        return try await read("list unreferenced artifacts") { connection in
            try await Self.rows(
                """
                SELECT sha256, size FROM artifacts a
                WHERE NOT EXISTS (SELECT 1 FROM version_files f WHERE f.sha256 = a.sha256) ORDER BY sha256
                """, connection, logger
            ).map { row in Artifact(sha256: try row[0].decode(String.self), size: try row[1].decode(Int.self)) }
        }
    }

    /// See ``Registry/VersionStore/forgetArtifacts(_:)``.
    @discardableResult
    public func forgetArtifacts(_ sha256: [String]) async throws(RegistryError) -> [String] {
        let logger = logger
        let digests = Set(sha256).sorted()
        return try await write("forget artifacts") { connection in
            try await Self.rows(
                """
                DELETE FROM artifacts a WHERE sha256 = ANY(\(digests)::text[])
                    AND NOT EXISTS (SELECT 1 FROM version_files f WHERE f.sha256 = a.sha256)
                RETURNING sha256
                """, connection, logger
            ).map { try $0[0].decode(String.self) }.sorted()
        }
    }

    /// See ``Registry/VersionStore/applyRetention(model:policy:now:)``.
    @discardableResult
    public func applyRetention(model: String, policy: RetentionPolicy, now: Date) async throws(RegistryError)
        -> [String]
    {
        let logger = logger
        return try await write("apply retention to model '\(model)'") { connection in
            try await Self.lockModel(model, connection, logger)
            let removed = Retention.versionsToRemove(
                records: VersionOrder.sorted(
                    try await Self.fetchRecords(model: model, version: nil, connection, logger)),
                history: try await Self.fetchDeployments(model: model, connection, logger), policy: policy, now: now)
            guard !removed.isEmpty else { return [] }
            try await connection.query(
                "DELETE FROM versions WHERE model = \(model) AND version = ANY(\(removed)::text[])", logger: logger)
            try await connection.query(
                "UPDATE models SET revision = revision + 1 WHERE name = \(model)", logger: logger)
            return removed
        }
    }

    // MARK: - Rows

    /// The columns of a version row that are derived from the record.
    struct VersionRow {
        var tags: String
        var report: String?
        var facts: SummaryFacts
        var metrics: String

        init(_ record: VersionRecord) throws {
            tags = try PostgresRegistryStore.encode(PostgresRegistryStore.unique(record.tags))
            report = try record.validationReport.map { try PostgresRegistryStore.encode($0) }
            facts = SummaryFacts(record)
            metrics = JSONWriter.text(facts.metrics, nonFinite: .literals)
        }
    }

    static func duplicate(_ record: VersionRecord) -> RegistryError {
        RegistryError(
            .duplicateVersion,
            "model '\(record.model)' already has version '\(record.version)'; import under a new version or delete "
                + "the existing one first",
            model: record.model, version: record.version)
    }

    static func fetchRecords(
        model: String, version: String?, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [VersionRecord] {
        // `version IS NULL OR ...`: one statement for one version or all of them, both bound.
        var filesByID: [Int64: [ArtifactReference]] = [:]
        for row in try await rows(
            """
            SELECT f.version_id, f.name, f.sha256, f.size FROM version_files f JOIN versions v ON v.id = f.version_id
            WHERE v.model = \(model) AND (\(version)::text IS NULL OR v.version = \(version))
            ORDER BY f.version_id, f.position
            """, connection, logger)
        {
            let file = ArtifactReference(
                name: try row[1].decode(String.self), sha256: try row[2].decode(String.self),
                size: try row[3].decode(Int.self))
            filesByID[try row[0].decode(Int64.self), default: []].append(file)
        }
        var tagLists: [String: [String]] = ["[]": []]
        return try await rows(
            """
            SELECT id, model, version, status, failure_reason, metadata_json, manifest_json, threshold,
                anomaly_ratio, score_percentile, batch_size, timeout_seconds, tags_json, description, import_source,
                imported_at, validation_report_json
            FROM versions WHERE model = \(model) AND (\(version)::text IS NULL OR version = \(version))
            """, connection, logger
        ).map { row in
            let statusText = try row[3].decode(String.self)
            guard let status = VersionStatus(rawValue: statusText) else {
                throw corrupt("unknown status '\(statusText)'")
            }
            let tagsText = try row[12].decode(String.self)
            let tags: [String]
            if let known = tagLists[tagsText] {
                tags = known
            } else {
                tags = try decode([String].self, tagsText)
                tagLists[tagsText] = tags
            }
            return VersionRecord(
                model: try row[1].decode(String.self), version: try row[2].decode(String.self), status: status,
                failureReason: try row[4].decode(String?.self), metadataJSON: try row[5].decode(String?.self),
                manifestJSON: try row[6].decode(String?.self),
                inferenceConfig: InferenceConfig(
                    threshold: try row[7].decode(Double?.self), anomalyRatio: try row[8].decode(Double?.self),
                    scorePercentile: try row[9].decode(Int?.self), batchSize: try row[10].decode(Int?.self),
                    timeoutSeconds: try row[11].decode(Int?.self)),
                files: filesByID[try row[0].decode(Int64.self)] ?? [], tags: tags,
                description: try row[13].decode(String?.self), importSource: try row[14].decode(String.self),
                importedAt: Date(timeIntervalSinceReferenceDate: try row[15].decode(Double.self)),
                validationReport: try row[16].decode(String?.self).map { try decode(ValidationReport.self, $0) })
        }
    }

    static func fetchLifecycle(model: String, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> Lifecycle
    {
        let revision = try await rows("SELECT revision FROM models WHERE name = \(model)", connection, logger)
            .first.map { try $0[0].decode(Int.self) }
        var statuses: [String: VersionStatus] = [:]
        for row in try await rows("SELECT version, status FROM versions WHERE model = \(model)", connection, logger) {
            let text = try row[1].decode(String.self)
            guard let status = VersionStatus(rawValue: text) else { throw corrupt("unknown status '\(text)'") }
            statuses[try row[0].decode(String.self)] = status
        }
        return Lifecycle(
            model: model, revision: revision ?? 0, statuses: statuses,
            deployments: try await fetchDeployments(model: model, connection, logger))
    }

    static func fetchDeployments(model: String?, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [DeploymentEvent]
    {
        try await rows(
            """
            SELECT model, from_version, to_version, actor, at, reason, kind FROM deployment_events
            WHERE \(model)::text IS NULL OR model = \(model) ORDER BY id
            """, connection, logger
        ).map { row in
            let kindText = try row[6].decode(String.self)
            guard let kind = DeploymentEvent.Kind(rawValue: kindText) else {
                throw corrupt("unknown deployment kind '\(kindText)'")
            }
            return DeploymentEvent(
                model: try row[0].decode(String.self), from: try row[1].decode(String?.self),
                to: try row[2].decode(String.self), actor: try row[3].decode(String.self),
                at: Date(timeIntervalSinceReferenceDate: try row[4].decode(Double.self)),
                reason: try row[5].decode(String?.self), kind: kind)
        }
    }

    static func insertDeployment(_ event: DeploymentEvent, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO deployment_events (model, from_version, to_version, actor, at, reason, kind)
            VALUES (\(event.model), \(event.from), \(event.to), \(event.actor),
                \(event.at.timeIntervalSinceReferenceDate), \(event.reason), \(event.kind.rawValue))
            """, logger: logger)
    }

    static func setRevision(_ revision: Int, model: String, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO models (name, revision) VALUES (\(model), \(revision))
            ON CONFLICT (name) DO UPDATE SET revision = excluded.revision
            """, logger: logger)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Warden's parser first; `JSONDecoder` decides whatever that one does not take.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONValueDecoder.decode(T.self, from: Array(text.utf8))
        } catch {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
    }

    static func unique(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }
}
