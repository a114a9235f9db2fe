public import Foundation

extension InMemoryRegistryStore: AnomalyStore {
    /// See ``AnomalyStore/commitWindows(_:)``. Validated whole before anything is written; the actor makes the rest
    /// one step.
    @discardableResult
    public func commitWindows(_ batch: AgentWindowBatch) throws(RegistryError) -> AgentCommitResult {
        try batch.validate()
        var newOutcomes = 0
        for outcome in batch.outcomes {
            let key = InMemoryAgentTables.OutcomeKey(outcome)
            guard agents.outcomes[key] == nil else { continue }
            agents.outcomes[key] = outcome
            newOutcomes += 1
        }
        var newAnomalies: [AnomalyRow] = []
        for anomaly in batch.anomalies {
            let key = InMemoryAgentTables.AnomalyKey(anomaly)
            guard agents.anomalyIDs[key] == nil else { continue }
            agents.lastAnomalyID += 1
            var stored = anomaly
            stored.id = agents.lastAnomalyID
            agents.anomalyIDs[key] = stored.id
            agents.anomalies[stored.id] = stored
            newAnomalies.append(stored)
        }
        let raised = trackIncidents(newAnomalies, newest: IncidentTracker.newestWindowStart(batch), agent: batch.agent)
        if let checkpoint = batch.checkpoint { agents.checkpoints[batch.agent] = checkpoint }
        return AgentCommitResult(newOutcomes: newOutcomes, newAnomalies: newAnomalies, raisedIncidents: raised)
    }

    /// Groups new anomalies into incidents (``IncidentTracker``) and closes the agent's incidents that can no
    /// longer grow; returns the incidents opened or raised.
    private func trackIncidents(_ anomalies: [AnomalyRow], newest: Int64?, agent: String) -> [IncidentRow] {
        let now = Date()
        var raised: [Int64: IncidentRow] = [:]
        for anomaly in anomalies.sorted(by: { $0.windowStart < $1.windowStart }) {
            let key = InMemoryAgentTables.IncidentKey(anomaly)
            let latest = agents.latestIncident[key].flatMap { agents.incidents[$0] }
            switch IncidentTracker.place(anomaly, latest: latest, at: now) {
            case .none: continue
            case .join(let incident, let didRaise):
                agents.incidents[incident.id] = incident
                if didRaise || raised[incident.id] != nil { raised[incident.id] = incident }
            case .open(var incident):
                agents.lastIncidentID += 1
                incident.id = agents.lastIncidentID
                agents.incidents[incident.id] = incident
                if (latest?.start ?? .min) <= incident.start { agents.latestIncident[key] = incident.id }
                raised[incident.id] = incident
            }
        }
        if let newest {
            for (id, incident) in agents.incidents
            where incident.agent == agent && IncidentTracker.closes(incident, newestWindowStart: newest) {
                agents.incidents[id]?.status = "closed"
                agents.incidents[id]?.updatedAt = now
                if raised[id] != nil { raised[id] = agents.incidents[id] }
            }
        }
        return raised.values.sorted { $0.id < $1.id }
    }

    /// See ``AnomalyStore/incidents(_:)``.
    public func incidents(_ query: IncidentQuery) throws(RegistryError) -> IncidentPage {
        try query.validate()
        let matching = agents.incidents.values.filter(query.matches).sorted(by: IncidentQuery.newestFirst)
        return IncidentPage(
            incidents: Array(matching.dropFirst(query.offset).prefix(query.limit)), total: matching.count)
    }

    /// See ``AnomalyStore/incident(id:)``.
    public func incident(id: Int64) -> IncidentRow? {
        agents.incidents[id]
    }

    /// See ``AnomalyStore/agentCheckpoint(agent:)``.
    public func agentCheckpoint(agent: String) -> AgentCheckpointRecord? {
        agents.checkpoints[agent]
    }

    /// See ``AnomalyStore/resetAgentCheckpoint(agent:)``.
    public func resetAgentCheckpoint(agent: String) {
        agents.checkpoints[agent] = nil
    }

    /// See ``AnomalyStore/windowOutcomes(agent:shadow:from:to:limit:)``.
    public func windowOutcomes(
        agent: String, shadow: Bool, from: Int64?, to: Int64?, limit: Int
    ) throws(RegistryError) -> [WindowOutcomeRecord] {
        try WindowOutcomeRecord.checkLimit(limit)
        let matching = agents.outcomes.values.filter { o in
            o.agent == agent && o.shadow == shadow && (from.map { o.windowStart >= $0 } ?? true)
                && (to.map { o.windowStart < $0 } ?? true)
        }
        let sorted = matching.sorted { a, b in
            a.windowStart != b.windowStart
                ? a.windowStart < b.windowStart : a.entity.utf8.lexicographicallyPrecedes(b.entity.utf8)
        }
        return Array(sorted.prefix(limit))
    }

    /// See ``AnomalyStore/agentTotals(agent:)``. Windows and the newest window start are the primary model's.
    public func agentTotals(agent: String) -> AgentTotals {
        var totals = AgentTotals()
        for outcome in agents.outcomes.values where outcome.agent == agent && !outcome.shadow {
            totals.windows[outcome.outcome, default: 0] += 1
            totals.newestWindowStart = max(totals.newestWindowStart ?? .min, outcome.windowStart)
        }
        for anomaly in agents.anomalies.values where anomaly.agent == agent {
            totals.anomalies[anomaly.type, default: [:]][anomaly.severity, default: 0] += 1
        }
        return totals
    }

