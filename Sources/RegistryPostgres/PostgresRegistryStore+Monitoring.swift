public import Foundation
import Logging
import PostgresNIO
public import Registry

/// Monitoring data (``Registry/MonitoringStore``) in the tables of migration 3. Buckets from several replicas merge
/// by addition in the statement that inserts them (`ON CONFLICT ... DO UPDATE`), so concurrent writers add up
/// without a lock; windows are kept per instance. Every statement binds its values.
extension PostgresRegistryStore: MonitoringStore {
    /// See ``Registry/MonitoringStore/addMetricBuckets(_:)``.
    public func addMetricBuckets(_ buckets: [MetricBucket]) async throws(RegistryError) {
        for bucket in buckets { try bucket.validate() }
        guard !buckets.isEmpty else { return }
        let logger = logger
        try await write("add \(buckets.count) metric buckets") { connection in
            // One statement per bucket: a bucket repeated within the call merges into the row its first copy wrote
            // (one INSERT ... ON CONFLICT may not touch a row twice).
            for b in buckets {
                try await connection.query(
                    """
                    INSERT INTO metric_buckets (
                        model, version, bucket_start, seconds, predictions, errors, anomalies, latency_sum,
                        latency_sum_of_squares, latency_min, latency_max, score_count, score_sum, score_sum_of_squares,
                        score_min, score_max)
                    VALUES (
                        \(b.model), \(b.version), \(b.start.timeIntervalSinceReferenceDate), \(b.seconds),
                        \(b.predictions), \(b.errors), \(b.anomalies), \(b.latencySum), \(b.latencySumOfSquares),
                        \(b.latencyMin), \(b.latencyMax), \(b.scoreCount), \(b.scoreSum), \(b.scoreSumOfSquares),
                        \(b.scoreMin), \(b.scoreMax))
                    ON CONFLICT (model, version, bucket_start, seconds) DO UPDATE SET
                        predictions = metric_buckets.predictions + excluded.predictions,
                        errors = metric_buckets.errors + excluded.errors,
                        anomalies = metric_buckets.anomalies + excluded.anomalies,
                        latency_sum = metric_buckets.latency_sum + excluded.latency_sum,
                        latency_sum_of_squares = metric_buckets.latency_sum_of_squares + excluded.latency_sum_of_squares,
                        latency_min = least(metric_buckets.latency_min, excluded.latency_min),
                        latency_max = greatest(metric_buckets.latency_max, excluded.latency_max),
                        score_count = metric_buckets.score_count + excluded.score_count,
                        score_sum = metric_buckets.score_sum + excluded.score_sum,
                        score_sum_of_squares = metric_buckets.score_sum_of_squares + excluded.score_sum_of_squares,
                        score_min = least(metric_buckets.score_min, excluded.score_min),
                        score_max = greatest(metric_buckets.score_max, excluded.score_max)
                    """, logger: logger)
            }
        }
    }

    /// See ``Registry/MonitoringStore/metricBuckets(model:version:from:to:)``.
    public func metricBuckets(
        model: String?, version: String?, from: Date?, to: Date?
    ) async throws(RegistryError) -> [MetricBucket] {
        let logger = logger
        let start = from?.timeIntervalSinceReferenceDate
        let end = to?.timeIntervalSinceReferenceDate
        return try await read("read metric buckets") { connection in
            // Each filter applies when its value is not NULL.
            try await Self.rows(
                """
                SELECT model, version, bucket_start, seconds, predictions, errors, anomalies, latency_sum,
                    latency_sum_of_squares, latency_min, latency_max, score_count, score_sum, score_sum_of_squares,
                    score_min, score_max
                FROM metric_buckets
                WHERE (\(model)::text IS NULL OR model = \(model)) AND (\(version)::text IS NULL OR version = \(version))
                    AND (\(start)::double precision IS NULL OR bucket_start >= \(start))
                    AND (\(end)::double precision IS NULL OR bucket_start < \(end))
                ORDER BY bucket_start, model, version, seconds
                """, connection, logger
            ).map { row in
                MetricBucket(
                    model: try row[0].decode(String.self), version: try row[1].decode(String.self),
                    start: Date(timeIntervalSinceReferenceDate: try row[2].decode(Double.self)),
                    seconds: try row[3].decode(Int.self), predictions: try row[4].decode(Int.self),
                    errors: try row[5].decode(Int.self), anomalies: try row[6].decode(Int.self),
                    latencySum: try row[7].decode(Double.self), latencySumOfSquares: try row[8].decode(Double.self),
                    latencyMin: try row[9].decode(Double?.self), latencyMax: try row[10].decode(Double?.self),
                    scoreCount: try row[11].decode(Int.self), scoreSum: try row[12].decode(Double.self),
                    scoreSumOfSquares: try row[13].decode(Double.self), scoreMin: try row[14].decode(Double?.self),
                    scoreMax: try row[15].decode(Double?.self))
            }
        }
    }

