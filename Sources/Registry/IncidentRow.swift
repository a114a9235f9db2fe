public import Foundation

/// One incident: consecutive anomalous windows of one access point, of one anomaly type, found by one agent with
/// one model, grouped by ``IncidentTracker``. Stored by ``AnomalyStore/commitWindows(_:)`` in the same transaction
/// as its anomalies.
public struct IncidentRow: Sendable, Equatable {
    /// Assigned by the store.
    public var id: Int64
    /// The agent.
    public var agent: String
    /// The access point.
    public var entity: String
    /// The anomaly type of every window of the incident.
    public var type: String
    /// The model that scored its windows (a new pairing with another model starts a new incident, so a key scoped
    /// to models sees an incident whole or not at all).
    public var model: String
    /// `open` while a later anomalous window may still join it, `closed` once the agent committed a window past the
    /// tolerated gap.
    public var status: String
    /// The first window's start, µs since the epoch.
    public var start: Int64
    /// The last window's end, µs since the epoch.
    public var end: Int64
    /// The window length, µs (the agent's window; the tolerated gap is one window).
    public var windowLength: Int64
    /// The highest severity of its windows.
    public var peakSeverity: String
    /// How many anomalous windows it holds.
    public var windowCount: Int
    /// Its anomalies' ids, oldest window first.
    public var anomalyIDs: [Int64]
    /// When it was opened.
    public var openedAt: Date
    /// When it last changed (a window joined, the peak rose, it closed).
    public var updatedAt: Date

    /// Creates a row.
    public init(
        id: Int64 = 0, agent: String, entity: String, type: String, model: String, status: String, start: Int64,
        end: Int64, windowLength: Int64, peakSeverity: String, windowCount: Int, anomalyIDs: [Int64],
        openedAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.agent = agent
        self.entity = entity
        self.type = type
        self.model = model
        self.status = status
        self.start = start
        self.end = end
        self.windowLength = windowLength
        self.peakSeverity = peakSeverity
        self.windowCount = windowCount
        self.anomalyIDs = anomalyIDs
        self.openedAt = openedAt
        self.updatedAt = updatedAt
    }

    /// The statuses an incident has.
    public static let statuses = ["open", "closed"]
}

/// Which incidents to list.
public struct IncidentQuery: Sendable, Equatable {
    /// Only this agent.
    public var agent: String?
    /// Only this access point.
    public var entity: String?
    /// Only this type.
    public var type: String?
    /// Only incidents whose peak severity is this one or higher.
    public var minSeverity: String?
    /// Only `open` or only `closed` incidents.
    public var status: String?
    /// Incidents ending after (µs since the epoch).
    public var from: Int64?
    /// Incidents starting before (µs since the epoch).
    public var to: Int64?
    /// Incidents skipped before the page.
    public var offset: Int
    /// The page size.
    public var limit: Int

    /// Creates a query; every filter is optional.
    public init(
        agent: String? = nil, entity: String? = nil, type: String? = nil, minSeverity: String? = nil,
        status: String? = nil, from: Int64? = nil, to: Int64? = nil, offset: Int = 0, limit: Int = 100
    ) {
        self.agent = agent
        self.entity = entity
        self.type = type
        self.minSeverity = minSeverity
        self.status = status
        self.from = from
        self.to = to
        self.offset = offset
        self.limit = limit
    }

    /// Checks the query: `offset ≥ 0`, `limit ≥ 0`, a known severity and status when filtered on.
    ///
    /// - Throws: `invalid_record`.
    public func validate() throws(RegistryError) {
        let what = { "the incident query" }
        try AgentChecks.count(offset, "offset", of: what())
        try AgentChecks.count(limit, "limit", of: what())
        if let minSeverity { try AgentChecks.word(minSeverity, "severity", in: AnomalyRow.severities, of: what()) }
        if let status { try AgentChecks.word(status, "status", in: IncidentRow.statuses, of: what()) }
    }

    /// The severities at or above ``minSeverity`` (all when unset).
    public var severities: [String] {
        guard let minSeverity, let i = AnomalyRow.severities.firstIndex(of: minSeverity) else {
            return AnomalyRow.severities
        }
        return Array(AnomalyRow.severities[i...])
    }

    /// Whether `row` passes the query's filters (entities compared byte for byte).
    public func matches(_ row: IncidentRow) -> Bool {
        (agent.map { row.agent == $0 } ?? true)
            && (entity.map { row.entity.utf8.elementsEqual($0.utf8) } ?? true)
            && (type.map { row.type == $0 } ?? true) && severities.contains(row.peakSeverity)
            && (status.map { row.status == $0 } ?? true) && (from.map { row.end > $0 } ?? true)
            && (to.map { row.start < $0 } ?? true)
    }

    /// The listing order: newest start first, then entity bytes, then id.
    public static func newestFirst(_ a: IncidentRow, _ b: IncidentRow) -> Bool {
        if a.start != b.start { return a.start > b.start }
        if !a.entity.utf8.elementsEqual(b.entity.utf8) { return a.entity.utf8.lexicographicallyPrecedes(b.entity.utf8) }
        return a.id < b.id
    }
}

/// One page of incidents.
public struct IncidentPage: Sendable, Equatable {
    /// The incidents of the page.
    public var incidents: [IncidentRow]
    /// How many match the query in all.
    public var total: Int

    /// Creates a page.
    public init(incidents: [IncidentRow], total: Int) {
        self.incidents = incidents
        self.total = total
    }
}
