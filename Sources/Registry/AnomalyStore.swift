public import Foundation

/// Storage of what the agents produce and need to resume: the outcome of every closed window (scored normal,
/// anomalous or skipped; the shadow model's apart), the anomalies with their workflow status, each agent's
/// checkpoint, and each agent's model pairing with its history.
///
/// Implemented by ``InMemoryRegistryStore`` here and by the SQLite and PostgreSQL stores in their own modules; one
/// conformance suite (TestSupport's `AnomalyStoreConformance`) runs against every implementation. Anomaly payloads
/// are opaque `Data` encoded by the Agents module (the contract's anomaly record); the store keeps the columns it
/// filters on beside them.
///
/// **Exactly once.** ``commitWindows(_:)`` writes a batch's outcomes, anomalies and checkpoint in one transaction.
/// (`agent`, `shadow`, `entity`, `window_start`) is unique among outcomes and (`agent`, `entity`, `window_start`)
/// among anomalies: a window committed twice (a replay, a restarted agent) is kept once, the first time, and the
/// result says which were already there.
///
/// **Incidents.** The same transaction groups the new anomalies into incidents by ``IncidentTracker``'s rule, so
/// no anomaly is ever stored without its incident.
public protocol AnomalyStore: Sendable {
    /// Commits a batch atomically: outcomes and anomalies not already stored, and the agent's checkpoint (replaced;
    /// kept as it is when the batch carries none, as a replay's does).
    ///
    /// - Returns: how many outcomes and anomalies were new, and the stored anomalies with their ids.
    /// - Throws: `invalid_record` (see the records' `validate()`), with nothing written; `storage_error`.
    @discardableResult
    func commitWindows(_ batch: AgentWindowBatch) async throws(RegistryError) -> AgentCommitResult

    /// The agent's last committed checkpoint, nil before its first commit.
    func agentCheckpoint(agent: String) async throws(RegistryError) -> AgentCheckpointRecord?

    /// Removes an agent's checkpoint, so that it starts again from the beginning of its source (outcomes and
    /// anomalies are kept: windows already stored are not stored again).
    func resetAgentCheckpoint(agent: String) async throws(RegistryError)

    /// Window outcomes of an agent, oldest window first (by window start, then entity), whose window starts in
    /// [`from`, `to`) (µs since the epoch; nil is unbounded), at most `limit`.
    func windowOutcomes(agent: String, shadow: Bool, from: Int64?, to: Int64?, limit: Int) async throws(RegistryError)
        -> [WindowOutcomeRecord]

    /// Per agent: windows by outcome, and anomalies by type and severity (for status and metrics).
    func agentTotals(agent: String) async throws(RegistryError) -> AgentTotals

    /// One page of anomalies matching the query, newest window first (ties by entity, then id).
    func anomalies(_ query: AnomalyQuery) async throws(RegistryError) -> AnomalyPage

    /// One anomaly, nil when no anomaly has the id.
    func anomaly(id: Int64) async throws(RegistryError) -> AnomalyRow?

    /// One page of incidents matching the query, newest start first (ties by entity, then id).
    ///
    /// - Throws: `invalid_record` for a bad query; `storage_error`.
    func incidents(_ query: IncidentQuery) async throws(RegistryError) -> IncidentPage

    /// One incident, nil when no incident has the id.
    func incident(id: Int64) async throws(RegistryError) -> IncidentRow?

    /// Replaces an anomaly's status and payload (the workflow's move, decided by the caller), when its status is
    /// still `expectedStatus`.
    ///
    /// - Returns: the updated anomaly.
    /// - Throws: `version_not_found` (the registry's one "not found" code) when no anomaly has the id; `conflict` when
    ///   its status is no longer `expectedStatus` (another operator moved it); `invalid_record`; `storage_error`.
    @discardableResult
    func updateAnomaly(id: Int64, expectedStatus: String, status: String, payload: Data, at: Date)
        async throws(RegistryError) -> AnomalyRow

    /// Stores the agent's current pairing and appends it to the pairing history.
    ///
    /// - Throws: `invalid_record`, `invalid_model_name`, `invalid_version`; `storage_error`.
    func setPairing(_ pairing: AgentPairingRecord) async throws(RegistryError)

    /// The agent's current pairing, nil when it was never paired at run time (its configuration applies).
    func pairing(agent: String) async throws(RegistryError) -> AgentPairingRecord?