    /// See ``Registry/MonitoringStore/saveWindow(_:)``.
    public func saveWindow(_ window: MonitoringWindowRecord) async throws(RegistryError) {
        try window.validate()
        let logger = logger
        let what =
            "save the window of instance '\(window.instance)' for version '\(window.version)' of model "
            + "'\(window.model)'"
        try await write(what) { connection in
            try await connection.query(
                """
                INSERT INTO monitoring_windows (model, version, instance, updated_at, payload)
                VALUES (\(window.model), \(window.version), \(window.instance),
                    \(window.updatedAt.timeIntervalSinceReferenceDate), \(window.payload))
                ON CONFLICT (model, version, instance)
                DO UPDATE SET updated_at = excluded.updated_at, payload = excluded.payload
                """, logger: logger)
        }
    }

    /// See ``Registry/MonitoringStore/windows(model:version:)``.
    public func windows(model: String, version: String) async throws(RegistryError) -> [MonitoringWindowRecord] {
        let logger = logger
        return try await read("read the windows of version '\(version)' of model '\(model)'") { connection in
            try await Self.rows(
                """
                SELECT model, version, instance, updated_at, payload FROM monitoring_windows
                WHERE model = \(model) AND version = \(version) ORDER BY updated_at DESC, instance
                """, connection, logger
            ).map { row in
                MonitoringWindowRecord(
                    model: try row[0].decode(String.self), version: try row[1].decode(String.self),
                    instance: try row[2].decode(String.self),
                    updatedAt: Date(timeIntervalSinceReferenceDate: try row[3].decode(Double.self)),
                    payload: try row[4].decode(Data.self))
            }
        }
    }

    /// See ``Registry/MonitoringStore/saveBaseline(_:)``.
    public func saveBaseline(_ baseline: DriftBaselineRecord) async throws(RegistryError) {
        try baseline.validate()
        let logger = logger
        try await write("save the baseline of version '\(baseline.version)' of model '\(baseline.model)'") {
            connection in
            try await connection.query(
                """
                INSERT INTO drift_baselines (model, version, captured_at, source, actor, payload)
                VALUES (\(baseline.model), \(baseline.version), \(baseline.capturedAt.timeIntervalSinceReferenceDate),
                    \(baseline.source), \(baseline.actor), \(baseline.payload))
                ON CONFLICT (model, version) DO UPDATE SET
                    captured_at = excluded.captured_at, source = excluded.source, actor = excluded.actor,
                    payload = excluded.payload
                """, logger: logger)
        }
    }

    /// See ``Registry/MonitoringStore/baseline(model:version:)``.
    public func baseline(model: String, version: String) async throws(RegistryError) -> DriftBaselineRecord? {
        let logger = logger
        return try await read("read the baseline of version '\(version)' of model '\(model)'") { connection in
            try await Self.rows(
                """
                SELECT model, version, captured_at, source, actor, payload FROM drift_baselines
                WHERE model = \(model) AND version = \(version)
                """, connection, logger
            ).first.map { row in
                DriftBaselineRecord(
                    model: try row[0].decode(String.self), version: try row[1].decode(String.self),
                    capturedAt: Date(timeIntervalSinceReferenceDate: try row[2].decode(Double.self)),
                    source: try row[3].decode(String.self), actor: try row[4].decode(String.self),
                    payload: try row[5].decode(Data.self))
            }
        }
    }

