import Agents
import Foundation
import Registry
import Testing
import TestSupport
import WardenApp

@Suite("Incidents: anomalous windows grouped per access point and type")
struct IncidentTests {
    static let scopedElsewhere = Caller(
        Identity(keyID: "k1", name: "other-only", role: .viewer, models: ["other"], credential: .none))

    @Test("every anomaly of the sample run is in exactly one incident of its access point, type and model")
    func sampleIncidents() async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        _ = try await f.prepare()
        try await f.runner.drain()
        let caller = Caller.system("test")
        let (anomalies, _) = try await f.app.anomalies.list(AnomalyQuery(limit: 1_000), caller: caller)
        let (incidents, total) = try await f.app.anomalies.incidents(IncidentQuery(limit: 1_000), caller: caller)
        #expect(total == incidents.count && total > 0 && total <= anomalies.count)
        var seen: [Int64: Int64] = [:]
        for listed in incidents {
            let shown = try await f.app.anomalies.incident(listed.row.id, caller: caller)
            #expect(shown.anomalies.map(\.id) == listed.row.anomalyIDs)
            #expect(shown.anomalies.count == listed.row.windowCount)
            for a in shown.anomalies {
                #expect(seen[a.id] == nil, "anomaly \(a.id) in two incidents")
                seen[a.id] = listed.row.id
                #expect(a.record.entity == listed.row.entity && a.record.type.rawValue == listed.row.type)
                #expect(AnomalyRow.severities.firstIndex(of: a.record.severity.rawValue)!
                    <= AnomalyRow.severities.firstIndex(of: listed.row.peakSeverity)!)
            }
            // The sample run is over: every incident is closed, or open at the very end of the logs.
            #expect(IncidentRow.statuses.contains(listed.row.status))
        }
        #expect(Set(seen.keys) == Set(anomalies.map(\.id)), "anomalies outside every incident")
        let high = try await f.app.anomalies.incidents(IncidentQuery(minSeverity: "high", limit: 1_000), caller: caller)
        #expect(high.incidents.allSatisfy { ["high", "critical"].contains($0.row.peakSeverity) })
    }

    @Test("a key scoped to other models neither lists nor reads the incidents (not found, as for anomalies)")
    func scope() async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        _ = try await f.prepare()
        try await f.runner.drain()
        let (mine, _) = try await f.app.anomalies.incidents(IncidentQuery(), caller: .system("test"))
        let id = try #require(mine.first?.row.id)
        let (visible, total) = try await f.app.anomalies.incidents(IncidentQuery(), caller: Self.scopedElsewhere)
        #expect(visible.isEmpty && total == 0)
        let error = await #expect(throws: AppError.self) {
            _ = try await f.app.anomalies.incident(id, caller: Self.scopedElsewhere)
        }
        #expect(error?.code == .notFound)
    }

    @Test("bad incident queries are refused with a stable code naming the remedy", arguments: [
        (IncidentQuery(minSeverity: "urgent"), "invalid_request", "low, medium, high, critical"),
        (IncidentQuery(status: "pending"), "invalid_request", "open, closed"),
        (IncidentQuery(limit: 0), "invalid_limit", "1 to 1000"),
    ])
    func badQueries(_ query: IncidentQuery, _ code: String, _ remedy: String) async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        let error = await #expect(throws: AppError.self) {
            _ = try await f.app.anomalies.incidents(query, caller: .system("test"))
        }
        #expect(error?.code.rawValue == code)
        #expect(error?.message.contains(remedy) == true)
    }
}