    /// The agent's pairings, oldest first.
    func pairingHistory(agent: String) async throws(RegistryError) -> [AgentPairingRecord]

    /// Deletes window outcomes and anomalies whose window started before `cutoff` (µs since the epoch), except
    /// anomalies still `open` or `acknowledged`; an incident goes with the last of its anomalies.
    ///
    /// - Returns: how many outcomes and anomalies were removed.
    @discardableResult
    func deleteAgentData(windowsBefore cutoff: Int64) async throws(RegistryError) -> (outcomes: Int, anomalies: Int)
}

/// What an agent commits for a run of closed windows, atomically.
public struct AgentWindowBatch: Sendable, Equatable {
    /// The agent.
    public var agent: String
    /// Every closed window's outcome (the primary model's and the shadow's).
    public var outcomes: [WindowOutcomeRecord]
    /// The anomalies among them (the primary model's only).
    public var anomalies: [AnomalyRow]
    /// The checkpoint after these windows; nil leaves the stored one as it is (a replay of a past period).
    public var checkpoint: AgentCheckpointRecord?

    /// Creates a batch.
    public init(
        agent: String, outcomes: [WindowOutcomeRecord], anomalies: [AnomalyRow], checkpoint: AgentCheckpointRecord?
    ) {
        self.agent = agent
        self.outcomes = outcomes
        self.anomalies = anomalies
        self.checkpoint = checkpoint
    }
}

/// The result of ``AnomalyStore/commitWindows(_:)``.
public struct AgentCommitResult: Sendable, Equatable {
    /// Outcomes stored by this commit (the others were already there).
    public var newOutcomes: Int
    /// Anomalies stored by this commit, with their assigned ids.
    public var newAnomalies: [AnomalyRow]
    /// Incidents this commit opened or whose peak severity it raised, as they are after it (what the incident
    /// metric counts at their new peak).
    public var raisedIncidents: [IncidentRow]

    /// Creates a result.
    public init(newOutcomes: Int, newAnomalies: [AnomalyRow], raisedIncidents: [IncidentRow] = []) {
        self.newOutcomes = newOutcomes
        self.newAnomalies = newAnomalies
        self.raisedIncidents = raisedIncidents
    }
}

/// One closed window of an agent: what happened to it.
public struct WindowOutcomeRecord: Sendable, Equatable, Codable {
    /// What happened.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Scored and normal.
        case normal
        /// Scored (or matched by a rule) and anomalous.
        case anomaly
        /// Fewer events than the agent's minimum: not scored.
        case skipped
    }

    /// The agent.
    public var agent: String
    /// Whether the agent's shadow (candidate) model produced it.
    public var shadow: Bool
    /// The access point.
    public var entity: String
    /// The window's start, µs since the epoch.
    public var windowStart: Int64
    /// The window's end, µs since the epoch.
    public var windowEnd: Int64
    /// Events in the window.
    public var eventCount: Int
    /// What happened.
    public var outcome: Outcome
    /// The model that scored it (nil when skipped).
    public var model: String?
    /// Its version.
    public var version: String?
    /// The anomaly score (nil when skipped).
    public var score: Double?
    /// The threshold it was compared with.
    public var threshold: Double?
    /// When it was committed.
    public var recordedAt: Date

    /// Creates an outcome.
    public init(
        agent: String, shadow: Bool = false, entity: String, windowStart: Int64, windowEnd: Int64, eventCount: Int,
        outcome: Outcome, model: String? = nil, version: String? = nil, score: Double? = nil,
        threshold: Double? = nil, recordedAt: Date
    ) {
        self.agent = agent
        self.shadow = shadow
        self.entity = entity
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.eventCount = eventCount
        self.outcome = outcome
        self.model = model
        self.version = version
        self.score = score
        self.threshold = threshold
        self.recordedAt = recordedAt
    }
}

/// One stored anomaly: the columns the store filters and sorts on, and the full record as the agent encoded it.
public struct AnomalyRow: Sendable, Equatable {
    /// Assigned by the store; ignored on commit.
    public var id: Int64
    /// The agent.
    public var agent: String
    /// The access point.
    public var entity: String
    /// The window's start, µs since the epoch.
    public var windowStart: Int64
    /// The window's end, µs since the epoch.
    public var windowEnd: Int64
    /// The anomaly type (`deauth_flood`, ...).
    public var type: String
    /// `low`, `medium`, `high` or `critical`.
    public var severity: String
    /// `open`, `acknowledged`, `resolved` or `false_positive`.
    public var status: String
    /// The model that scored the window.
    public var model: String
    /// Its version.
    public var version: String
    /// The anomaly score.
    public var score: Double
    /// When it was stored.
    public var createdAt: Date
    /// When its status last changed.
    public var updatedAt: Date
    /// The contract's anomaly record, encoded by the Agents module.
    public var payload: Data

