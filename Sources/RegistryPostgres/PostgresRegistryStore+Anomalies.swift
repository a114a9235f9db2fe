public import Foundation
import Logging
import PostgresNIO
public import Registry

/// The agents' data (``Registry/AnomalyStore``) in the tables of migration 4. Window bounds are µs since the epoch
/// (`bigint`), other dates seconds since the reference date. Exactly once: a window's outcome and anomaly are
/// inserted with `ON CONFLICT DO NOTHING` on their unique keys, in the transaction that also replaces the
/// checkpoint, so a replay or a second replica committing the same window keeps the first copy; `RETURNING` says
/// which rows this commit added.
extension PostgresRegistryStore: AnomalyStore {
    /// See ``Registry/AnomalyStore/commitWindows(_:)``.
    @discardableResult
    public func commitWindows(_ batch: AgentWindowBatch) async throws(RegistryError) -> AgentCommitResult {
        try batch.validate()
        let logger = logger
        return try await write("commit \(batch.outcomes.count) windows of agent '\(batch.agent)'") { connection in
            var newOutcomes = 0
            for o in batch.outcomes {
                newOutcomes += try await Self.count(
                    """
                    INSERT INTO window_outcomes (
                        agent, shadow, entity, window_start, window_end, event_count, outcome, model, version, score,
                        threshold, recorded_at)
                    VALUES (\(o.agent), \(o.shadow), \(o.entity), \(o.windowStart), \(o.windowEnd), \(o.eventCount),
                        \(o.outcome.rawValue), \(o.model), \(o.version), \(o.score), \(o.threshold),
                        \(o.recordedAt.timeIntervalSinceReferenceDate))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """, connection, logger)
            }
            var newAnomalies: [AnomalyRow] = []
            for a in batch.anomalies {
                let inserted = try await Self.rows(
                    """
                    INSERT INTO anomalies (
                        agent, entity, window_start, window_end, type, severity, status, model, version, score,
                        created_at, updated_at, payload)
                    VALUES (\(a.agent), \(a.entity), \(a.windowStart), \(a.windowEnd), \(a.type), \(a.severity),
                        \(a.status), \(a.model), \(a.version), \(a.score), \(a.createdAt.timeIntervalSinceReferenceDate),
                        \(a.updatedAt.timeIntervalSinceReferenceDate), \(a.payload))
                    ON CONFLICT DO NOTHING RETURNING id
                    """, connection, logger)
                guard let row = inserted.first else { continue }
                var stored = a
                stored.id = try row[0].decode(Int64.self)
                newAnomalies.append(stored)
            }
            if let c = batch.checkpoint {
                try await connection.query(
                    """
                    INSERT INTO agent_checkpoints (agent, position, state, updated_at)
                    VALUES (\(c.agent), \(c.position), \(c.state), \(c.updatedAt.timeIntervalSinceReferenceDate))
                    ON CONFLICT (agent) DO UPDATE SET
                        position = excluded.position, state = excluded.state, updated_at = excluded.updated_at
                    """, logger: logger)
            }
            return AgentCommitResult(newOutcomes: newOutcomes, newAnomalies: newAnomalies)
        }
    }

    /// See ``Registry/AnomalyStore/agentCheckpoint(agent:)``.
    public func agentCheckpoint(agent: String) async throws(RegistryError) -> AgentCheckpointRecord? {
        let logger = logger
        return try await read("read the checkpoint of agent '\(agent)'") { connection in
            try await Self.rows(
                "SELECT agent, position, state, updated_at FROM agent_checkpoints WHERE agent = \(agent)", connection,
                logger
            ).first.map { row in
                AgentCheckpointRecord(
                    agent: try row[0].decode(String.self), position: try row[1].decode(Int64.self),
                    state: try row[2].decode(Data.self),
                    updatedAt: Date(timeIntervalSinceReferenceDate: try row[3].decode(Double.self)))
            }
        }
    }

