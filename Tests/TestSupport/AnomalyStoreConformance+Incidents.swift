import Foundation
public import Registry

extension AnomalyStoreConformance {
    /// The incidents of a query as `entity:type@firstMinute-endMinute/peak/count/status`, in the store's order.
    static func incidentKeys(_ store: any AnomalyStore, _ query: IncidentQuery = IncidentQuery()) async throws
        -> [String]
    {
        try await store.incidents(query).incidents.map { i in
            "\(i.entity):\(i.type)@\((i.start - w0) / minute)-\((i.end - w0) / minute)/\(i.peakSeverity)/"
                + "\(i.windowCount)/\(i.status)"
        }
    }

    static let incidentChecks: [Check] = [
        Check(description: "groups consecutive anomalous windows into one incident; a gap of two windows opens another")
        { store in
            // Minutes 0, 1, 2 anomalous; 3 normal (a gap of one window: tolerated); 4 anomalous; 5, 6 normal; 7 (which
            // also closes the first incident: no window after 6 can join it).
            let minutes = [0, 1, 2, 4, 7]
            let severities = ["low", "high", "medium", "critical", "medium"]
            let outcomes = (0...7).map { m in outcome("ap-1", minute: m, outcome: minutes.contains(m) ? .anomaly : .normal) }
            let anomalies = zip(minutes, severities).map { anomaly("ap-1", minute: $0, severity: $1) }
            let result = try await store.commitWindows(batch(outcomes, anomalies))
            let ids = result.newAnomalies.map(\.id)
            let page = try await store.incidents(IncidentQuery())
            try check(page.total == 2, "\(page.total) incidents, not 2")
            let keys = try await incidentKeys(store)
            try check(keys == ["ap-1:deauth_flood@7-8/medium/1/open", "ap-1:deauth_flood@0-5/critical/4/closed"],
                      "incidents \(keys)")
            let first = page.incidents[1]
            try check(first.anomalyIDs == Array(ids.prefix(4)), "first incident's anomalies \(first.anomalyIDs)")
            try check(first.agent == "wifi" && first.model == "wifi-model" && first.windowLength == minute,
                      "first incident \(first)")
            try check(try await store.incident(id: first.id) == first, "incident(id:) differs from the listing")
            try check(try await store.incident(id: page.incidents.map(\.id).max()! + 100) == nil, "an unknown id")
            try check(Set(result.raisedIncidents.map(\.id)) == Set(page.incidents.map(\.id)),
                      "raised \(result.raisedIncidents.map(\.id)), stored \(page.incidents.map(\.id))")
        },
        Check(description: "keeps incidents of other access points, types and agents apart, and stores each window once")
        { store in
            try await store.commitWindows(batch([], [
                anomaly("ap-1", minute: 0), anomaly("ap-2", minute: 0), anomaly("ap-1", minute: 1, type: "mac_flood"),
            ]))
            try await store.commitWindows(batch([], [anomaly("ap-1", minute: 1, agent: "lab")], agent: "lab"))
            // A replay of stored windows adds nothing to an incident.
            let replay = try await store.commitWindows(batch([], [anomaly("ap-1", minute: 0), anomaly("ap-2", minute: 0)]))
            try check(replay.raisedIncidents.isEmpty, "a replay raised \(replay.raisedIncidents)")
            let keys = try await incidentKeys(store)
            try check(keys.sorted() == [
                "ap-1:deauth_flood@0-1/high/1/open", "ap-1:deauth_flood@1-2/high/1/open", "ap-1:mac_flood@1-2/high/1/open",
                "ap-2:deauth_flood@0-1/high/1/open",
            ], "incidents \(keys)")
            let lab = try await store.incidents(IncidentQuery(agent: "lab")).incidents
            try check(lab.count == 1 && lab[0].agent == "lab", "lab's incidents \(lab)")
        },
        Check(description: "an incident grows across commits, reports a raised peak, and closes past the gap") { store in
            let opened = try await store.commitWindows(
                batch([outcome(minute: 0, outcome: .anomaly)], [anomaly(minute: 0, severity: "medium")]))
            try check(opened.raisedIncidents.map(\.peakSeverity) == ["medium"], "opened \(opened.raisedIncidents)")
            let same = try await store.commitWindows(
                batch([outcome(minute: 1, outcome: .anomaly)], [anomaly(minute: 1, severity: "low")], position: 2))
            try check(same.raisedIncidents.isEmpty, "a lower window raised \(same.raisedIncidents)")
            let raised = try await store.commitWindows(
                batch([outcome(minute: 2, outcome: .anomaly)], [anomaly(minute: 2, severity: "critical")], position: 3))
            try check(raised.raisedIncidents.map(\.peakSeverity) == ["critical"], "raised \(raised.raisedIncidents)")
            try check(raised.raisedIncidents.first?.id == opened.raisedIncidents.first?.id, "another incident")
            // Minute 3 normal, minute 4 (the tolerated gap's end) normal: still open; minute 5 closes it.
            try await store.commitWindows(batch([outcome(minute: 3), outcome(minute: 4)], position: 4))
            try check(try await incidentKeys(store) == ["ap-1:deauth_flood@0-3/critical/3/open"], "before closing")
            try await store.commitWindows(batch([outcome("ap-9", minute: 5)], position: 5))
            try check(try await incidentKeys(store) == ["ap-1:deauth_flood@0-3/critical/3/closed"], "after closing")
            // A later anomaly opens a new incident.
            try await store.commitWindows(batch([outcome(minute: 6, outcome: .anomaly)], [anomaly(minute: 6)], position: 6))
            let open = try await incidentKeys(store, IncidentQuery(status: "open"))
            try check(open == ["ap-1:deauth_flood@6-7/high/1/open"], "open incidents \(open)")
            let closed = try await incidentKeys(store, IncidentQuery(status: "closed"))
            try check(closed == ["ap-1:deauth_flood@0-3/critical/3/closed"], "closed incidents \(closed)")
        },
        Check(description: "filters incidents by minimum severity, access point, type and time, and pages them") {
            store in
            try await store.commitWindows(batch([], [
                anomaly("ap-1", minute: 0, severity: "low"), anomaly("ap-2", minute: 10, severity: "medium"),
                anomaly("ap-3", minute: 20, severity: "high"), anomaly("ap-4", minute: 30, severity: "critical"),
            ]))
            let entities = { (q: IncidentQuery) in try await store.incidents(q).incidents.map(\.entity) }
            try check(try await entities(IncidentQuery()) == ["ap-4", "ap-3", "ap-2", "ap-1"], "the listing order")
            try check(try await entities(IncidentQuery(minSeverity: "high")) == ["ap-4", "ap-3"], "min severity high")
            try check(try await entities(IncidentQuery(minSeverity: "low")).count == 4, "min severity low")
            try check(try await entities(IncidentQuery(entity: "ap-2")) == ["ap-2"], "by access point")
            try check(try await entities(IncidentQuery(type: "mac_flood")).isEmpty, "by type")
            try check(try await entities(IncidentQuery(from: start(10), to: start(21))) == ["ap-3", "ap-2"], "by time")
            let page = try await store.incidents(IncidentQuery(offset: 1, limit: 2))
            try check(page.incidents.map(\.entity) == ["ap-3", "ap-2"] && page.total == 4, "a page \(page)")
            for bad in [IncidentQuery(minSeverity: "urgent"), IncidentQuery(status: "pending"), IncidentQuery(limit: -1)] {
                try await refuses(.invalidRecord, "query \(bad)") { _ = try await store.incidents(bad) }
            }
        },
        Check(description: "retention removes an incident with its last anomaly and keeps one with an open anomaly") {
            store in
            try await store.commitWindows(batch([], [
                anomaly("ap-1", minute: 0, status: "resolved"), anomaly("ap-1", minute: 1, status: "resolved"),
                anomaly("ap-2", minute: 0, status: "resolved"), anomaly("ap-2", minute: 1),
            ]))
            try await store.deleteAgentData(windowsBefore: start(5))
            let left = try await store.incidents(IncidentQuery()).incidents
            try check(left.map(\.entity) == ["ap-2"], "incidents left \(left)")
            try check(left[0].anomalyIDs.count == 1, "links left \(left[0].anomalyIDs)")
        },
    ]
}
