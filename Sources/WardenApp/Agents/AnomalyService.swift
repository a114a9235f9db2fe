public import Agents
import DataFormats
public import Foundation
public import Registry

/// The anomalies the agents stored: listing with filters and pages (within the caller's model scope), one anomaly,
/// and the operator's workflow (open → acknowledged → resolved | false_positive), recorded with who and when.
public struct AnomalyService: Sendable {
    let store: any AnomalyStore
    let clock: @Sendable () -> Date

    /// Creates the service.
    public init(store: any AnomalyStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clock = clock
    }

    /// A stored anomaly: its id and the contract's record.
    public struct Stored: Sendable {
        /// The store's id.
        public var id: Int64
        /// The record.
        public var record: AnomalyRecord
    }

    /// One page of anomalies, newest window first.
    ///
    /// - Throws: ``AppError`` `invalid_limit` outside 1…1000 or for a negative offset.
    public func list(_ query: AnomalyQuery, caller: Caller) async throws -> (anomalies: [Stored], total: Int) {
        guard (1...1_000).contains(query.limit), query.offset >= 0 else {
            throw AppError(.invalidLimit, "limit must be from 1 to 1000 and offset 0 or more")
        }
        let page = try await store.anomalies(query)
        let visible = page.anomalies.filter { caller.covers(model: $0.model) }
        return (try visible.map(Self.decode), page.total - (page.anomalies.count - visible.count))
    }

    /// One anomaly.
    ///
    /// - Throws: ``AppError`` `not_found`; `model_out_of_scope` for a key scoped to other models.
    public func get(_ id: Int64, caller: Caller) async throws -> Stored {
        guard let row = try await store.anomaly(id: id), caller.covers(model: row.model) else {
            throw AppError(
                .notFound, "no anomaly has id \(id); list them at /api/v1/anomalies", details: ["id": .int(Int(id))])
        }
        return try Self.decode(row)
    }

    /// Moves an anomaly's status (acknowledge, resolve, false positive), recorded with the caller and a note.
    ///
    /// - Throws: ``AppError`` `not_found`, `invalid_request` (an unknown status), `conflict` (the workflow does not
    ///   allow the move, or another operator moved it meanwhile).
    public func setStatus(_ id: Int64, to status: String, note: String?, caller: Caller) async throws -> Stored {
        guard let next = AnomalyStatus(rawValue: status) else {
            throw AppError(
                .invalidRequest,
                "unknown status '\(status)'; use " + AnomalyStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var stored = try await get(id, caller: caller)
        let previous = stored.record.status
        let now = clock()
        do {
            try stored.record.move(
                to: next, by: caller.auditActor, at: Timestamp(microseconds: Int64((now.timeIntervalSince1970 * 1e6).rounded())),
                note: note)
        } catch {
            throw AppError(.conflict, error.message, details: ["id": .int(Int(id)), "status": .string(previous.rawValue)])
        }
        let payload = try JSONEncoder().encode(stored.record)
        do {
            _ = try await store.updateAnomaly(
                id: id, expectedStatus: previous.rawValue, status: next.rawValue, payload: payload, at: now)
        } catch {
            guard error.code == .conflict else { throw error }
            throw AppError(
                .conflict, "anomaly \(id) was moved by someone else meanwhile; reload it and try again", cause: error)
        }
        return stored
    }

    static func decode(_ row: AnomalyRow) throws -> Stored {
        Stored(id: row.id, record: try JSONDecoder().decode(AnomalyRecord.self, from: row.payload))
    }
}
