public import Foundation
import GRDB
public import Registry

/// Monitoring data in the tables of migration `v2`. Every statement binds its values; dates are `REAL` seconds since
/// the reference date, as in the rest of the schema.
extension SQLiteRegistryStore: MonitoringStore {
    /// See ``MonitoringStore/addMetricBuckets(_:)``.
    public func addMetricBuckets(_ buckets: [MetricBucket]) async throws(RegistryError) {
        for bucket in buckets { try bucket.validate() }
        guard !buckets.isEmpty else { return }
        try await write("add \(buckets.count) metric buckets") { db in
            let statement = try db.cachedStatement(sql: Self.mergeBucketSQL)
            for b in buckets {
                try statement.execute(arguments: [
                    b.model, b.version, b.start.timeIntervalSinceReferenceDate, b.seconds, b.predictions, b.errors,
                    b.anomalies, b.latencySum, b.latencySumOfSquares, b.latencyMin, b.latencyMax, b.scoreCount,
                    b.scoreSum, b.scoreSumOfSquares, b.scoreMin, b.scoreMax,
                ])
            }
        }
    }

    /// See ``MonitoringStore/metricBuckets(model:version:from:to:)``.
    public func metricBuckets(
        model: String?, version: String?, from: Date?, to: Date?
    ) async throws(RegistryError) -> [MetricBucket] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let model {
            conditions.append("model = ?")
            arguments += [model]
        }
        if let version {
            conditions.append("version = ?")
            arguments += [version]
        }
        if let from {
            conditions.append("bucket_start >= ?")
            arguments += [from.timeIntervalSinceReferenceDate]
        }
        if let to {
            conditions.append("bucket_start < ?")
            arguments += [to.timeIntervalSinceReferenceDate]
        }
        // Only fixed condition texts are joined; the values are bound.
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(Self.bucketColumns) FROM metric_buckets \(filter)
            ORDER BY bucket_start, model, version, seconds
            """
        return try await read("read metric buckets") { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in try Self.bucket(row) }
        }
    }

    /// See ``MonitoringStore/saveWindow(_:)``.
    public func saveWindow(_ window: MonitoringWindowRecord) async throws(RegistryError) {
        try window.validate()
        let what = "save the window of instance '\(window.instance)' for version '\(window.version)' of model "
            + "'\(window.model)'"
        try await write(what) { db in
            try db.execute(
                sql: """
                    INSERT INTO monitoring_windows (model, version, instance, updated_at, payload)
                    VALUES (?, ?, ?, ?, coalesce(?, X''))
                    ON CONFLICT (model, version, instance)
                    DO UPDATE SET updated_at = excluded.updated_at, payload = excluded.payload
                    """,
                arguments: [
                    window.model, window.version, window.instance, window.updatedAt.timeIntervalSinceReferenceDate,
                    window.payload,
                ])
        }
    }

    /// See ``MonitoringStore/windows(model:version:)``.
    public func windows(model: String, version: String) async throws(RegistryError) -> [MonitoringWindowRecord] {
        try await read("read the windows of version '\(version)' of model '\(model)'") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT model, version, instance, updated_at, payload FROM monitoring_windows
                    WHERE model = ? AND version = ? ORDER BY updated_at DESC, instance
                    """,
                arguments: [model, version]
            ).map { row in
                MonitoringWindowRecord(
                    model: try row.decode(forColumn: "model"), version: try row.decode(forColumn: "version"),
                    instance: try row.decode(forColumn: "instance"),
                    updatedAt: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "updated_at")),
                    payload: try Self.blob(row, "payload"))
            }
        }
    }

    /// See ``MonitoringStore/saveBaseline(_:)``.
    public func saveBaseline(_ baseline: DriftBaselineRecord) async throws(RegistryError) {
        try baseline.validate()
        try await write("save the baseline of version '\(baseline.version)' of model '\(baseline.model)'") { db in
            try db.execute(
                sql: """
                    INSERT INTO drift_baselines (model, version, captured_at, source, actor, payload)
                    VALUES (?, ?, ?, ?, ?, coalesce(?, X''))
                    ON CONFLICT (model, version) DO UPDATE SET
                        captured_at = excluded.captured_at, source = excluded.source, actor = excluded.actor,
                        payload = excluded.payload
                    """,
                arguments: [
                    baseline.model, baseline.version, baseline.capturedAt.timeIntervalSinceReferenceDate,
                    baseline.source, baseline.actor, baseline.payload,
                ])
        }
    }

    /// See ``MonitoringStore/baseline(model:version:)``.
    public func baseline(model: String, version: String) async throws(RegistryError) -> DriftBaselineRecord? {
        try await read("read the baseline of version '\(version)' of model '\(model)'") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT model, version, captured_at, source, actor, payload FROM drift_baselines
                    WHERE model = ? AND version = ?
                    """,
                arguments: [model, version]
            ).map { row in
                DriftBaselineRecord(
                    model: try row.decode(forColumn: "model"), version: try row.decode(forColumn: "version"),
                    capturedAt: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "captured_at")),
                    source: try row.decode(forColumn: "source"), actor: try row.decode(forColumn: "actor"),
                    payload: try Self.blob(row, "payload"))
            }
        }
    }

    /// See ``MonitoringStore/deleteBaseline(model:version:)``.
    @discardableResult
    public func deleteBaseline(model: String, version: String) async throws(RegistryError) -> Bool {
        try await write("delete the baseline of version '\(version)' of model '\(model)'") { db in
            try db.execute(
                sql: "DELETE FROM drift_baselines WHERE model = ? AND version = ?", arguments: [model, version])
            return db.changesCount > 0
        }
    }

    /// See ``MonitoringStore/appendAlert(_:)``.
    @discardableResult
    public func appendAlert(_ alert: DriftAlertRecord) async throws(RegistryError) -> DriftAlertRecord {
        try alert.validate()
        let id = try await write("append a \(alert.kind) alert for version '\(alert.version)' of '\(alert.model)'") {
            db in
            try db.execute(
                sql: """
                    INSERT INTO drift_alerts (model, version, kind, event, at, value, threshold, details)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    alert.model, alert.version, alert.kind, alert.event.rawValue,
                    alert.at.timeIntervalSinceReferenceDate, alert.value, alert.threshold, alert.details,
                ])
            return db.lastInsertedRowID
        }
        var stored = alert
        stored.id = id
        return stored
    }

    /// See ``MonitoringStore/alerts(model:version:limit:)``.
    public func alerts(model: String?, version: String?, limit: Int) async throws(RegistryError) -> [DriftAlertRecord]
    {
        try DriftAlertRecord.checkLimit(limit)
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let model {
            conditions.append("model = ?")
            arguments += [model]
        }
        if let version {
            conditions.append("version = ?")
            arguments += [version]
        }
        arguments += [limit]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT id, model, version, kind, event, at, value, threshold, details FROM drift_alerts \(filter)
            ORDER BY id DESC LIMIT ?
            """
        return try await read("read the drift alert history") { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let text: String = try row.decode(forColumn: "event")
                guard let event = DriftAlertEvent(rawValue: text) else {
                    throw Self.corrupt("unknown alert event '\(text)'")
                }
                return DriftAlertRecord(
                    id: try row.decode(forColumn: "id"), model: try row.decode(forColumn: "model"),
                    version: try row.decode(forColumn: "version"), kind: try row.decode(forColumn: "kind"),
                    event: event, at: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "at")),
                    value: try row.decode(forColumn: "value"), threshold: try row.decode(forColumn: "threshold"),
                    details: try row.decode(forColumn: "details"))
            }
        }
    }

    /// See ``MonitoringStore/deleteMonitoringData(olderThan:)``.
    @discardableResult
    public func deleteMonitoringData(olderThan cutoff: Date) async throws(RegistryError) -> MonitoringCleanup {
        let at = cutoff.timeIntervalSinceReferenceDate
        return try await write("delete monitoring data older than \(cutoff)") { db in
            try db.execute(sql: "DELETE FROM metric_buckets WHERE bucket_start < ?", arguments: [at])
            let buckets = db.changesCount
            try db.execute(sql: "DELETE FROM monitoring_windows WHERE updated_at < ?", arguments: [at])
            let windows = db.changesCount
            try db.execute(sql: "DELETE FROM drift_alerts WHERE at < ?", arguments: [at])
            return MonitoringCleanup(buckets: buckets, windows: windows, alerts: db.changesCount)
        }
    }

    // MARK: - Rows

    private static let bucketColumns = """
        model, version, bucket_start, seconds, predictions, errors, anomalies, latency_sum, latency_sum_of_squares, \
        latency_min, latency_max, score_count, score_sum, score_sum_of_squares, score_min, score_max
        """

    /// Inserts a bucket or merges it into the stored one, as ``MetricBucket/merge(_:)`` does: counts and sums add;
    /// SQLite's two-argument `min`/`max` are NULL when either side is, so `coalesce` keeps the side that is not.
    private static let mergeBucketSQL = """
        INSERT INTO metric_buckets (\(bucketColumns))
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (model, version, bucket_start, seconds) DO UPDATE SET
            predictions = predictions + excluded.predictions,
            errors = errors + excluded.errors,
            anomalies = anomalies + excluded.anomalies,
            latency_sum = latency_sum + excluded.latency_sum,
            latency_sum_of_squares = latency_sum_of_squares + excluded.latency_sum_of_squares,
            latency_min = coalesce(min(latency_min, excluded.latency_min), latency_min, excluded.latency_min),
            latency_max = coalesce(max(latency_max, excluded.latency_max), latency_max, excluded.latency_max),
            score_count = score_count + excluded.score_count,
            score_sum = score_sum + excluded.score_sum,
            score_sum_of_squares = score_sum_of_squares + excluded.score_sum_of_squares,
            score_min = coalesce(min(score_min, excluded.score_min), score_min, excluded.score_min),
            score_max = coalesce(max(score_max, excluded.score_max), score_max, excluded.score_max)
        """

    private static func bucket(_ row: Row) throws -> MetricBucket {
        MetricBucket(
            model: try row.decode(forColumn: "model"), version: try row.decode(forColumn: "version"),
            start: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "bucket_start")),
            seconds: try row.decode(forColumn: "seconds"), predictions: try row.decode(forColumn: "predictions"),
            errors: try row.decode(forColumn: "errors"), anomalies: try row.decode(forColumn: "anomalies"),
            latencySum: try row.decode(forColumn: "latency_sum"),
            latencySumOfSquares: try row.decode(forColumn: "latency_sum_of_squares"),
            latencyMin: try row.decode(forColumn: "latency_min"), latencyMax: try row.decode(forColumn: "latency_max"),
            scoreCount: try row.decode(forColumn: "score_count"), scoreSum: try row.decode(forColumn: "score_sum"),
            scoreSumOfSquares: try row.decode(forColumn: "score_sum_of_squares"),
            scoreMin: try row.decode(forColumn: "score_min"), scoreMax: try row.decode(forColumn: "score_max"))
    }

    /// A payload column. An empty `Data` may have no base address, which `sqlite3_bind_blob` takes as NULL, so the
    /// inserts write `coalesce(?, X'')`; the optional decode reads a zero-length blob the same defensive way.
    private static func blob(_ row: Row, _ column: String) throws -> Data {
        try row.decode(Data?.self, forColumn: column) ?? Data()
    }
}
