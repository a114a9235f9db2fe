import Logging
import PostgresNIO
public import Registry

/// One schema migration: a number, a name and its statements, run in order in one transaction.
struct PostgresMigration: Sendable {
    var version: Int
    var name: String
    var statements: [String]
}

extension PostgresRegistryStore {
    /// The names of the migrations this build knows, oldest first (`1_registry`, ...).
    public static var knownMigrations: [String] { migrations.map { "\($0.version)_\($0.name)" } }

    /// Brings the schema up to date: creates the schema when configured and missing, then applies, in one
    /// transaction, every migration `schema_migrations` does not list yet.
    ///
    /// Safe to run from several replicas at once: the transaction first takes `pg_advisory_xact_lock` on a key of
    /// the schema, so one replica migrates while the others wait, then find nothing left to do.
    ///
    /// - Returns: the migrations this call applied (empty when the schema was up to date).
    /// - Throws: `newer_schema` when the schema has migrations this build does not know (run that Warden release or
    ///   a later one); `migration_failed` when the server refused a statement, with nothing applied.
    @discardableResult
    public func migrate() async throws(RegistryPostgresError) -> [String] {
        let logger = logger
        let schema = configuration.schema
        let lockName = "warden.registry:" + (schema ?? "default")
        do {
            return try await inTransaction(begin: "BEGIN") { connection in
                try await Self.migrate(connection, schema: schema, lockName: lockName, logger)
            }
        } catch let error as RegistryPostgresError {
            throw error
        } catch {
            throw RegistryPostgresError(
                .migrationFailed,
                "the PostgreSQL registry at \(configuration.endpoint)/\(configuration.database) could not be migrated; "
                    + "nothing was applied. Check that the server is reachable and that the user may create tables"
                    + (schema.map { " in schema \($0) (or create the schema)" } ?? ""),
                cause: ServerError(error))
        }
    }

    /// The migrations applied to the schema, oldest first.
    ///
    /// - Throws: `storage_error`, for instance before the first ``migrate()``.
    public func appliedMigrations() async throws(RegistryError) -> [String] {
        let logger = logger
        return try await read("read the applied migrations") { connection in
            try await Self.rows("SELECT version, name FROM schema_migrations ORDER BY version", connection, logger).map
            {
                row in "\(try row[0].decode(Int.self))_\(try row[1].decode(String.self))"
            }
        }
    }

    private static func migrate(
        _ connection: PostgresConnection, schema: String?, lockName: String, _ logger: Logger
    ) async throws -> [String] {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(migrationLockClass), hashtext(\(lockName)))", logger: logger)
        if let schema {
            // A plain identifier, checked by PostgresStoreConfiguration.validate().
            try await connection.query(
                PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
        }
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let done = Set(
            try await rows("SELECT version FROM schema_migrations", connection, logger).map {
                try $0[0].decode(Int.self)
            })
        let known = Set(migrations.map(\.version))
        if let unknown = done.subtracting(known).min() {
            throw RegistryPostgresError(
                .newerSchema,
                "the PostgreSQL registry schema was migrated by a newer Warden (it has migration \(unknown); this "
                    + "build knows \(knownMigrations.joined(separator: ", "))); run that release or a later one")
        }
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.version) {
            for statement in migration.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query(
                "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                logger: logger)
            applied.append("\(migration.version)_\(migration.name)")
        }
        return applied
    }

    /// The schema's migrations, in order. Append-only: a migration is never edited once it has landed; a change is
    /// a new migration registered after the last one.
    ///
    /// Conventions, those of the SQLite store's schema where PostgreSQL allows: times are `double precision`
    /// seconds since Foundation's reference date (a `Date` comes back bit for bit); JSON is `text`, stored as
    /// received or as `JSONEncoder` wrote it; a column is `NOT NULL` wherever the record's field is not optional;
    /// event ids are identities, so "oldest first" is id order and ids are never reused after a clear.
    static let migrations: [PostgresMigration] = [
        PostgresMigration(version: 1, name: "registry", statements: registry),
        PostgresMigration(version: 2, name: "security", statements: security),
        PostgresMigration(version: 3, name: "monitoring", statements: monitoring),
        PostgresMigration(version: 4, name: "agents", statements: agents),
        PostgresMigration(version: 5, name: "artifacts", statements: artifacts),
        PostgresMigration(version: 6, name: "log_events", statements: logEvents),
        PostgresMigration(version: 7, name: "incidents", statements: incidents),
    ]

