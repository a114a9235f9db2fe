public import Foundation
import Logging
import PostgresNIO
public import Registry

/// The agents' data (``Registry/AnomalyStore``) in the tables of migrations 4 and 7 (incidents). Window bounds are
/// µs since the epoch (`bigint`), other dates seconds since the reference date. Exactly once: a window's outcome and
/// anomaly are inserted with `ON CONFLICT DO NOTHING` on their unique keys, in the transaction that also replaces the
/// checkpoint, so a replay or a second replica committing the same window keeps the first copy; `RETURNING` says
/// which rows this commit added.
///
/// Incidents: the same transaction places the new anomalies with ``Registry/IncidentTracker`` (the rule is there,
/// not in SQL). It first takes the agent's transaction-scoped advisory lock, so the commits of one agent take turns
/// across every replica and each reads the incidents the previous one left: two replicas committing windows of the
/// same run never open two incidents for it. Retention takes the same locks before it removes incidents.
extension PostgresRegistryStore: AnomalyStore {
    /// See ``Registry/AnomalyStore/commitWindows(_:)``.
    @discardableResult
    public func commitWindows(_ batch: AgentWindowBatch) async throws(RegistryError) -> AgentCommitResult {
        try batch.validate()
        let logger = logger
        return try await write("commit \(batch.outcomes.count) windows of agent '\(batch.agent)'") { connection in
            try await Self.lockAgent(batch.agent, connection, logger)
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
            let raised = try await Self.trackIncidents(
                newAnomalies, newest: IncidentTracker.newestWindowStart(batch), agent: batch.agent, connection, logger)
            if let c = batch.checkpoint {
                try await connection.query(
                    """
                    INSERT INTO agent_checkpoints (agent, position, state, updated_at)
                    VALUES (\(c.agent), \(c.position), \(c.state), \(c.updatedAt.timeIntervalSinceReferenceDate))
                    ON CONFLICT (agent) DO UPDATE SET
                        position = excluded.position, state = excluded.state, updated_at = excluded.updated_at
                    """, logger: logger)
            }
            return AgentCommitResult(newOutcomes: newOutcomes, newAnomalies: newAnomalies, raisedIncidents: raised)
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
            let (rows, total) = try await Self.page(
                of: "anomalies", columns: Self.anomalyColumns, filter, order: "window_start DESC, entity, id",
                limit: q.limit, offset: q.offset, connection, logger)
            return AnomalyPage(anomalies: try rows.map(Self.anomaly), total: total)
        }
    }

    /// See ``Registry/AnomalyStore/anomaly(id:)``.
    public func anomaly(id: Int64) async throws(RegistryError) -> AnomalyRow? {
        let logger = logger
        return try await read("read anomaly \(id)") { connection in
            try await Self.fetchAnomaly(id: id, connection, logger)
        }
    }

    /// See ``Registry/AnomalyStore/incidents(_:)``.
    public func incidents(_ query: IncidentQuery) async throws(RegistryError) -> IncidentPage {
        try query.validate()
        let logger = logger
        let q = query
        let severities = query.severities
        return try await read("list incidents") { connection in
            // Each filter applies when its value is not NULL; the count and the page read one snapshot.
            let filter: PostgresQuery = """
                WHERE (\(q.agent)::text IS NULL OR agent = \(q.agent))
                    AND (\(q.entity)::text IS NULL OR entity = \(q.entity))
                    AND (\(q.type)::text IS NULL OR type = \(q.type))
                    AND (\(q.minSeverity)::text IS NULL OR peak_severity = ANY(\(severities)))
                    AND (\(q.status)::text IS NULL OR status = \(q.status))
                    AND (\(q.from)::bigint IS NULL OR end_at > \(q.from))
                    AND (\(q.to)::bigint IS NULL OR start_at < \(q.to))
                """
            let (rows, total) = try await Self.page(
                of: "incidents", columns: Self.incidentColumns, filter, order: "start_at DESC, entity, id",
                limit: q.limit, offset: q.offset, connection, logger)
            return IncidentPage(incidents: try rows.map(Self.incident), total: total)
        }
    }

