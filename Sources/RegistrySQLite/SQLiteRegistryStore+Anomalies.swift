public import Foundation
import GRDB
public import Registry

/// The agents' data in the tables of migrations `v5` and `v6` (incidents). Every statement binds its values; window bounds are µs since
/// the epoch, other dates `REAL` seconds since the reference date.
extension SQLiteRegistryStore: AnomalyStore {
    /// See ``AnomalyStore/commitWindows(_:)``: one transaction; `ON CONFLICT DO NOTHING` keeps the first copy of a
    /// window, and `changes()` after each insert says whether this one was new.
    @discardableResult
    public func commitWindows(_ batch: AgentWindowBatch) async throws(RegistryError) -> AgentCommitResult {
        try batch.validate()
        let what = "commit \(batch.outcomes.count) windows of agent '\(batch.agent)'"
        return try await write(what) { db in
            var newOutcomes = 0
            let outcomes = try db.cachedStatement(sql: Self.insertOutcomeSQL)
            for o in batch.outcomes {
                try outcomes.execute(arguments: [
                    o.agent, o.shadow, o.entity, o.windowStart, o.windowEnd, o.eventCount, o.outcome.rawValue, o.model,
                    o.version, o.score, o.threshold, o.recordedAt.timeIntervalSinceReferenceDate,
                ])
                newOutcomes += db.changesCount
            }
            var newAnomalies: [AnomalyRow] = []
            let anomalies = try db.cachedStatement(sql: Self.insertAnomalySQL)
            for a in batch.anomalies {
                try anomalies.execute(arguments: [
                    a.agent, a.entity, a.windowStart, a.windowEnd, a.type, a.severity, a.status, a.model, a.version,
                    a.score, a.createdAt.timeIntervalSinceReferenceDate, a.updatedAt.timeIntervalSinceReferenceDate,
                    a.payload,
                ])
                guard db.changesCount > 0 else { continue }
                var stored = a
                stored.id = db.lastInsertedRowID
                newAnomalies.append(stored)
            }
            let raised = try Self.trackIncidents(
                newAnomalies, newest: IncidentTracker.newestWindowStart(batch), agent: batch.agent, db)
            guard let c = batch.checkpoint else {
                return AgentCommitResult(newOutcomes: newOutcomes, newAnomalies: newAnomalies, raisedIncidents: raised)
            }
            try db.execute(
                sql: """
                    INSERT INTO agent_checkpoints (agent, position, state, updated_at)
                    VALUES (?, ?, coalesce(?, X''), ?)
                    ON CONFLICT (agent) DO UPDATE SET
                        position = excluded.position, state = excluded.state, updated_at = excluded.updated_at
                    """,
                arguments: [c.agent, c.position, c.state, c.updatedAt.timeIntervalSinceReferenceDate])
            return AgentCommitResult(newOutcomes: newOutcomes, newAnomalies: newAnomalies, raisedIncidents: raised)
        }
    }