    /// See ``Registry/AnomalyStore/resetAgentCheckpoint(agent:)``.
    public func resetAgentCheckpoint(agent: String) async throws(RegistryError) {
        let logger = logger
        try await write("reset the checkpoint of agent '\(agent)'") { connection in
            try await connection.query("DELETE FROM agent_checkpoints WHERE agent = \(agent)", logger: logger)
        }
    }

    /// See ``Registry/AnomalyStore/windowOutcomes(agent:shadow:from:to:limit:)``. A range read on the primary key.
    public func windowOutcomes(
        agent: String, shadow: Bool, from: Int64?, to: Int64?, limit: Int
    ) async throws(RegistryError) -> [WindowOutcomeRecord] {
        try WindowOutcomeRecord.checkLimit(limit)
        let logger = logger
        // Unbounded ends as the extreme values: no stored window starts at Int64.max (its end is after its start).
        let start = from ?? .min
        let end = to ?? .max
        return try await read("read the window outcomes of agent '\(agent)'") { connection in
            try await Self.rows(
                """
                SELECT \(unescaped: Self.outcomeColumns) FROM window_outcomes
                WHERE agent = \(agent) AND shadow = \(shadow) AND window_start >= \(start) AND window_start < \(end)
                ORDER BY window_start, entity LIMIT \(limit)
                """, connection, logger
            ).map(Self.outcome)
        }
    }

    /// See ``Registry/AnomalyStore/agentTotals(agent:)``. Windows and the newest window start are the primary
    /// model's.
    public func agentTotals(agent: String) async throws(RegistryError) -> AgentTotals {
        let logger = logger
        return try await read("read the totals of agent '\(agent)'") { connection in
            var totals = AgentTotals()
            for row in try await Self.rows(
                "SELECT outcome, count(*) FROM window_outcomes WHERE agent = \(agent) AND NOT shadow GROUP BY outcome",
                connection, logger)
            {
                totals.windows[try Self.outcomeWord(row[0].decode(String.self))] = try row[1].decode(Int.self)
            }
            for row in try await Self.rows(
                "SELECT type, severity, count(*) FROM anomalies WHERE agent = \(agent) GROUP BY type, severity",
                connection, logger)
            {
                let (type, severity) = (try row[0].decode(String.self), try row[1].decode(String.self))
                totals.anomalies[type, default: [:]][severity] = try row[2].decode(Int.self)
            }
            totals.newestWindowStart = try await Self.rows(
                "SELECT max(window_start) FROM window_outcomes WHERE agent = \(agent) AND NOT shadow", connection,
                logger
            ).first.flatMap { try $0[0].decode(Int64?.self) }
            return totals
        }
    }

    /// See ``Registry/AnomalyStore/anomalies(_:)``.
    public func anomalies(_ query: AnomalyQuery) async throws(RegistryError) -> AnomalyPage {
        try query.validate()
        let logger = logger
        let q = query
        return try await read("list anomalies") { connection in
            // Each filter applies when its value is not NULL; the count and the page read one snapshot.
            let filter: PostgresQuery = """
                WHERE (\(q.agent)::text IS NULL OR agent = \(q.agent))
                    AND (\(q.entity)::text IS NULL OR entity = \(q.entity))
                    AND (\(q.type)::text IS NULL OR type = \(q.type))
                    AND (\(q.severity)::text IS NULL OR severity = \(q.severity))
                    AND (\(q.status)::text IS NULL OR status = \(q.status))
                    AND (\(q.from)::bigint IS NULL OR window_start >= \(q.from))
                    AND (\(q.to)::bigint IS NULL OR window_start < \(q.to))
                """
            let total =
                try await Self.rows(
                    PostgresQuery(unsafeSQL: "SELECT count(*) FROM anomalies " + filter.sql, binds: filter.binds),
                    connection, logger
                ).first.map { try $0[0].decode(Int.self) } ?? 0
            var binds = filter.binds
            let n = binds.count
            binds.append(q.limit)
            binds.append(q.offset)
            let page = try await Self.rows(
                PostgresQuery(
                    unsafeSQL: "SELECT \(Self.anomalyColumns) FROM anomalies " + filter.sql
                        + " ORDER BY window_start DESC, entity, id LIMIT $\(n + 1) OFFSET $\(n + 2)",
                    binds: binds),
                connection, logger
            ).map(Self.anomaly)
            return AnomalyPage(anomalies: page, total: total)
        }
    }