    /// See ``Registry/AnomalyStore/incident(id:)``.
    public func incident(id: Int64) async throws(RegistryError) -> IncidentRow? {
        let logger = logger
        return try await read("read incident \(id)") { connection in
            try await Self.rows(
                "SELECT \(unescaped: Self.incidentColumns) FROM incidents WHERE id = \(id)", connection, logger
            ).first.map(Self.incident)
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

    /// See ``Registry/AnomalyStore/deleteAgentData(windowsBefore:)``. First takes, in agent order, the locks of the
    /// agents with incidents starting before the cutoff, so no commit joins an incident this transaction removes.
    @discardableResult
    public func deleteAgentData(windowsBefore cutoff: Int64) async throws(RegistryError)
        -> (outcomes: Int, anomalies: Int)
    {
        let logger = logger
        let removed = try await write("delete agent data of windows before \(cutoff)") { connection in
            let agents = try await Self.rows(
                "SELECT DISTINCT agent FROM incidents WHERE start_at < \(cutoff) ORDER BY agent", connection, logger
            ).map { try $0[0].decode(String.self) }
            for agent in agents { try await Self.lockAgent(agent, connection, logger) }
            let outcomes = try await Self.count(
                "DELETE FROM window_outcomes WHERE window_start < \(cutoff) RETURNING 1", connection, logger)
            let anomalies = try await Self.count(
                """
                DELETE FROM anomalies WHERE window_start < \(cutoff) AND status NOT IN ('open', 'acknowledged')
                RETURNING 1
                """, connection, logger)
            // Links went with their anomalies (ON DELETE CASCADE); an incident goes with its last anomaly.
            try await connection.query(
                """
                DELETE FROM incidents WHERE start_at < \(cutoff)
                AND NOT EXISTS (SELECT 1 FROM incident_anomalies l WHERE l.incident_id = incidents.id)
                """, logger: logger)
            return Removed(outcomes: outcomes, anomalies: anomalies)
        }
        return (removed.outcomes, removed.anomalies)
    }

    // MARK: - Incidents

    /// Takes the transaction-scoped lock of `agent`'s incidents: its commits (and retention) take turns across every
    /// replica; the lock ends with the transaction. A key of its own (model names have no `:`).
    private static func lockAgent(_ agent: String, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(modelLockClass), hashtext(current_schema() || ':agent:' || \(agent)))",
            logger: logger)
    }

