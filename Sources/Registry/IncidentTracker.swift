public import Foundation

/// The grouping rule of incidents, in one place for every ``AnomalyStore``: an anomalous window joins the latest
/// incident of its agent, access point, type and model when it starts no later than one window after the
/// incident's end (one window may be missing between two anomalous ones: a single normal or skipped window does not
/// split an attack); otherwise it opens a new incident. An incident closes once the agent has committed a window
/// starting past that tolerated gap: no later window can join it.
///
/// Suppressed anomalies (status `suppressed`) never open or join an incident.
public enum IncidentTracker {
    /// What to do with an anomaly.
    public enum Placement: Sendable, Equatable {
        /// It joins this incident (updated); `raised` when the incident's peak severity rose.
        case join(IncidentRow, raised: Bool)
        /// It opens this incident (id 0, assigned by the store).
        case open(IncidentRow)
        /// It is not part of any incident (suppressed).
        case none
    }

    /// The statuses of anomalies that never take part in incidents.
    public static let excludedStatuses: Set<String> = ["suppressed"]

    /// Where `anomaly` (stored, with its id) goes, given the latest incident of its agent, entity, type and model.
    public static func place(_ anomaly: AnomalyRow, latest: IncidentRow?, at now: Date) -> Placement {
        guard !excludedStatuses.contains(anomaly.status) else { return .none }
        let length = anomaly.windowEnd - anomaly.windowStart
        if var incident = latest, anomaly.windowStart <= incident.end + incident.windowLength,
            anomaly.windowEnd >= incident.start - incident.windowLength
        {
            let raised = rank(anomaly.severity) > rank(incident.peakSeverity)
            if raised { incident.peakSeverity = anomaly.severity }
            incident.start = min(incident.start, anomaly.windowStart)
            incident.end = max(incident.end, anomaly.windowEnd)
            incident.windowCount += 1
            incident.anomalyIDs.append(anomaly.id)
            incident.updatedAt = now
            return .join(incident, raised: raised)
        }
        return .open(
            IncidentRow(
                agent: anomaly.agent, entity: anomaly.entity, type: anomaly.type, model: anomaly.model,
                status: "open", start: anomaly.windowStart, end: anomaly.windowEnd, windowLength: length,
                peakSeverity: anomaly.severity, windowCount: 1, anomalyIDs: [anomaly.id], openedAt: now,
                updatedAt: now))
    }

    /// Whether an open incident can no longer grow, once the agent has committed a window starting at `newest`.
    public static func closes(_ incident: IncidentRow, newestWindowStart newest: Int64) -> Bool {
        incident.status == "open" && newest > incident.end + incident.windowLength
    }

    /// A severity's rank, least urgent lowest (an unknown word ranks below `low`).
    public static func rank(_ severity: String) -> Int {
        AnomalyRow.severities.firstIndex(of: severity) ?? -1
    }

    /// The newest window start of a batch (its outcomes of the primary model and its anomalies), nil when empty.
    public static func newestWindowStart(_ batch: AgentWindowBatch) -> Int64? {
        (batch.outcomes.filter { !$0.shadow }.map(\.windowStart) + batch.anomalies.map(\.windowStart)).max()
    }
}