    /// See ``Registry/MonitoringStore/deleteBaseline(model:version:)``.
    @discardableResult
    public func deleteBaseline(model: String, version: String) async throws(RegistryError) -> Bool {
        let logger = logger
        return try await write("delete the baseline of version '\(version)' of model '\(model)'") { connection in
            try await Self.count(
                "DELETE FROM drift_baselines WHERE model = \(model) AND version = \(version) RETURNING 1", connection,
                logger) > 0
        }
    }

    /// See ``Registry/MonitoringStore/appendAlert(_:)``.
    @discardableResult
    public func appendAlert(_ alert: DriftAlertRecord) async throws(RegistryError) -> DriftAlertRecord {
        try alert.validate()
        let logger = logger
        let id = try await write("append a \(alert.kind) alert for version '\(alert.version)' of '\(alert.model)'") {
            connection in
            guard
                let row = try await Self.rows(
                    """
                    INSERT INTO drift_alerts (model, version, kind, event, at, value, threshold, details)
                    VALUES (\(alert.model), \(alert.version), \(alert.kind), \(alert.event.rawValue),
                        \(alert.at.timeIntervalSinceReferenceDate), \(alert.value), \(alert.threshold), \(alert.details))
                    RETURNING id
                    """, connection, logger
                ).first
            else { throw Self.corrupt("the alert insert returned no id") }
            return try row[0].decode(Int64.self)
        }
        var stored = alert
        stored.id = id
        return stored
    }

    /// See ``Registry/MonitoringStore/alerts(model:version:limit:)``.
    public func alerts(model: String?, version: String?, limit: Int) async throws(RegistryError) -> [DriftAlertRecord] {
        try DriftAlertRecord.checkLimit(limit)
        let logger = logger
        return try await read("read the drift alert history") { connection in
            try await Self.rows(
                """
                SELECT id, model, version, kind, event, at, value, threshold, details FROM drift_alerts
                WHERE (\(model)::text IS NULL OR model = \(model)) AND (\(version)::text IS NULL OR version = \(version))
                ORDER BY id DESC LIMIT \(limit)
                """, connection, logger
            ).map { row in
                let text = try row[4].decode(String.self)
                guard let event = DriftAlertEvent(rawValue: text) else {
                    throw Self.corrupt("unknown alert event '\(text)'")
                }
                return DriftAlertRecord(
                    id: try row[0].decode(Int64.self), model: try row[1].decode(String.self),
                    version: try row[2].decode(String.self), kind: try row[3].decode(String.self), event: event,
                    at: Date(timeIntervalSinceReferenceDate: try row[5].decode(Double.self)),
                    value: try row[6].decode(Double.self), threshold: try row[7].decode(Double.self),
                    details: try row[8].decode(String.self))
            }
        }
    }

    /// See ``Registry/MonitoringStore/deleteMonitoringData(olderThan:)``.
    @discardableResult
    public func deleteMonitoringData(olderThan cutoff: Date) async throws(RegistryError) -> MonitoringCleanup {
        let logger = logger
        let at = cutoff.timeIntervalSinceReferenceDate
        return try await write("delete monitoring data older than \(cutoff)") { connection in
            MonitoringCleanup(
                buckets: try await Self.count(
                    "DELETE FROM metric_buckets WHERE bucket_start < \(at) RETURNING 1", connection, logger),
                windows: try await Self.count(
                    "DELETE FROM monitoring_windows WHERE updated_at < \(at) RETURNING 1", connection, logger),
                alerts: try await Self.count(
                    "DELETE FROM drift_alerts WHERE at < \(at) RETURNING 1", connection, logger))
        }
    }
}