    /// Versions and lifecycle, artifacts, deployment, transfer and import histories (``VersionStore``,
    /// ``HistoryStore``). The summary columns (what listings show) are extracted once at insert.
    private static let registry = [
        """
        CREATE TABLE models (
            name text PRIMARY KEY,
            -- Bumped by every committed change to the model's versions; commit compares it with the plan's base.
            revision bigint NOT NULL DEFAULT 0 CHECK (revision >= 0)
        )
        """,
        """
        CREATE TABLE versions (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            model text NOT NULL REFERENCES models(name) ON DELETE RESTRICT,
            version text NOT NULL,
            status text NOT NULL
                CHECK (status IN ('imported', 'available', 'deployed', 'production', 'deactivated', 'failed')),
            failure_reason text,
            metadata_json text,
            manifest_json text,
            threshold double precision,
            anomaly_ratio double precision,
            score_percentile bigint,
            batch_size bigint,
            timeout_seconds bigint,
            tags_json text NOT NULL DEFAULT '[]',
            description text,
            import_source text NOT NULL,
            imported_at double precision NOT NULL,
            validation_report_json text,
            summary_created_at text,
            summary_metrics_json text NOT NULL DEFAULT '{}',
            summary_valid boolean,
            summary_score double precision,
            summary_file_size bigint NOT NULL DEFAULT 0,
            CONSTRAINT versions_model_version UNIQUE (model, version)
        )
        """,
        // At most one serving version per model, whoever writes.
        """
        CREATE UNIQUE INDEX versions_one_serving ON versions(model) WHERE status IN ('deployed', 'production')
        """,
        """
        CREATE TABLE artifacts (
            sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
            size bigint NOT NULL CHECK (size >= 0)
        )
        """,
        """
        CREATE TABLE version_files (
            version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            position integer NOT NULL,
            name text NOT NULL,
            sha256 text NOT NULL REFERENCES artifacts(sha256) ON DELETE RESTRICT,
            size bigint NOT NULL CHECK (size >= 0),
            PRIMARY KEY (version_id, position),
            UNIQUE (version_id, name)
        )
        """,
        "CREATE INDEX version_files_by_sha256 ON version_files(sha256)",
        """
        CREATE TABLE deployment_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            model text NOT NULL REFERENCES models(name) ON DELETE RESTRICT,
            from_version text,
            to_version text NOT NULL,
            actor text NOT NULL,
            at double precision NOT NULL,
            reason text,
            kind text NOT NULL CHECK (kind IN ('deploy', 'rollback', 'promote'))
        )
        """,
        "CREATE INDEX deployment_events_by_model ON deployment_events(model, id)",
        """
        CREATE TABLE transfer_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source text NOT NULL,
            model text NOT NULL,
            version text NOT NULL,
            status text NOT NULL,
            at double precision NOT NULL,
            message text
        )
        """,
        "CREATE INDEX transfer_events_by_at ON transfer_events(at)",
        """
        CREATE TABLE import_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            model text NOT NULL,
            source text NOT NULL,
            version text,
            outcome text NOT NULL CHECK (outcome IN ('imported', 'rejected', 'failed')),
            at double precision NOT NULL,
            message text
        )
        """,
        "CREATE INDEX import_events_by_model ON import_events(model, id)",
    ]

