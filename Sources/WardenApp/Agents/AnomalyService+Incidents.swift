import DataFormats
public import Foundation
public import Registry

extension AnomalyService {
    /// An incident with its anomalies (those the caller's key may see; an incident holds one model's windows).
    public struct Incident: Sendable {
        /// The stored incident.
        public var row: IncidentRow
        /// Its anomalies, oldest window first; empty in listings.
        public var anomalies: [Stored]
    }

    /// One page of incidents, newest start first, within the caller's model scope.
    ///
    /// - Throws: ``AppError`` `invalid_limit` outside 1…1000 or for a negative offset; `invalid_request` for an
    ///   unknown severity or status (from the store's check).
    public func incidents(_ query: IncidentQuery, caller: Caller) async throws -> (incidents: [Incident], total: Int) {
        guard (1...1_000).contains(query.limit), query.offset >= 0 else {
            throw AppError(.invalidLimit, "limit must be from 1 to 1000 and offset 0 or more")
        }
        if let severity = query.minSeverity, !AnomalyRow.severities.contains(severity) {
            throw AppError(
                .invalidRequest,
                "unknown severity '\(severity.prefix(32))'; use " + AnomalyRow.severities.joined(separator: ", "),
                details: ["severity": .string(String(severity.prefix(32)))])
        }
        if let status = query.status, !IncidentRow.statuses.contains(status) {
            throw AppError(
                .invalidRequest,
                "unknown incident status '\(status.prefix(32))'; use " + IncidentRow.statuses.joined(separator: ", "),
                details: ["status": .string(String(status.prefix(32)))])
        }
        let page = try await store.incidents(query)
        let visible = page.incidents.filter { caller.covers(model: $0.model) }
        return (visible.map { Incident(row: $0, anomalies: []) }, page.total - (page.incidents.count - visible.count))
    }

    /// One incident with its anomalies.
    ///
    /// - Throws: ``AppError`` `not_found`, also for a key scoped to other models (as for anomalies).
    public func incident(_ id: Int64, caller: Caller) async throws -> Incident {
        guard let row = try await store.incident(id: id), caller.covers(model: row.model) else {
            throw AppError(
                .notFound, "no incident has id \(id); list them at /api/v1/incidents", details: ["id": .int(Int(id))])
        }
        var anomalies: [Stored] = []
        for anomalyID in row.anomalyIDs {
            guard let a = try await store.anomaly(id: anomalyID), caller.covers(model: a.model) else { continue }
            anomalies.append(try Self.decode(a))
        }
        return Incident(row: row, anomalies: anomalies)
    }
}