    /// See ``AnomalyStore/agentCheckpoint(agent:)``.
    public func agentCheckpoint(agent: String) async throws(RegistryError) -> AgentCheckpointRecord? {
        try await read("read the checkpoint of agent '\(agent)'") { db in
            try Row.fetchOne(
                db, sql: "SELECT agent, position, state, updated_at FROM agent_checkpoints WHERE agent = ?",
                arguments: [agent]
            ).map { row in
                AgentCheckpointRecord(
                    agent: try row.decode(atIndex: 0), position: try row.decode(atIndex: 1),
                    state: try row.decode(Data?.self, atIndex: 2) ?? Data(),
                    updatedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 3)))
            }
        }
    }

    /// See ``AnomalyStore/resetAgentCheckpoint(agent:)``.
    public func resetAgentCheckpoint(agent: String) async throws(RegistryError) {
        try await write("reset the checkpoint of agent '\(agent)'") { db in
            try db.execute(sql: "DELETE FROM agent_checkpoints WHERE agent = ?", arguments: [agent])
        }
    }

    /// See ``AnomalyStore/windowOutcomes(agent:shadow:from:to:limit:)``. A range read on the primary key.
    public func windowOutcomes(
        agent: String, shadow: Bool, from: Int64?, to: Int64?, limit: Int
    ) async throws(RegistryError) -> [WindowOutcomeRecord] {
        try WindowOutcomeRecord.checkLimit(limit)
        // Unbounded ends as the extreme values: no stored window starts at Int64.max (its end is after its start).
        let arguments: StatementArguments = [agent, shadow, from ?? .min, to ?? .max, limit]
        return try await read("read the window outcomes of agent '\(agent)'") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(Self.outcomeColumns) FROM window_outcomes
                    WHERE agent = ? AND shadow = ? AND window_start >= ? AND window_start < ?
                    ORDER BY window_start, entity LIMIT ?
                    """,
                arguments: arguments)
            var outcomes: [WindowOutcomeRecord] = []
            while let row = try rows.next() { outcomes.append(try Self.outcome(row)) }
            return outcomes
        }
    }

    /// See ``AnomalyStore/agentTotals(agent:)``. Windows and the newest window start are the primary model's.
    public func agentTotals(agent: String) async throws(RegistryError) -> AgentTotals {
        try await read("read the totals of agent '\(agent)'") { db in
            var totals = AgentTotals()
            for row in try Row.fetchAll(
                db,
                sql: "SELECT outcome, count(*) FROM window_outcomes WHERE agent = ? AND shadow = 0 GROUP BY outcome",
                arguments: [agent])
            {
                let outcome = try Self.outcomeWord(row.decode(atIndex: 0))
                totals.windows[outcome] = try row.decode(Int.self, atIndex: 1)
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT type, severity, count(*) FROM anomalies WHERE agent = ? GROUP BY type, severity",
                arguments: [agent])
            {
                let (type, severity): (String, String) = (try row.decode(atIndex: 0), try row.decode(atIndex: 1))
                totals.anomalies[type, default: [:]][severity] = try row.decode(Int.self, atIndex: 2)
            }
            // The last entry of a primary-key range.
            let newest = try Int64.fetchOne(
                db, sql: "SELECT max(window_start) FROM window_outcomes WHERE agent = ? AND shadow = 0",
                arguments: [agent])
            totals.newestWindowStart = newest
            return totals
        }
    }

    /// See ``AnomalyStore/anomalies(_:)``.
    public func anomalies(_ query: AnomalyQuery) async throws(RegistryError) -> AnomalyPage {
        try query.validate()
        var conditions: [String] = []
        var arguments = StatementArguments()
        for (condition, value) in [
            ("agent = ?", query.agent), ("entity = ?", query.entity), ("type = ?", query.type),
            ("severity = ?", query.severity), ("status = ?", query.status),
        ] {
            guard let value else { continue }
            conditions.append(condition)
            arguments += [value]
        }
        if let from = query.from {
            conditions.append("window_start >= ?")
            arguments += [from]
        }
        if let to = query.to {
            conditions.append("window_start < ?")
            arguments += [to]
        }
        // Only fixed condition texts are joined; the values are bound.
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let pageArguments = arguments + [query.limit, query.offset]
        let countSQL = "SELECT count(*) FROM anomalies \(filter)"
        let pageSQL = """
            SELECT \(Self.anomalyColumns) FROM anomalies \(filter)
            ORDER BY window_start DESC, entity, id LIMIT ? OFFSET ?
            """
        return try await read("list anomalies") { [arguments] db in
            let total = try Int.fetchOne(db, sql: countSQL, arguments: arguments) ?? 0
            var page: [AnomalyRow] = []
            let rows = try Row.fetchCursor(db, sql: pageSQL, arguments: pageArguments)
            while let row = try rows.next() { page.append(try Self.anomaly(row)) }
            return AnomalyPage(anomalies: page, total: total)
        }
    }

    /// See ``AnomalyStore/anomaly(id:)``.
    public func anomaly(id: Int64) async throws(RegistryError) -> AnomalyRow? {
        try await read("read anomaly \(id)") { db in try Self.fetchAnomaly(id: id, db) }
    }

    /// See ``AnomalyStore/updateAnomaly(id:expectedStatus:status:payload:at:)``: the status is compared and replaced
    /// under the write lock, so of two operators moving the same anomaly the second gets `conflict`.
    @discardableResult
    public func updateAnomaly(
        id: Int64, expectedStatus: String, status: String, payload: Data, at: Date
    ) async throws(RegistryError) -> AnomalyRow {
        try AnomalyRow.validateUpdate(id: id, expectedStatus: expectedStatus, status: status, payload: payload, at: at)
        return try await write("update anomaly \(id)") { db in
            let current = try String.fetchOne(db, sql: "SELECT status FROM anomalies WHERE id = ?", arguments: [id])
            guard let current else { throw RegistryError.anomalyNotFound(id) }
            guard current == expectedStatus else {
                throw RegistryError.anomalyMoved(id, expected: expectedStatus, actual: current)
            }
            try db.execute(
                sql: "UPDATE anomalies SET status = ?, payload = coalesce(?, X''), updated_at = ? WHERE id = ?",
                arguments: [status, payload, at.timeIntervalSinceReferenceDate, id])
            guard let row = try Self.fetchAnomaly(id: id, db) else { throw RegistryError.anomalyNotFound(id) }
            return row
        }
    }

    /// See ``AnomalyStore/incidents(_:)``.
    public func incidents(_ query: IncidentQuery) async throws(RegistryError) -> IncidentPage {
        try query.validate()
        var conditions: [String] = []
        var arguments = StatementArguments()
        for (condition, value) in [
            ("agent = ?", query.agent), ("entity = ?", query.entity), ("type = ?", query.type),
            ("status = ?", query.status),
        ] {
            guard let value else { continue }
            conditions.append(condition)
            arguments += [value]
        }
        if query.minSeverity != nil {
            let severities = query.severities
            conditions.append("peak_severity IN (" + severities.map { _ in "?" }.joined(separator: ", ") + ")")
            for severity in severities { arguments += [severity] }
        }
        if let from = query.from {
            conditions.append("end_at > ?")
            arguments += [from]
        }
        if let to = query.to {
            conditions.append("start_at < ?")
            arguments += [to]
        }
        // Only fixed condition texts are joined; the values are bound.
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let pageArguments = arguments + [query.limit, query.offset]
        let countSQL = "SELECT count(*) FROM incidents \(filter)"
        let pageSQL = """
            SELECT \(Self.incidentColumns) FROM incidents \(filter)
            ORDER BY start_at DESC, entity, id LIMIT ? OFFSET ?
            """
        return try await read("list incidents") { [arguments] db in
            let total = try Int.fetchOne(db, sql: countSQL, arguments: arguments) ?? 0
            var page: [IncidentRow] = []
            for row in try Row.fetchAll(db, sql: pageSQL, arguments: pageArguments) {
                page.append(try Self.incident(row, db))
            }
            return IncidentPage(incidents: page, total: total)
        }
    }

    /// See ``AnomalyStore/incident(id:)``.
    public func incident(id: Int64) async throws(RegistryError) -> IncidentRow? {
        try await read("read incident \(id)") { db in try Self.fetchIncident(id: id, db) }
    }

    /// See ``AnomalyStore/setPairing(_:)``.
    public func setPairing(_ pairing: AgentPairingRecord) async throws(RegistryError) {
        try pairing.validate()
        let p = pairing
        let arguments: StatementArguments = [
            p.agent, p.model, p.version, p.shadowVersion, p.actor, p.at.timeIntervalSinceReferenceDate, p.reason,
        ]
        try await write("pair agent '\(p.agent)' with model '\(p.model)'") { db in
            try db.execute(
                sql: """
                    INSERT INTO agent_pairings (\(Self.pairingColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (agent) DO UPDATE SET
                        model = excluded.model, version = excluded.version, shadow_version = excluded.shadow_version,
                        actor = excluded.actor, at = excluded.at, reason = excluded.reason
                    """,
                arguments: arguments)
            try db.execute(
                sql: "INSERT INTO agent_pairing_history (\(Self.pairingColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: arguments)
        }
    }

    /// See ``AnomalyStore/pairing(agent:)``.
    public func pairing(agent: String) async throws(RegistryError) -> AgentPairingRecord? {
        try await read("read the pairing of agent '\(agent)'") { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.pairingColumns) FROM agent_pairings WHERE agent = ?", arguments: [agent]
            ).map(Self.pairing)
        }
    }

    /// See ``AnomalyStore/pairingHistory(agent:)``. In the order the pairings were set.
    public func pairingHistory(agent: String) async throws(RegistryError) -> [AgentPairingRecord] {
        try await read("read the pairing history of agent '\(agent)'") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.pairingColumns) FROM agent_pairing_history WHERE agent = ? ORDER BY id",
                arguments: [agent]
            ).map(Self.pairing)
        }
    }

    /// See ``AnomalyStore/deleteAgentData(windowsBefore:)``.
    @discardableResult
    public func deleteAgentData(windowsBefore cutoff: Int64) async throws(RegistryError)
        -> (outcomes: Int, anomalies: Int)
    {
        let removed = try await write("delete agent data of windows before \(cutoff)") { db in
            try db.execute(sql: "DELETE FROM window_outcomes WHERE window_start < ?", arguments: [cutoff])
            let outcomes = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM anomalies WHERE window_start < ? AND status NOT IN ('open', 'acknowledged')
                    """,
                arguments: [cutoff])
            let anomalies = db.changesCount
            // Links went with their anomalies (ON DELETE CASCADE); an incident goes with its last anomaly.
            try db.execute(
                sql: """
                    DELETE FROM incidents WHERE start_at < ?
                    AND NOT EXISTS (SELECT 1 FROM incident_anomalies l WHERE l.incident_id = incidents.id)
                    """,
                arguments: [cutoff])
            return (outcomes, anomalies)
        }
        return removed
    }

    // MARK: - Rows

    private static let outcomeColumns = """
        agent, shadow, entity, window_start, window_end, event_count, outcome, model, version, score, threshold, \
        recorded_at
        """

    private static let insertOutcomeSQL = """
        INSERT INTO window_outcomes (\(outcomeColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """

    private static let anomalyColumns = """
        id, agent, entity, window_start, window_end, type, severity, status, model, version, score, created_at, \
        updated_at, payload
        """

    private static let insertAnomalySQL = """
        INSERT INTO anomalies (
            agent, entity, window_start, window_end, type, severity, status, model, version, score, created_at,
            updated_at, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, X''))
        ON CONFLICT DO NOTHING
        """

    private static let pairingColumns = "agent, model, version, shadow_version, actor, at, reason"

    private static func outcomeWord(_ text: String) throws -> WindowOutcomeRecord.Outcome {
        guard let outcome = WindowOutcomeRecord.Outcome(rawValue: text) else {
            throw corrupt("unknown window outcome '\(text)'")
        }
        return outcome
    }

    /// A row of ``outcomeColumns``, by index.
    private static func outcome(_ row: Row) throws -> WindowOutcomeRecord {
        WindowOutcomeRecord(
            agent: try row.decode(atIndex: 0), shadow: try row.decode(atIndex: 1), entity: try row.decode(atIndex: 2),
            windowStart: try row.decode(atIndex: 3), windowEnd: try row.decode(atIndex: 4),
            eventCount: try row.decode(atIndex: 5), outcome: try outcomeWord(row.decode(atIndex: 6)),
            model: try row.decode(atIndex: 7), version: try row.decode(atIndex: 8), score: try row.decode(atIndex: 9),
            threshold: try row.decode(atIndex: 10),
            recordedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 11)))
    }

    /// A row of ``anomalyColumns``, by index.
    private static func anomaly(_ row: Row) throws -> AnomalyRow {
        AnomalyRow(
            id: try row.decode(atIndex: 0), agent: try row.decode(atIndex: 1), entity: try row.decode(atIndex: 2),
            windowStart: try row.decode(atIndex: 3), windowEnd: try row.decode(atIndex: 4),
            type: try row.decode(atIndex: 5), severity: try row.decode(atIndex: 6), status: try row.decode(atIndex: 7),
            model: try row.decode(atIndex: 8), version: try row.decode(atIndex: 9), score: try row.decode(atIndex: 10),
            createdAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 11)),
            updatedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 12)),
            payload: try row.decode(Data?.self, atIndex: 13) ?? Data())
    }

    private static func fetchAnomaly(id: Int64, _ db: Database) throws -> AnomalyRow? {
        try Row.fetchOne(db, sql: "SELECT \(anomalyColumns) FROM anomalies WHERE id = ?", arguments: [id])
            .map(anomaly)
    }

    private static let incidentColumns = """
        id, agent, entity, type, model, status, start_at, end_at, window_length, peak_severity, window_count, \
        opened_at, updated_at
        """

    /// A row of ``incidentColumns``, by index, with its anomaly ids.
    private static func incident(_ row: Row, _ db: Database) throws -> IncidentRow {
        let id: Int64 = try row.decode(atIndex: 0)
        let anomalyIDs = try Int64.fetchAll(
            db, sql: "SELECT anomaly_id FROM incident_anomalies WHERE incident_id = ? ORDER BY window_start, anomaly_id",
            arguments: [id])
        return IncidentRow(
            id: id, agent: try row.decode(atIndex: 1), entity: try row.decode(atIndex: 2),
            type: try row.decode(atIndex: 3), model: try row.decode(atIndex: 4), status: try row.decode(atIndex: 5),
            start: try row.decode(atIndex: 6), end: try row.decode(atIndex: 7), windowLength: try row.decode(atIndex: 8),
            peakSeverity: try row.decode(atIndex: 9), windowCount: try row.decode(atIndex: 10), anomalyIDs: anomalyIDs,
            openedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 11)),
            updatedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 12)))
    }

    private static func fetchIncident(id: Int64, _ db: Database) throws -> IncidentRow? {
        try Row.fetchOne(db, sql: "SELECT \(incidentColumns) FROM incidents WHERE id = ?", arguments: [id])
            .map { try incident($0, db) }
    }

    /// Groups new anomalies into incidents (``IncidentTracker``) inside the commit's transaction and closes the
    /// agent's incidents that can no longer grow; returns the incidents opened or raised.
    private static func trackIncidents(
        _ anomalies: [AnomalyRow], newest: Int64?, agent: String, _ db: Database
    ) throws -> [IncidentRow] {
        let now = Date()
        var raised: [Int64: Bool] = [:]
        for anomaly in anomalies.sorted(by: { $0.windowStart < $1.windowStart }) {
            let latestID = try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM incidents WHERE agent = ? AND entity = ? AND type = ? AND model = ?
                    ORDER BY start_at DESC, id DESC LIMIT 1
                    """,
                arguments: [anomaly.agent, anomaly.entity, anomaly.type, anomaly.model])
            let latest = try latestID.flatMap { try fetchIncident(id: $0, db) }
            let id: Int64
            switch IncidentTracker.place(anomaly, latest: latest, at: now) {
            case .none: continue
            case .join(let i, let didRaise):
                try db.execute(
                    sql: """
                        UPDATE incidents SET start_at = ?, end_at = ?, peak_severity = ?, window_count = ?,
                        updated_at = ? WHERE id = ?
                        """,
                    arguments: [
                        i.start, i.end, i.peakSeverity, i.windowCount, i.updatedAt.timeIntervalSinceReferenceDate, i.id,
                    ])
                id = i.id
                if didRaise { raised[id] = true }
            case .open(let i):
                try db.execute(
                    sql: """
                        INSERT INTO incidents (agent, entity, type, model, status, start_at, end_at, window_length,
                            peak_severity, window_count, opened_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        i.agent, i.entity, i.type, i.model, i.status, i.start, i.end, i.windowLength, i.peakSeverity,
                        i.windowCount, i.openedAt.timeIntervalSinceReferenceDate,
                        i.updatedAt.timeIntervalSinceReferenceDate,
                    ])
                id = db.lastInsertedRowID
                raised[id] = true
            }
            try db.execute(
                sql: "INSERT INTO incident_anomalies (incident_id, anomaly_id, window_start) VALUES (?, ?, ?)",
                arguments: [id, anomaly.id, anomaly.windowStart])
        }
        if let newest {
            try db.execute(
                sql: """
                    UPDATE incidents SET status = 'closed', updated_at = ?
                    WHERE agent = ? AND status = 'open' AND end_at + window_length < ?
                    """,
                arguments: [now.timeIntervalSinceReferenceDate, agent, newest])
        }
        return try raised.keys.sorted().compactMap { try fetchIncident(id: $0, db) }
    }

    /// A row of ``pairingColumns``, by index.
    private static func pairing(_ row: Row) throws -> AgentPairingRecord {
        AgentPairingRecord(
            agent: try row.decode(atIndex: 0), model: try row.decode(atIndex: 1), version: try row.decode(atIndex: 2),
            shadowVersion: try row.decode(atIndex: 3), actor: try row.decode(atIndex: 4),
            at: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 5)), reason: try row.decode(atIndex: 6))
    }
}