    /// API keys and the audit log (``SecurityStore``). Keys hold a salted SHA-256 of their secret, never the
    /// secret; their names are unique among active keys only. Every write to `api_keys`, by this store or any other
    /// writer, bumps the one row of `security_generation` in the same transaction through a trigger, so replicas
    /// polling it notice every change. `audit_log` is append-only in the schema: triggers refuse every `UPDATE`,
    /// `DELETE` and `TRUNCATE`.
    private static let security = [
        """
        CREATE TABLE api_keys (
            id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
            name text NOT NULL CHECK (name <> ''),
            role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
            -- A JSON array of model names; NULL: every model.
            models_json text,
            salt text NOT NULL CHECK (salt ~ '^[0-9a-f]+$'),
            hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
            created_at double precision NOT NULL,
            created_by text NOT NULL,
            rotated_at double precision,
            revoked_at double precision
        )
        """,
        "CREATE UNIQUE INDEX api_keys_active_name ON api_keys(name) WHERE revoked_at IS NULL",
        """
        CREATE TABLE security_generation (
            id integer PRIMARY KEY CHECK (id = 1),
            generation bigint NOT NULL CHECK (generation >= 0)
        )
        """,
        "INSERT INTO security_generation (id, generation) VALUES (1, 0)",
        """
        CREATE FUNCTION api_keys_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE security_generation SET generation = generation + 1 WHERE id = 1;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER api_keys_bump_generation AFTER INSERT OR UPDATE OR DELETE ON api_keys
        FOR EACH ROW EXECUTE FUNCTION api_keys_bump_generation()
        """,
        """
        CREATE TABLE audit_log (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at double precision NOT NULL,
            actor text NOT NULL CHECK (actor <> ''),
            action text NOT NULL CHECK (action <> ''),
            target text NOT NULL CHECK (target <> ''),
            before_state text,
            after_state text,
            outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
            details text NOT NULL DEFAULT '{}'
        )
        """,
        "CREATE INDEX audit_log_by_at ON audit_log(at)",
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """,
        """
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
        """,
        """
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
        """,
    ]

    /// Monitoring data (``MonitoringStore``): metric buckets merged by addition, the latest window per version and
    /// server instance, drift baselines and the drift alert history. No foreign keys to `versions`: monitoring data
    /// may outlive a deleted version until ``deleteMonitoringData(olderThan:)`` removes it, and writers recording
    /// predictions must not fail or wait on the registry's rows. Payloads are opaque `bytea`.
    private static let monitoring = [
        """
        CREATE TABLE metric_buckets (
            model text COLLATE "C" NOT NULL,
            version text COLLATE "C" NOT NULL,
            bucket_start double precision NOT NULL,
            seconds bigint NOT NULL CHECK (seconds > 0),
            predictions bigint NOT NULL CHECK (predictions >= 0),
            errors bigint NOT NULL CHECK (errors >= 0),
            anomalies bigint NOT NULL CHECK (anomalies >= 0),
            latency_sum double precision NOT NULL,
            latency_sum_of_squares double precision NOT NULL,
            latency_min double precision,
            latency_max double precision,
            score_count bigint NOT NULL CHECK (score_count >= 0),
            score_sum double precision NOT NULL,
            score_sum_of_squares double precision NOT NULL,
            score_min double precision,
            score_max double precision,
            PRIMARY KEY (model, version, bucket_start, seconds)
        )
        """,
        // Range reads and the cleanup's time-range delete.
        "CREATE INDEX metric_buckets_by_start ON metric_buckets(bucket_start)",
        """
        CREATE TABLE monitoring_windows (
            model text NOT NULL,
            version text NOT NULL,
            -- The server process or replica that wrote the window; each replaces only its own.
            instance text COLLATE "C" NOT NULL,
            updated_at double precision NOT NULL,
            payload bytea NOT NULL,
            UNIQUE (model, version, instance)
        )
        """,
        "CREATE INDEX monitoring_windows_by_updated_at ON monitoring_windows(updated_at)",
        """
        CREATE TABLE drift_baselines (
            model text NOT NULL,
            version text NOT NULL,
            captured_at double precision NOT NULL,
            source text NOT NULL,
            actor text NOT NULL,
            payload bytea NOT NULL,
            UNIQUE (model, version)
        )
        """,
        """
        CREATE TABLE drift_alerts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            model text NOT NULL,
            version text NOT NULL,
            kind text NOT NULL,
            event text NOT NULL CHECK (event IN ('raised', 'cleared')),
            at double precision NOT NULL,
            value double precision NOT NULL,
            threshold double precision NOT NULL,
            details text NOT NULL
        )
        """,
        "CREATE INDEX drift_alerts_by_version ON drift_alerts(model, version, id)",
        "CREATE INDEX drift_alerts_by_at ON drift_alerts(at)",
    ]

    /// The agents' data (``AnomalyStore``).
    ///
    /// - `window_outcomes`: one row per closed window of an agent, the primary model's and the shadow's apart; its
    ///   primary key (agent, shadow, window_start, entity) is the exactly-once key and serves the range reads in
    ///   their order.
    /// - `anomalies`: (agent, entity, window_start) unique; ids are identities, never reused after retention. One
    ///   index per listing filter, each ending in the listing order (newest window first, then entity).
    /// - `agent_checkpoints`: one per agent, replaced with each commit.
    /// - `agent_pairings`: the current pairing per agent; `agent_pairing_history`: every pairing, in id order.
    ///
    /// Sorted text (`entity`) is `COLLATE "C"`, byte order, whatever the database's locale, as in the other stores.
    /// No foreign keys: agents and models are named, not registered rows, and the data outlives deleted versions.
    private static let agents = [
        """
        CREATE TABLE window_outcomes (
            agent text NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            shadow boolean NOT NULL,
            entity text COLLATE "C" NOT NULL CHECK (octet_length(entity) BETWEEN 1 AND 256),
            window_start bigint NOT NULL,
            window_end bigint NOT NULL CHECK (window_end > window_start),
            event_count bigint NOT NULL CHECK (event_count >= 0),
            outcome text NOT NULL CHECK (outcome IN ('normal', 'anomaly', 'skipped')),
            model text,
            version text CHECK (version IS NULL OR model IS NOT NULL),
            score double precision,
            threshold double precision,
            recorded_at double precision NOT NULL,
            PRIMARY KEY (agent, shadow, window_start, entity)
        )
        """,
        // Retention deletes by window start across agents.
        "CREATE INDEX window_outcomes_by_start ON window_outcomes(window_start)",
        """
        CREATE TABLE anomalies (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            agent text NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            entity text COLLATE "C" NOT NULL CHECK (octet_length(entity) BETWEEN 1 AND 256),
            window_start bigint NOT NULL,
            window_end bigint NOT NULL CHECK (window_end > window_start),
            type text NOT NULL CHECK (type <> ''),
            severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
            status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved', 'false_positive')),
            model text NOT NULL,
            version text NOT NULL,
            score double precision NOT NULL,
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL,
            payload bytea NOT NULL,
            CONSTRAINT anomalies_one_per_window UNIQUE (agent, entity, window_start)
        )
        """,
        "CREATE INDEX anomalies_newest ON anomalies(window_start DESC, entity)",
        "CREATE INDEX anomalies_by_agent ON anomalies(agent, window_start DESC, entity)",
        "CREATE INDEX anomalies_by_entity ON anomalies(entity, window_start DESC)",
        "CREATE INDEX anomalies_by_type ON anomalies(type, window_start DESC, entity)",
        "CREATE INDEX anomalies_by_severity ON anomalies(severity, window_start DESC, entity)",
        "CREATE INDEX anomalies_by_status ON anomalies(status, window_start DESC, entity)",
        """
        CREATE TABLE agent_checkpoints (
            agent text PRIMARY KEY CHECK (length(agent) BETWEEN 1 AND 128),
            position bigint NOT NULL,
            state bytea NOT NULL,
            updated_at double precision NOT NULL
        )
        """,
        """
        CREATE TABLE agent_pairings (
            agent text PRIMARY KEY CHECK (length(agent) BETWEEN 1 AND 128),
            model text NOT NULL CHECK (model <> ''),
            version text,
            shadow_version text,
            actor text NOT NULL CHECK (actor <> ''),
            at double precision NOT NULL,
            reason text
        )
        """,
        """
        CREATE TABLE agent_pairing_history (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            agent text NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            model text NOT NULL CHECK (model <> ''),
            version text,
            shadow_version text,
            actor text NOT NULL CHECK (actor <> ''),
            at double precision NOT NULL,
            reason text
        )
        """,
        "CREATE INDEX agent_pairing_history_by_agent ON agent_pairing_history(agent, id)",
    ]

    /// Package files (``PostgresArtifactStore``), content-addressed: the digest is the key and is checked again on
    /// every read. Model files are mostly compressed already: stored out of line without another compression.
    private static let artifacts = [
        """
        CREATE TABLE artifact_blobs (
            sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
            size bigint NOT NULL CHECK (size >= 0),
            bytes bytea NOT NULL CHECK (octet_length(bytes) = size)
        )
        """,
        "ALTER TABLE artifact_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL",
    ]

    /// The embedded log source (``LogEventStore``): ids are identities, so they never go back, even after every
    /// event was deleted; an index on `received_at` for retention. `ts` is µs since the epoch, as the agents count.
    private static let logEvents = [
        """
        CREATE TABLE log_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ts bigint NOT NULL,
            ap text NOT NULL CHECK (ap <> ''),
            bssid text,
            client_mac text,
            ssid text,
            event_type text NOT NULL CHECK (event_type <> ''),
            level text NOT NULL CHECK (level IN ('info', 'warning', 'error')),
            signal_dbm double precision,
            data_rate_mbps double precision,
            packet_loss double precision,
            message text,
            received_at double precision NOT NULL
        )
        """,
        "CREATE INDEX log_events_by_received_at ON log_events(received_at)",
    ]

    /// Incidents (``IncidentTracker``), written in the transaction of their anomalies' commit, as in the SQLite
    /// store's `v6`:
    /// - `incidents`: one per run of anomalous windows of an agent, entity, type and model; ids are identities; the
    ///   listing order is newest start first, then entity (`COLLATE "C"`, byte order), then id.
    /// - `incident_anomalies`: which anomalies an incident holds (an anomaly is in at most one); removing an anomaly
    ///   (retention) removes its link, and retention removes an incident left without anomalies.
    private static let incidents = [
        """
        CREATE TABLE incidents (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            agent text NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            entity text COLLATE "C" NOT NULL CHECK (octet_length(entity) BETWEEN 1 AND 256),
            type text NOT NULL CHECK (type <> ''),
            model text NOT NULL,
            status text NOT NULL CHECK (status IN ('open', 'closed')),
            start_at bigint NOT NULL,
            end_at bigint NOT NULL CHECK (end_at > start_at),
            window_length bigint NOT NULL CHECK (window_length > 0),
            peak_severity text NOT NULL CHECK (peak_severity IN ('low', 'medium', 'high', 'critical')),
            window_count bigint NOT NULL CHECK (window_count >= 1),
            opened_at double precision NOT NULL,
            updated_at double precision NOT NULL
        )
        """,
        "CREATE INDEX incidents_newest ON incidents(start_at DESC, entity)",
        "CREATE INDEX incidents_by_key ON incidents(agent, entity, type, model, start_at DESC)",
        "CREATE INDEX incidents_open ON incidents(agent, status, end_at)",
        // The unique anomaly_id indexes the cascade from anomalies; the primary key, the one from incidents.
        """
        CREATE TABLE incident_anomalies (
            incident_id bigint NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            anomaly_id bigint NOT NULL UNIQUE REFERENCES anomalies(id) ON DELETE CASCADE,
            window_start bigint NOT NULL,
            PRIMARY KEY (incident_id, window_start, anomaly_id)
        )
        """,
    ]
}