    /// Creates a row.
    public init(
        id: Int64 = 0, agent: String, entity: String, windowStart: Int64, windowEnd: Int64, type: String,
        severity: String, status: String, model: String, version: String, score: Double, createdAt: Date,
        updatedAt: Date, payload: Data
    ) {
        self.id = id
        self.agent = agent
        self.entity = entity
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.type = type
        self.severity = severity
        self.status = status
        self.model = model
        self.version = version
        self.score = score
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.payload = payload
    }
}

/// An agent's resume point, committed with its windows.
public struct AgentCheckpointRecord: Sendable, Equatable {
    /// The agent.
    public var agent: String
    /// The id of the last source event the agent has read (every later one is new to it).
    public var position: Int64
    /// The extractor's state (its checkpoint, encoded by the Agents module).
    public var state: Data
    /// When it was committed.
    public var updatedAt: Date

    /// Creates a checkpoint.
    public init(agent: String, position: Int64, state: Data, updatedAt: Date) {
        self.agent = agent
        self.position = position
        self.state = state
        self.updatedAt = updatedAt
    }
}

/// Which model version an agent scores with, set at run time (`POST /api/v1/agents/{id}/set-model`).
public struct AgentPairingRecord: Sendable, Equatable, Codable {
    /// The agent.
    public var agent: String
    /// The model.
    public var model: String
    /// The version; nil follows the model's serving version.
    public var version: String?
    /// A candidate version that scores the same windows apart (the shadow); nil for none.
    public var shadowVersion: String?
    /// Who paired it.
    public var actor: String
    /// When.
    public var at: Date
    /// Why.
    public var reason: String?

    /// Creates a pairing.
    public init(
        agent: String, model: String, version: String?, shadowVersion: String? = nil, actor: String, at: Date,
        reason: String? = nil
    ) {
        self.agent = agent
        self.model = model
        self.version = version
        self.shadowVersion = shadowVersion
        self.actor = actor
        self.at = at
        self.reason = reason
    }
}

/// Which anomalies to list.
public struct AnomalyQuery: Sendable, Equatable {
    /// Only this agent.
    public var agent: String?
    /// Only this access point.
    public var entity: String?
    /// Only this type.
    public var type: String?
    /// Only this severity.
    public var severity: String?
    /// Only this status.
    public var status: String?
    /// Windows starting at or after (µs since the epoch).
    public var from: Int64?
    /// Windows starting before (µs since the epoch).
    public var to: Int64?
    /// Anomalies skipped before the page.
    public var offset: Int
    /// The page size.
    public var limit: Int

    /// Creates a query; every filter is optional.
    public init(
        agent: String? = nil, entity: String? = nil, type: String? = nil, severity: String? = nil,
        status: String? = nil, from: Int64? = nil, to: Int64? = nil, offset: Int = 0, limit: Int = 100
    ) {
        self.agent = agent
        self.entity = entity
        self.type = type
        self.severity = severity
        self.status = status
        self.from = from
        self.to = to
        self.offset = offset
        self.limit = limit
    }
}

/// One page of anomalies.
public struct AnomalyPage: Sendable, Equatable {
    /// The anomalies of the page.
    public var anomalies: [AnomalyRow]
    /// How many match the query in all.
    public var total: Int

    /// Creates a page.
    public init(anomalies: [AnomalyRow], total: Int) {
        self.anomalies = anomalies
        self.total = total
    }
}

/// An agent's stored totals.
public struct AgentTotals: Sendable, Equatable {
    /// Windows by outcome (primary model).
    public var windows: [WindowOutcomeRecord.Outcome: Int]
    /// Anomalies by type, then severity.
    public var anomalies: [String: [String: Int]]
    /// The newest window start committed, µs since the epoch.
    public var newestWindowStart: Int64?

    /// Creates totals.
    public init(windows: [WindowOutcomeRecord.Outcome: Int] = [:], anomalies: [String: [String: Int]] = [:],
                newestWindowStart: Int64? = nil) {
        self.windows = windows
        self.anomalies = anomalies
        self.newestWindowStart = newestWindowStart
    }
}
