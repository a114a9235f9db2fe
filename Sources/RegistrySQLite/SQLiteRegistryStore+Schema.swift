import DataFormats
import GRDB
import Registry

extension SQLiteRegistryStore {
    /// The schema's migrations, in order. Append-only: a migration is never edited once it has landed; a change is a
    /// new migration ("v2", ...) registered after the last one.
    ///
    /// Conventions of every migration:
    /// - timestamps are `REAL` seconds since Foundation's reference date, 2001-01-01T00:00:00Z
    ///   (`Date.timeIntervalSinceReferenceDate`), so a `Date` comes back bit for bit; in SQL,
    ///   `datetime(at + 978307200, 'unixepoch')` shows one;
    /// - JSON (metadata, manifest, tags, validation report) is `TEXT`, stored as received or as `JSONEncoder` wrote it;
    /// - tables are `STRICT`; a column is `NOT NULL` wherever the record's field is not optional;
    /// - event ids are `AUTOINCREMENT`, so "oldest first" is id order and ids are never reused after a clear.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2") { db in try db.execute(sql: v2) }
        migrator.registerMigration("v3") { db in try db.execute(sql: v3) }
        migrator.registerMigration("v4") { db in try v4(db) }
        migrator.registerMigration("v5") { db in try db.execute(sql: v5) }
        migrator.registerMigration("v6") { db in try db.execute(sql: v6) }
        return migrator
    }

    /// Summary columns of versions (``VersionStore/summaries(model:offset:limit:)``): what listings show, extracted
    /// once at insert so a listing parses no metadata document or validation report. Rows inserted before this
    /// migration are backfilled from their stored documents.
    private static func v4(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE versions ADD COLUMN summary_created_at TEXT;
                ALTER TABLE versions ADD COLUMN summary_metrics_json TEXT NOT NULL DEFAULT '{}';
                ALTER TABLE versions ADD COLUMN summary_valid INTEGER CHECK (summary_valid IN (0, 1));
                ALTER TABLE versions ADD COLUMN summary_score REAL;
                ALTER TABLE versions ADD COLUMN summary_file_size INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX versions_by_model ON versions(model, imported_at);
                """)
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM versions")
        for id in ids {
            let row = try Row.fetchOne(
                db, sql: "SELECT model, version FROM versions WHERE id = ?", arguments: [id])
            guard let row, let record = try fetchRecords(model: row["model"], version: row["version"], db).first else {
                continue
            }
            try writeSummary(SummaryFacts(record), id: id, db)
        }
    }

    /// Writes a version's summary columns.
    static func writeSummary(_ facts: SummaryFacts, id: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE versions SET summary_created_at = ?, summary_metrics_json = ?, summary_valid = ?,
                    summary_score = ?, summary_file_size = ? WHERE id = ?
                """,
            arguments: [
                facts.createdAt, JSONWriter.text(facts.metrics, nonFinite: .literals), facts.validation.map { $0.valid ? 1 : 0 },
                facts.validation?.score, facts.fileSize, id,
            ])
    }

    /// The schema as first released.
    private static let v1 = """
        CREATE TABLE models (
            name TEXT NOT NULL PRIMARY KEY,
            -- Bumped by every committed change to the model's versions; commit compares it with the plan's base.
            revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0)
        ) STRICT;

        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            model TEXT NOT NULL REFERENCES models(name) ON DELETE RESTRICT,
            version TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('imported', 'available', 'deployed', 'production', 'deactivated', 'failed')),
            failure_reason TEXT,
            metadata_json TEXT,
            manifest_json TEXT,
            threshold REAL,
            anomaly_ratio REAL,
            score_percentile INTEGER,
            batch_size INTEGER,
            timeout_seconds INTEGER,
            tags_json TEXT NOT NULL DEFAULT '[]',
            description TEXT,
            import_source TEXT NOT NULL,
            imported_at REAL NOT NULL,
            validation_report_json TEXT,
            UNIQUE (model, version)
        ) STRICT;
        -- At most one serving version per model.
        CREATE UNIQUE INDEX versions_one_serving ON versions(model) WHERE status IN ('deployed', 'production');

        CREATE TABLE artifacts (
            sha256 TEXT NOT NULL PRIMARY KEY CHECK (length(sha256) = 64),
            size INTEGER NOT NULL CHECK (size >= 0)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE version_files (
            version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL REFERENCES artifacts(sha256) ON DELETE RESTRICT,
            size INTEGER NOT NULL CHECK (size >= 0),
            PRIMARY KEY (version_id, position),
            UNIQUE (version_id, name)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX version_files_by_sha256 ON version_files(sha256);

        CREATE TABLE deployment_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model TEXT NOT NULL REFERENCES models(name) ON DELETE RESTRICT,
            from_version TEXT,
            to_version TEXT NOT NULL,
            actor TEXT NOT NULL,
            at REAL NOT NULL,
            reason TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('deploy', 'rollback', 'promote'))
        ) STRICT;
        CREATE INDEX deployment_events_by_model ON deployment_events(model, id);

        CREATE TABLE transfer_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            model TEXT NOT NULL,
            version TEXT NOT NULL,
            status TEXT NOT NULL,
            at REAL NOT NULL,
            message TEXT
        ) STRICT;
        CREATE INDEX transfer_events_by_at ON transfer_events(at);

        CREATE TABLE import_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model TEXT NOT NULL,
            source TEXT NOT NULL,
            version TEXT,
            outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'rejected', 'failed')),
            at REAL NOT NULL,
            message TEXT
        ) STRICT;
        CREATE INDEX import_events_by_model ON import_events(model, id);
        """

    /// Monitoring data (``MonitoringStore``): metric buckets merged by addition, the latest window per version and
    /// server instance, drift baselines and the drift alert history. No foreign keys to `versions`: monitoring data
    /// may outlive a deleted version until ``deleteMonitoringData(olderThan:)`` removes it, and writers recording
    /// predictions must not fail or wait on the registry's rows. Payloads are opaque `BLOB`s.
    private static let v2 = """
        CREATE TABLE metric_buckets (
            model TEXT NOT NULL,
            version TEXT NOT NULL,
            bucket_start REAL NOT NULL,
            seconds INTEGER NOT NULL CHECK (seconds > 0),
            predictions INTEGER NOT NULL CHECK (predictions >= 0),
            errors INTEGER NOT NULL CHECK (errors >= 0),
            anomalies INTEGER NOT NULL CHECK (anomalies >= 0),
            latency_sum REAL NOT NULL,
            latency_sum_of_squares REAL NOT NULL,
            latency_min REAL,
            latency_max REAL,
            score_count INTEGER NOT NULL CHECK (score_count >= 0),
            score_sum REAL NOT NULL,
            score_sum_of_squares REAL NOT NULL,
            score_min REAL,
            score_max REAL,
            PRIMARY KEY (model, version, bucket_start, seconds)
        ) STRICT, WITHOUT ROWID;
        -- Range reads and the cleanup's time-range delete.
        CREATE INDEX metric_buckets_by_start ON metric_buckets(bucket_start);

        CREATE TABLE monitoring_windows (
            model TEXT NOT NULL,
            version TEXT NOT NULL,
            -- The server process or replica that wrote the window; each replaces only its own.
            instance TEXT NOT NULL,
            updated_at REAL NOT NULL,
            payload BLOB NOT NULL,
            UNIQUE (model, version, instance)
        ) STRICT;
        CREATE INDEX monitoring_windows_by_updated_at ON monitoring_windows(updated_at);

        CREATE TABLE drift_baselines (
            model TEXT NOT NULL,
            version TEXT NOT NULL,
            captured_at REAL NOT NULL,
            source TEXT NOT NULL,
            actor TEXT NOT NULL,
            payload BLOB NOT NULL,
            UNIQUE (model, version)
        ) STRICT;

        CREATE TABLE drift_alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model TEXT NOT NULL,
            version TEXT NOT NULL,
            kind TEXT NOT NULL,
            event TEXT NOT NULL CHECK (event IN ('raised', 'cleared')),
            at REAL NOT NULL,
            value REAL NOT NULL,
            threshold REAL NOT NULL,
            details TEXT NOT NULL
        ) STRICT;
        CREATE INDEX drift_alerts_by_version ON drift_alerts(model, version, id);
        CREATE INDEX drift_alerts_by_at ON drift_alerts(at);
        """

    /// API keys and the audit log (``SecurityStore``). Keys hold a salted SHA-256 of their secret, never the secret;
    /// their names are unique among active keys only, so a revoked key's name can be reused. Every write to
    /// `api_keys`, by this store or by any other writer of the file, bumps the single row of `security_generation` in
    /// the same transaction, through triggers, so servers polling it notice every change. `audit_log` is append-only
    /// in the schema: triggers refuse every `UPDATE` and `DELETE`, and an `INSERT OR REPLACE` over an existing id
    /// (which would delete without firing the delete trigger).
    private static let v3 = """
        CREATE TABLE api_keys (
            id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 12 AND id NOT GLOB '*[^0-9a-f]*'),
            name TEXT NOT NULL CHECK (name <> ''),
            role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
            -- A JSON array of model names; NULL: every model.
            models_json TEXT,
            salt TEXT NOT NULL CHECK (salt <> '' AND salt NOT GLOB '*[^0-9a-f]*'),
            hash TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
            created_at REAL NOT NULL,
            created_by TEXT NOT NULL,
            rotated_at REAL,
            revoked_at REAL
        ) STRICT;
        CREATE UNIQUE INDEX api_keys_active_name ON api_keys(name) WHERE revoked_at IS NULL;

        CREATE TABLE security_generation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            generation INTEGER NOT NULL CHECK (generation >= 0)
        ) STRICT;
        INSERT INTO security_generation (id, generation) VALUES (1, 0);
        CREATE TRIGGER api_keys_insert_bumps_generation AFTER INSERT ON api_keys
        BEGIN UPDATE security_generation SET generation = generation + 1 WHERE id = 1; END;
        CREATE TRIGGER api_keys_update_bumps_generation AFTER UPDATE ON api_keys
        BEGIN UPDATE security_generation SET generation = generation + 1 WHERE id = 1; END;
        CREATE TRIGGER api_keys_delete_bumps_generation AFTER DELETE ON api_keys
        BEGIN UPDATE security_generation SET generation = generation + 1 WHERE id = 1; END;

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            actor TEXT NOT NULL CHECK (actor <> ''),
            action TEXT NOT NULL CHECK (action <> ''),
            target TEXT NOT NULL CHECK (target <> ''),
            before_state TEXT,
            after_state TEXT,
            outcome TEXT NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
            details TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX audit_log_by_at ON audit_log(at);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """

    /// The agents' data (``AnomalyStore``) and the embedded log source (``LogEventStore``).
    ///
    /// - `window_outcomes`: one row per closed window of an agent, the primary model's and the shadow's apart; its
    ///   primary key (agent, shadow, window_start, entity) is the exactly-once key and serves the range reads in
    ///   their order. `WITHOUT ROWID`: the key is the row.
    /// - `anomalies`: (agent, entity, window_start) unique; ids `AUTOINCREMENT`, so an id named in the API is never
    ///   reused after retention. One index per listing filter, each ending in the listing order (newest window
    ///   first, then entity, then id, the rowid every index ends with).
    /// - `agent_checkpoints`: one per agent, replaced with each commit.
    /// - `agent_pairings`: the current pairing per agent; `agent_pairing_history`: every pairing, in id order.
    /// - `log_events`: ids `AUTOINCREMENT`, so they never go back, even after every event was deleted; an index on
    ///   `received_at` for retention.
    ///
    /// No foreign keys: agents and models are named, not registered rows, and the data outlives deleted versions.
    /// Window bounds and `ts` are `INTEGER` µs since the epoch, as the agents count them; the other times are `REAL`
    /// seconds since the reference date, as in the rest of the schema. Payloads and states are opaque `BLOB`s.
    private static let v5 = """
        CREATE TABLE window_outcomes (
            agent TEXT NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            shadow INTEGER NOT NULL CHECK (shadow IN (0, 1)),
            entity TEXT NOT NULL CHECK (length(CAST(entity AS BLOB)) BETWEEN 1 AND 256),
            window_start INTEGER NOT NULL,
            window_end INTEGER NOT NULL CHECK (window_end > window_start),
            event_count INTEGER NOT NULL CHECK (event_count >= 0),
            outcome TEXT NOT NULL CHECK (outcome IN ('normal', 'anomaly', 'skipped')),
            model TEXT,
            version TEXT CHECK (version IS NULL OR model IS NOT NULL),
            score REAL,
            threshold REAL,
            recorded_at REAL NOT NULL,
            PRIMARY KEY (agent, shadow, window_start, entity)
        ) STRICT, WITHOUT ROWID;
        -- Retention deletes by window start across agents.
        CREATE INDEX window_outcomes_by_start ON window_outcomes(window_start);

        CREATE TABLE anomalies (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent TEXT NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            entity TEXT NOT NULL CHECK (length(CAST(entity AS BLOB)) BETWEEN 1 AND 256),
            window_start INTEGER NOT NULL,
            window_end INTEGER NOT NULL CHECK (window_end > window_start),
            type TEXT NOT NULL CHECK (type <> ''),
            severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
            status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved', 'false_positive')),
            model TEXT NOT NULL,
            version TEXT NOT NULL,
            score REAL NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            payload BLOB NOT NULL,
            UNIQUE (agent, entity, window_start)
        ) STRICT;
        -- The listing order, newest window first: alone (and for the time range and retention), and after each
        -- equality filter.
        CREATE INDEX anomalies_newest ON anomalies(window_start DESC, entity);
        CREATE INDEX anomalies_by_agent ON anomalies(agent, window_start DESC, entity);
        CREATE INDEX anomalies_by_entity ON anomalies(entity, window_start DESC);
        CREATE INDEX anomalies_by_type ON anomalies(type, window_start DESC, entity);
        CREATE INDEX anomalies_by_severity ON anomalies(severity, window_start DESC, entity);
        CREATE INDEX anomalies_by_status ON anomalies(status, window_start DESC, entity);

        CREATE TABLE agent_checkpoints (
            agent TEXT NOT NULL PRIMARY KEY CHECK (length(agent) BETWEEN 1 AND 128),
            position INTEGER NOT NULL,
            state BLOB NOT NULL,
            updated_at REAL NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE agent_pairings (
            agent TEXT NOT NULL PRIMARY KEY CHECK (length(agent) BETWEEN 1 AND 128),
            model TEXT NOT NULL CHECK (model <> ''),
            version TEXT,
            shadow_version TEXT,
            actor TEXT NOT NULL CHECK (actor <> ''),
            at REAL NOT NULL,
            reason TEXT
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE agent_pairing_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent TEXT NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            model TEXT NOT NULL CHECK (model <> ''),
            version TEXT,
            shadow_version TEXT,
            actor TEXT NOT NULL CHECK (actor <> ''),
            at REAL NOT NULL,
            reason TEXT
        ) STRICT;
        CREATE INDEX agent_pairing_history_by_agent ON agent_pairing_history(agent, id);

        CREATE TABLE log_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ts INTEGER NOT NULL,
            ap TEXT NOT NULL CHECK (ap <> ''),
            bssid TEXT,
            client_mac TEXT,
            ssid TEXT,
            event_type TEXT NOT NULL CHECK (event_type <> ''),
            level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
            signal_dbm REAL,
            data_rate_mbps REAL,
            packet_loss REAL,
            message TEXT,
            received_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX log_events_by_received_at ON log_events(received_at);
        """

    /// Incidents (``IncidentTracker``), written in the transaction of their anomalies' commit:
    /// - `incidents`: one per run of anomalous windows of an agent, entity, type and model; the listing order is
    ///   newest start first, then entity, then id.
    /// - `incident_anomalies`: which anomalies an incident holds (an anomaly is in at most one); removing an anomaly
    ///   (retention) removes its link, and retention removes an incident left without anomalies.
    private static let v6 = """
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent TEXT NOT NULL CHECK (length(agent) BETWEEN 1 AND 128),
            entity TEXT NOT NULL CHECK (length(CAST(entity AS BLOB)) BETWEEN 1 AND 256),
            type TEXT NOT NULL CHECK (type <> ''),
            model TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
            start_at INTEGER NOT NULL,
            end_at INTEGER NOT NULL CHECK (end_at > start_at),
            window_length INTEGER NOT NULL CHECK (window_length > 0),
            peak_severity TEXT NOT NULL CHECK (peak_severity IN ('low', 'medium', 'high', 'critical')),
            window_count INTEGER NOT NULL CHECK (window_count >= 1),
            opened_at REAL NOT NULL,
            updated_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX incidents_newest ON incidents(start_at DESC, entity);
        CREATE INDEX incidents_by_key ON incidents(agent, entity, type, model, start_at DESC);
        CREATE INDEX incidents_open ON incidents(agent, status, end_at);

        CREATE TABLE incident_anomalies (
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            anomaly_id INTEGER NOT NULL UNIQUE REFERENCES anomalies(id) ON DELETE CASCADE,
            window_start INTEGER NOT NULL,
            PRIMARY KEY (incident_id, window_start, anomaly_id)
        ) STRICT, WITHOUT ROWID;
        """
}