    /// Groups new anomalies into incidents (``Registry/IncidentTracker``) inside the commit's transaction, under the
    /// agent's lock, and closes the agent's incidents that can no longer grow; returns the incidents opened or
    /// raised, as they are after the commit, by id.
    private static func trackIncidents(
        _ anomalies: [AnomalyRow], newest: Int64?, agent: String, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [IncidentRow] {
        let now = Date()
        var raised: Set<Int64> = []
        for anomaly in anomalies.sorted(by: { $0.windowStart < $1.windowStart }) {
            let latest = try await rows(
                """
                SELECT \(unescaped: incidentColumns) FROM incidents
                WHERE agent = \(anomaly.agent) AND entity = \(anomaly.entity) AND type = \(anomaly.type)
                    AND model = \(anomaly.model)
                ORDER BY start_at DESC, id DESC LIMIT 1
                """, connection, logger
            ).first.map(incident)
            let id: Int64
            switch IncidentTracker.place(anomaly, latest: latest, at: now) {
            case .none: continue
            case .join(let i, let didRaise):
                try await connection.query(
                    """
                    UPDATE incidents SET start_at = \(i.start), end_at = \(i.end), peak_severity = \(i.peakSeverity),
                        window_count = \(i.windowCount), updated_at = \(i.updatedAt.timeIntervalSinceReferenceDate)
                    WHERE id = \(i.id)
                    """, logger: logger)
                id = i.id
                if didRaise { raised.insert(id) }
            case .open(let i):
                guard
                    let row = try await rows(
                        """
                        INSERT INTO incidents (agent, entity, type, model, status, start_at, end_at, window_length,
                            peak_severity, window_count, opened_at, updated_at)
                        VALUES (\(i.agent), \(i.entity), \(i.type), \(i.model), \(i.status), \(i.start), \(i.end),
                            \(i.windowLength), \(i.peakSeverity), \(i.windowCount),
                            \(i.openedAt.timeIntervalSinceReferenceDate), \(i.updatedAt.timeIntervalSinceReferenceDate))
                        RETURNING id
                        """, connection, logger
                    ).first
                else { throw corrupt("no id returned for a new incident") }
                id = try row[0].decode(Int64.self)
                raised.insert(id)
            }
            try await connection.query(
                """
                INSERT INTO incident_anomalies (incident_id, anomaly_id, window_start)
                VALUES (\(id), \(anomaly.id), \(anomaly.windowStart))
                """, logger: logger)
        }
        if let newest {
            let closing = try await rows(
                "SELECT \(unescaped: incidentColumns) FROM incidents WHERE agent = \(agent) AND status = 'open'",
                connection, logger
            ).map(incident).filter { IncidentTracker.closes($0, newestWindowStart: newest) }.map(\.id)
            if !closing.isEmpty {
                try await connection.query(
                    """
                    UPDATE incidents SET status = 'closed', updated_at = \(now.timeIntervalSinceReferenceDate)
                    WHERE id = ANY(\(closing))
                    """, logger: logger)
            }
        }
        guard !raised.isEmpty else { return [] }
        return try await rows(
            "SELECT \(unescaped: incidentColumns) FROM incidents WHERE id = ANY(\(raised.sorted())) ORDER BY id",
            connection, logger
        ).map(incident)
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

    /// An incident's columns, its anomaly ids last (oldest window first).
    private static let incidentColumns = """
        id, agent, entity, type, model, status, start_at, end_at, window_length, peak_severity, window_count, \
        opened_at, updated_at, ARRAY(SELECT l.anomaly_id FROM incident_anomalies l WHERE l.incident_id = incidents.id \
        ORDER BY l.window_start, l.anomaly_id)
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

    /// One page of `table`'s rows matching `filter` (a `WHERE` clause with its binds), in `order`, and how many rows
    /// match in all: both read on `connection`, so inside a read transaction they see one snapshot.
    private static func page(
        of table: String, columns: String, _ filter: PostgresQuery, order: String, limit: Int, offset: Int,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> (rows: [PostgresRandomAccessRow], total: Int) {
        let total =
            try await rows(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) " + filter.sql, binds: filter.binds),
                connection, logger
            ).first.map { try $0[0].decode(Int.self) } ?? 0
        var binds = filter.binds
        let n = binds.count
        binds.append(limit)
        binds.append(offset)
        let page = try await rows(
            PostgresQuery(
                unsafeSQL: "SELECT \(columns) FROM \(table) " + filter.sql
                    + " ORDER BY \(order) LIMIT $\(n + 1) OFFSET $\(n + 2)",
                binds: binds),
            connection, logger)
        return (page, total)
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

    private static func incident(_ row: PostgresRandomAccessRow) throws -> IncidentRow {
        IncidentRow(
            id: try row[0].decode(Int64.self), agent: try row[1].decode(String.self),
            entity: try row[2].decode(String.self), type: try row[3].decode(String.self),
            model: try row[4].decode(String.self), status: try row[5].decode(String.self),
            start: try row[6].decode(Int64.self), end: try row[7].decode(Int64.self),
            windowLength: try row[8].decode(Int64.self), peakSeverity: try row[9].decode(String.self),
            windowCount: try row[10].decode(Int.self), anomalyIDs: try row[13].decode([Int64].self),
            openedAt: Date(timeIntervalSinceReferenceDate: try row[11].decode(Double.self)),
            updatedAt: Date(timeIntervalSinceReferenceDate: try row[12].decode(Double.self)))
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