    /// See ``Registry/AnomalyStore/anomaly(id:)``.
    public func anomaly(id: Int64) async throws(RegistryError) -> AnomalyRow? {
        let logger = logger
        return try await read("read anomaly \(id)") { connection in
            try await Self.fetchAnomaly(id: id, connection, logger)
        }
    }

    /// See ``Registry/AnomalyStore/updateAnomaly(id:expectedStatus:status:payload:at:)``: the row is locked
    /// (`FOR UPDATE`) while its status is compared and replaced, so of two operators moving the same anomaly, on
    /// any replicas, the second gets `conflict`.
    @discardableResult
    public func updateAnomaly(
        id: Int64, expectedStatus: String, status: String, payload: Data, at: Date
    ) async throws(RegistryError) -> AnomalyRow {
        try AnomalyRow.validateUpdate(id: id, expectedStatus: expectedStatus, status: status, payload: payload, at: at)
        let logger = logger
        return try await write("update anomaly \(id)") { connection in
            guard
                let current = try await Self.rows(
                    "SELECT status FROM anomalies WHERE id = \(id) FOR UPDATE", connection, logger
                ).first.map({ try $0[0].decode(String.self) })
            else { throw RegistryError.anomalyNotFound(id) }
            guard current == expectedStatus else {
                throw RegistryError.anomalyMoved(id, expected: expectedStatus, actual: current)
            }
            try await connection.query(
                """
                UPDATE anomalies SET status = \(status), payload = \(payload),
                    updated_at = \(at.timeIntervalSinceReferenceDate)
                WHERE id = \(id)
                """, logger: logger)
            guard let row = try await Self.fetchAnomaly(id: id, connection, logger) else {
                throw RegistryError.anomalyNotFound(id)
            }
            return row
        }
    }

    /// See ``Registry/AnomalyStore/setPairing(_:)``.
    public func setPairing(_ pairing: AgentPairingRecord) async throws(RegistryError) {
        try pairing.validate()
        let logger = logger
        let p = pairing
        let at = p.at.timeIntervalSinceReferenceDate
        try await write("pair agent '\(p.agent)' with model '\(p.model)'") { connection in
            try await connection.query(
                """
                INSERT INTO agent_pairings (agent, model, version, shadow_version, actor, at, reason)
                VALUES (\(p.agent), \(p.model), \(p.version), \(p.shadowVersion), \(p.actor), \(at), \(p.reason))
                ON CONFLICT (agent) DO UPDATE SET
                    model = excluded.model, version = excluded.version, shadow_version = excluded.shadow_version,
                    actor = excluded.actor, at = excluded.at, reason = excluded.reason
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO agent_pairing_history (agent, model, version, shadow_version, actor, at, reason)
                VALUES (\(p.agent), \(p.model), \(p.version), \(p.shadowVersion), \(p.actor), \(at), \(p.reason))
                """, logger: logger)
        }
    }

    /// See ``Registry/AnomalyStore/pairing(agent:)``.
    public func pairing(agent: String) async throws(RegistryError) -> AgentPairingRecord? {
        let logger = logger
        return try await read("read the pairing of agent '\(agent)'") { connection in
            try await Self.rows(
                "SELECT \(unescaped: Self.pairingColumns) FROM agent_pairings WHERE agent = \(agent)", connection,
                logger
            ).first.map(Self.pairing)
        }
    }

    /// See ``Registry/AnomalyStore/pairingHistory(agent:)``. In the order the pairings were set.
    public func pairingHistory(agent: String) async throws(RegistryError) -> [AgentPairingRecord] {
        let logger = logger
        return try await read("read the pairing history of agent '\(agent)'") { connection in
            try await Self.rows(
                "SELECT \(unescaped: Self.pairingColumns) FROM agent_pairing_history WHERE agent = \(agent) ORDER BY id",
                connection, logger
            ).map(Self.pairing)
        }
    }