    /// See ``AnomalyStore/anomalies(_:)``.
    public func anomalies(_ query: AnomalyQuery) throws(RegistryError) -> AnomalyPage {
        try query.validate()
        let matching = agents.anomalies.values.filter(query.matches).sorted(by: InMemoryAgentTables.newestFirst)
        return AnomalyPage(
            anomalies: Array(matching.dropFirst(query.offset).prefix(query.limit)), total: matching.count)
    }

    /// See ``AnomalyStore/anomaly(id:)``.
    public func anomaly(id: Int64) -> AnomalyRow? {
        agents.anomalies[id]
    }

    /// See ``AnomalyStore/updateAnomaly(id:expectedStatus:status:payload:at:)``.
    @discardableResult
    public func updateAnomaly(
        id: Int64, expectedStatus: String, status: String, payload: Data, at: Date
    ) throws(RegistryError) -> AnomalyRow {
        try AnomalyRow.validateUpdate(id: id, expectedStatus: expectedStatus, status: status, payload: payload, at: at)
        guard var row = agents.anomalies[id] else { throw RegistryError.anomalyNotFound(id) }
        guard row.status == expectedStatus else {
            throw RegistryError.anomalyMoved(id, expected: expectedStatus, actual: row.status)
        }
        (row.status, row.payload, row.updatedAt) = (status, payload, at)
        agents.anomalies[id] = row
        return row
    }

    /// See ``AnomalyStore/setPairing(_:)``.
    public func setPairing(_ pairing: AgentPairingRecord) throws(RegistryError) {
        try pairing.validate()
        agents.pairings[pairing.agent] = pairing
        agents.pairingHistory.append(pairing)
    }

    /// See ``AnomalyStore/pairing(agent:)``.
    public func pairing(agent: String) -> AgentPairingRecord? {
        agents.pairings[agent]
    }

    /// See ``AnomalyStore/pairingHistory(agent:)``. In the order the pairings were set.
    public func pairingHistory(agent: String) -> [AgentPairingRecord] {
        agents.pairingHistory.filter { $0.agent == agent }
    }

    /// See ``AnomalyStore/deleteAgentData(windowsBefore:)``.
    @discardableResult
    public func deleteAgentData(windowsBefore cutoff: Int64) -> (outcomes: Int, anomalies: Int) {
        let outcomesBefore = agents.outcomes.count
        agents.outcomes = agents.outcomes.filter { $0.value.windowStart >= cutoff }
        let removed = agents.anomalies.values.filter { a in
            a.windowStart < cutoff && !AnomalyRow.activeStatuses.contains(a.status)
        }
        for anomaly in removed {
            agents.anomalies[anomaly.id] = nil
            agents.anomalyIDs[InMemoryAgentTables.AnomalyKey(anomaly)] = nil
        }
        let gone = Set(removed.map(\.id))
        for (id, var incident) in agents.incidents where incident.anomalyIDs.contains(where: gone.contains) {
            incident.anomalyIDs.removeAll(where: gone.contains)
            agents.incidents[id] = incident.anomalyIDs.isEmpty ? nil : incident
        }
        agents.latestIncident = agents.latestIncident.filter { agents.incidents[$0.value] != nil }
        return (outcomesBefore - agents.outcomes.count, removed.count)
    }
}

/// The in-memory store's agent data, kept by ``InMemoryRegistryStore``. Entities are keyed and ordered by their
/// UTF-8 bytes, as SQLite compares text: two spellings of the same character (composed and decomposed) are two
/// entities, as in every other store.
struct InMemoryAgentTables: Sendable {
    /// What makes an outcome unique.
    struct OutcomeKey: Hashable, Sendable {
        var agent: String
        var shadow: Bool
        var entity: [UInt8]
        var windowStart: Int64

        init(_ o: WindowOutcomeRecord) {
            (agent, shadow, entity, windowStart) = (o.agent, o.shadow, Array(o.entity.utf8), o.windowStart)
        }
    }

    /// What makes an anomaly unique.
    struct AnomalyKey: Hashable, Sendable {
        var agent: String
        var entity: [UInt8]
        var windowStart: Int64

        init(_ a: AnomalyRow) {
            (agent, entity, windowStart) = (a.agent, Array(a.entity.utf8), a.windowStart)
        }
    }

    /// What groups anomalies into one incident.
    struct IncidentKey: Hashable, Sendable {
        var agent: String
        var entity: [UInt8]
        var type: String
        var model: String

        init(_ a: AnomalyRow) {
            (agent, entity, type, model) = (a.agent, Array(a.entity.utf8), a.type, a.model)
        }
    }

    var outcomes: [OutcomeKey: WindowOutcomeRecord] = [:]
    var incidents: [Int64: IncidentRow] = [:]
    /// The incident an anomaly of a key joins or follows: the one starting last.
    var latestIncident: [IncidentKey: Int64] = [:]
    var lastIncidentID: Int64 = 0
    var anomalies: [Int64: AnomalyRow] = [:]
    var anomalyIDs: [AnomalyKey: Int64] = [:]
    /// The last id assigned; never decreases, so ids are not reused after retention (as with AUTOINCREMENT).
    var lastAnomalyID: Int64 = 0
    var checkpoints: [String: AgentCheckpointRecord] = [:]
    var pairings: [String: AgentPairingRecord] = [:]
    var pairingHistory: [AgentPairingRecord] = []  // oldest first

    /// The listing order: newest window first, then entity, then id.
    static func newestFirst(_ a: AnomalyRow, _ b: AnomalyRow) -> Bool {
        if a.windowStart != b.windowStart { return a.windowStart > b.windowStart }
        if !a.entity.utf8.elementsEqual(b.entity.utf8) {
            return a.entity.utf8.lexicographicallyPrecedes(b.entity.utf8)
        }
        return a.id < b.id
    }
}
