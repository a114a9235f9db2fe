import GRDB

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
        return migrator
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
}