    /// See ``Registry/AnomalyStore/deleteAgentData(windowsBefore:)``.
    @discardableResult
    public func deleteAgentData(windowsBefore cutoff: Int64) async throws(RegistryError)
        -> (outcomes: Int, anomalies: Int)
    {
        let logger = logger
        let removed = try await write("delete agent data of windows before \(cutoff)") { connection in
            let outcomes = try await Self.count(
                "DELETE FROM window_outcomes WHERE window_start < \(cutoff) RETURNING 1", connection, logger)
            let anomalies = try await Self.count(
                """
                DELETE FROM anomalies WHERE window_start < \(cutoff) AND status NOT IN ('open', 'acknowledged')
                RETURNING 1
                """, connection, logger)
            return Removed(outcomes: outcomes, anomalies: anomalies)
        }
        return (removed.outcomes, removed.anomalies)
    }

    // MARK: - Rows

    private struct Removed: Sendable {
        var outcomes: Int
        var anomalies: Int
    }

    private static let outcomeColumns = """
        agent, shadow, entity, window_start, window_end, event_count, outcome, model, version, score, threshold, \
        recorded_at
        """

    private static let anomalyColumns = """
        id, agent, entity, window_start, window_end, type, severity, status, model, version, score, created_at, \
        updated_at, payload
        """

    private static let pairingColumns = "agent, model, version, shadow_version, actor, at, reason"

    private static func outcomeWord(_ text: String) throws -> WindowOutcomeRecord.Outcome {
        guard let outcome = WindowOutcomeRecord.Outcome(rawValue: text) else {
            throw corrupt("unknown window outcome '\(text)'")
        }
        return outcome
    }

    private static func outcome(_ row: PostgresRandomAccessRow) throws -> WindowOutcomeRecord {
        WindowOutcomeRecord(
            agent: try row[0].decode(String.self), shadow: try row[1].decode(Bool.self),
            entity: try row[2].decode(String.self), windowStart: try row[3].decode(Int64.self),
            windowEnd: try row[4].decode(Int64.self), eventCount: try row[5].decode(Int.self),
            outcome: try outcomeWord(row[6].decode(String.self)), model: try row[7].decode(String?.self),
            version: try row[8].decode(String?.self), score: try row[9].decode(Double?.self),
            threshold: try row[10].decode(Double?.self),
            recordedAt: Date(timeIntervalSinceReferenceDate: try row[11].decode(Double.self)))
    }

    private static func anomaly(_ row: PostgresRandomAccessRow) throws -> AnomalyRow {
        AnomalyRow(
            id: try row[0].decode(Int64.self), agent: try row[1].decode(String.self),
            entity: try row[2].decode(String.self), windowStart: try row[3].decode(Int64.self),
            windowEnd: try row[4].decode(Int64.self), type: try row[5].decode(String.self),
            severity: try row[6].decode(String.self), status: try row[7].decode(String.self),
            model: try row[8].decode(String.self), version: try row[9].decode(String.self),
            score: try row[10].decode(Double.self),
            createdAt: Date(timeIntervalSinceReferenceDate: try row[11].decode(Double.self)),
            updatedAt: Date(timeIntervalSinceReferenceDate: try row[12].decode(Double.self)),
            payload: try row[13].decode(Data.self))
    }

    private static func fetchAnomaly(id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> AnomalyRow?
    {
        try await rows("SELECT \(unescaped: anomalyColumns) FROM anomalies WHERE id = \(id)", connection, logger)
            .first.map(anomaly)
    }

    private static func pairing(_ row: PostgresRandomAccessRow) throws -> AgentPairingRecord {
        AgentPairingRecord(
            agent: try row[0].decode(String.self), model: try row[1].decode(String.self),
            version: try row[2].decode(String?.self), shadowVersion: try row[3].decode(String?.self),
            actor: try row[4].decode(String.self),
            at: Date(timeIntervalSinceReferenceDate: try row[5].decode(Double.self)),
            reason: try row[6].decode(String?.self))
    }
}
