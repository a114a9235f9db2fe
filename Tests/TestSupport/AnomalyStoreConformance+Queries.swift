import Foundation
import Registry

extension AnomalyStoreConformance {
    /// Changes that make a batch invalid, each with the error code it must get. The batch they change holds new
    /// windows 5 and 6 of `ap-1`, an anomaly of window 6 and a checkpoint at 99.
    static let invalidBatches: [(String, RegistryError.Code, @Sendable (inout AgentWindowBatch) -> Void)] = [
        ("agent with a space", .invalidRecord, { b in reassign(&b, to: "wi fi") }),
        ("agent of 129 characters", .invalidRecord, { b in reassign(&b, to: String(repeating: "a", count: 129)) }),
        ("outcome of another agent", .invalidRecord, { $0.outcomes[1].agent = "other" }),
        ("anomaly of another agent", .invalidRecord, { $0.anomalies[0].agent = "other" }),
        ("checkpoint of another agent", .invalidRecord, { $0.checkpoint?.agent = "other" }),
        ("empty entity", .invalidRecord, { $0.outcomes[0].entity = "" }),
        ("entity of 258 bytes", .invalidRecord, { $0.outcomes[0].entity = String(repeating: "é", count: 129) }),
        ("entity with a line feed", .invalidRecord, { $0.anomalies[0].entity = "ap\n1" }),
        ("entity with DEL", .invalidRecord, { $0.outcomes[1].entity = "ap\u{7F}" }),
        ("window ending at its start", .invalidRecord, { $0.outcomes[0].windowEnd = $0.outcomes[0].windowStart }),
        ("anomaly window ending before it starts", .invalidRecord, { $0.anomalies[0].windowEnd = 0 }),
        ("negative event count", .invalidRecord, { $0.outcomes[1].eventCount = -1 }),
        ("NaN score", .invalidRecord, { $0.outcomes[0].score = .nan }),
        ("infinite threshold", .invalidRecord, { $0.outcomes[0].threshold = .infinity }),
        ("skipped window with a score", .invalidRecord, { $0.outcomes[0].outcome = .skipped }),
        ("version without a model", .invalidRecord, { $0.outcomes[0].model = nil }),
        (
            "non-finite recordedAt", .invalidRecord,
            { $0.outcomes[0].recordedAt = Date(timeIntervalSinceReferenceDate: .nan) }
        ),
        ("unknown severity", .invalidRecord, { $0.anomalies[0].severity = "urgent" }),
        ("unknown status", .invalidRecord, { $0.anomalies[0].status = "closed" }),
        ("type in upper case", .invalidRecord, { $0.anomalies[0].type = "Deauth" }),
        ("empty type", .invalidRecord, { $0.anomalies[0].type = "" }),
        ("infinite anomaly score", .invalidRecord, { $0.anomalies[0].score = -.infinity }),
        (
            "payload above 1 MiB", .invalidRecord,
            { $0.anomalies[0].payload = Data(count: AnomalyRow.maxPayloadBytes + 1) }
        ),
        (
            "checkpoint state above 1 MiB", .invalidRecord,
            {
                $0.checkpoint?.state = Data(count: AgentCheckpointRecord.maxStateBytes + 1)
            }
        ),
        (
            "non-finite checkpoint date", .invalidRecord,
            { $0.checkpoint?.updatedAt = Date(timeIntervalSinceReferenceDate: .infinity) }
        ),
        ("unsafe outcome model", .invalidModelName, { $0.outcomes[0].model = "a/b" }),
        ("empty anomaly model", .invalidModelName, { $0.anomalies[0].model = "" }),
        ("unsafe anomaly version", .invalidVersion, { $0.anomalies[0].version = "../1" }),
    ]

    private static func reassign(_ batch: inout AgentWindowBatch, to agent: String) {
        batch.agent = agent
        for i in batch.outcomes.indices { batch.outcomes[i].agent = agent }
        for i in batch.anomalies.indices { batch.anomalies[i].agent = agent }
        batch.checkpoint?.agent = agent
    }

    static let validationChecks: [Check] = [
        Check(description: "refuses a batch with an invalid record and writes nothing of it, checkpoint included") {
            store in
            try await store.commitWindows(batch([outcome(minute: 0)], [anomaly(minute: 0)], position: 1))
            let before = (
                try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: 100),
                try await store.anomalies(AnomalyQuery()), try await store.agentCheckpoint(agent: "wifi")
            )
            for (what, code, change) in invalidBatches {
                var bad = batch([outcome(minute: 5), outcome(minute: 6)], [anomaly(minute: 6)], position: 99)
                change(&bad)
                try await refuses(code, what) { try await store.commitWindows(bad) }
            }
            let after = (
                try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: 100),
                try await store.anomalies(AnomalyQuery()), try await store.agentCheckpoint(agent: "wifi")
            )
            try check(after.0 == before.0, "refused batches changed the outcomes: \(after.0)")
            try check(after.1 == before.1, "refused batches changed the anomalies: \(after.1)")
            try check(after.2 == before.2, "refused batches moved the checkpoint to \(String(describing: after.2))")
            try check(try await store.agentCheckpoint(agent: "other") == nil, "a refused batch wrote a checkpoint")
        },
        Check(description: "accepts records at the limits: 128-character agent ids, 256-byte entities, 1 MiB") {
            store in
            let agent = "Az09-_.:" + String(repeating: "x", count: 120)
            let entity = String(repeating: "é", count: 128)  // 256 bytes
            var big = anomaly(entity, agent: agent, payload: Data(repeating: 0xA5, count: AnomalyRow.maxPayloadBytes))
            big.type = "unknown"
            var b = batch(
                [outcome(entity, agent: agent), outcome(entity, minute: 1, agent: agent, outcome: .skipped)],
                [big], agent: agent)
            b.checkpoint?.state = Data(count: AgentCheckpointRecord.maxStateBytes)
            b.checkpoint?.position = .min
            let result = try await store.commitWindows(b)
            try check(result.newOutcomes == 2 && result.newAnomalies.count == 1, "stored \(result.newOutcomes)")
            try check(try await store.anomaly(id: result.newAnomalies[0].id)?.payload == big.payload, "payload")
            try check(try await store.agentCheckpoint(agent: agent) == b.checkpoint, "checkpoint at the limits")
        },
        Check(description: "refuses negative limits and offsets and unknown filter words") { store in
            try await refuses(.invalidRecord, "negative outcome limit") {
                _ = try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: -1)
            }
            try await refuses(.invalidRecord, "negative limit") {
                _ = try await store.anomalies(AnomalyQuery(limit: -1))
            }
            try await refuses(.invalidRecord, "negative offset") {
                _ = try await store.anomalies(AnomalyQuery(offset: -1))
            }
            try await refuses(.invalidRecord, "unknown severity") {
                _ = try await store.anomalies(AnomalyQuery(severity: "urgent"))
            }
            try await refuses(.invalidRecord, "unknown status") {
                _ = try await store.anomalies(AnomalyQuery(status: "closed"))
            }
        },
    ]

    static let queryChecks: [Check] = [
        Check(description: "lists window outcomes oldest first (then by entity) in [from, to), limited") { store in
            let primary = [3, 0, 2, 1, 4].flatMap { m in [outcome("ap-2", minute: m), outcome("ap-1", minute: m)] }
            try await store.commitWindows(batch(primary + [outcome("ap-1", minute: 2, shadow: true)]))
            func keys(_ from: Int?, _ to: Int?, _ limit: Int = 100, shadow: Bool = false) async throws -> [String] {
                try await store.windowOutcomes(
                    agent: "wifi", shadow: shadow, from: from.map(start), to: to.map(start), limit: limit
                ).map { o in "\(o.entity)@\((o.windowStart - w0) / minute)" }
            }
            let range = try await keys(1, 3)
            try check(range == ["ap-1@1", "ap-2@1", "ap-1@2", "ap-2@2"], "[1, 3): \(range)")
            let limited = try await keys(nil, nil, 3)
            try check(limited == ["ap-1@0", "ap-2@0", "ap-1@1"], "first 3: \(limited)")
            let before = try await keys(nil, 1)
            try check(before == ["ap-1@0", "ap-2@0"], "before 1: \(before)")
            let after = try await keys(4, nil)
            try check(after == ["ap-1@4", "ap-2@4"], "from 4: \(after)")
            try check(try await keys(nil, nil, 0).isEmpty, "limit 0")
            try check(try await keys(2, 2).isEmpty, "empty range")
            let shadow = try await keys(nil, nil, shadow: true)
            try check(shadow == ["ap-1@2"], "shadow: \(shadow)")
            let none = try await store.windowOutcomes(agent: "nobody", shadow: false, from: nil, to: nil, limit: 10)
            try check(none.isEmpty, "outcomes of an unknown agent")
        },
        Check(description: "lists anomalies newest window first, ties by entity then id, paged with the total") {
            store in
            // lab's (ap-1, 2) is committed first, so it has the smaller id of the two.
            try await store.commitWindows(
                batch(
                    [outcome(minute: 2, agent: "lab")], [anomaly(minute: 2, agent: "lab")],
                    agent: "lab"))
            try await store.commitWindows(
                batch(
                    [],
                    [
                        anomaly("ap-2", minute: 0), anomaly("ap-1", minute: 0), anomaly("ap-1", minute: 2),
                        anomaly("ap-3", minute: 1),
                    ]))
            let all = try await store.anomalies(AnomalyQuery())
            let agents = all.anomalies.map { "\($0.agent):\($0.entity)@\(($0.windowStart - w0) / minute)" }
            try check(
                agents == ["lab:ap-1@2", "wifi:ap-1@2", "wifi:ap-3@1", "wifi:ap-1@0", "wifi:ap-2@0"], "order \(agents)")
            try check(all.total == 5, "total \(all.total)")
            var pages: [[AnomalyRow]] = []
            for offset in stride(from: 0, to: 6, by: 2) {
                let page = try await store.anomalies(AnomalyQuery(offset: offset, limit: 2))
                try check(page.total == 5, "total of page at \(offset): \(page.total)")
                pages.append(page.anomalies)
            }
            try check(pages.map(\.count) == [2, 2, 1], "page sizes \(pages.map(\.count))")
            try check(Array(pages.joined()) == all.anomalies, "pages differ from the whole listing")
            let past = try await store.anomalies(AnomalyQuery(offset: 10, limit: 2))
            try check(past == AnomalyPage(anomalies: [], total: 5), "past the end: \(past)")
            let empty = try await store.anomalies(AnomalyQuery(limit: 0))
            try check(empty == AnomalyPage(anomalies: [], total: 5), "limit 0: \(empty)")
        },
        Check(description: "filters anomalies by agent, entity, type, severity, status and window range") { store in
            try await store.commitWindows(
                batch(
                    [],
                    [
                        anomaly("ap-1", minute: 0),
                        anomaly(
                            "ap-1", minute: 1, type: "rf_jamming", severity: "critical",
                            status: "acknowledged"),
                        anomaly("ap-2", minute: 2, severity: "low", status: "resolved"),
                        anomaly("ap-2", minute: 3, type: "mac_flood", severity: "medium", status: "false_positive"),
                    ]))
            try await store.commitWindows(
                batch([], [anomaly("ap-1", minute: 4, agent: "lab", type: "unknown", severity: "low")], agent: "lab"))
            let cases: [(AnomalyQuery, [String])] = [
                (AnomalyQuery(agent: "wifi"), ["ap-2@3", "ap-2@2", "ap-1@1", "ap-1@0"]),
                (AnomalyQuery(agent: "nobody"), []),
                (AnomalyQuery(entity: "ap-1"), ["ap-1@4", "ap-1@1", "ap-1@0"]),
                (AnomalyQuery(type: "deauth_flood"), ["ap-2@2", "ap-1@0"]),
                (AnomalyQuery(severity: "low"), ["ap-1@4", "ap-2@2"]),
                (AnomalyQuery(status: "open"), ["ap-1@4", "ap-1@0"]),
                (AnomalyQuery(status: "false_positive"), ["ap-2@3"]),
                (AnomalyQuery(from: start(1), to: start(3)), ["ap-2@2", "ap-1@1"]),
                (AnomalyQuery(from: start(3)), ["ap-1@4", "ap-2@3"]),
                (AnomalyQuery(to: start(1)), ["ap-1@0"]),
                (AnomalyQuery(agent: "wifi", entity: "ap-2", status: "resolved"), ["ap-2@2"]),
                (
                    AnomalyQuery(
                        agent: "lab", type: "unknown", severity: "low", status: "open", from: start(4),
                        to: start(5)), ["ap-1@4"]
                ),
                (AnomalyQuery(entity: "ap-1", offset: 1, limit: 1), ["ap-1@1"]),
            ]
            for (query, expected) in cases {
                let found = try await keys(store, query)
                try check(found == expected, "\(query): \(found), expected \(expected)")
                let total = try await store.anomalies(query).total
                let all = try await keys(
                    store,
                    AnomalyQuery(
                        agent: query.agent, entity: query.entity, type: query.type, severity: query.severity,
                        status: query.status, from: query.from, to: query.to, offset: 0, limit: 100))
                try check(total == all.count, "\(query): total \(total), \(all.count) match")
            }
        },
        Check(
            description:
                "agent totals count the primary model's windows by outcome and newest start, anomalies by type, "
                + "severity"
        ) {
            store in
            try check(try await store.agentTotals(agent: "wifi") == AgentTotals(), "totals before any commit")
            try await store.commitWindows(
                batch(
                    [
                        outcome(minute: 0), outcome(minute: 1), outcome("ap-2", minute: 1),
                        outcome(minute: 2, outcome: .anomaly), outcome("ap-2", minute: 3, outcome: .anomaly),
                        outcome(minute: 5, outcome: .skipped), outcome(minute: 0, shadow: true),
                        outcome(minute: 1, shadow: true, outcome: .anomaly), outcome(minute: 7, shadow: true),
                    ], [anomaly(minute: 2), anomaly("ap-2", minute: 3, severity: "low")]))
            try await store.commitWindows(
                batch(
                    [outcome(minute: 9, agent: "lab", outcome: .anomaly)], [anomaly(minute: 9, agent: "lab")],
                    agent: "lab"))
            try await store.commitWindows(batch([], [anomaly(minute: 4, type: "rf_jamming", severity: "critical")]))
            let totals = try await store.agentTotals(agent: "wifi")
            let expected = AgentTotals(
                windows: [.normal: 3, .anomaly: 2, .skipped: 1],
                anomalies: ["deauth_flood": ["high": 1, "low": 1], "rf_jamming": ["critical": 1]],
                newestWindowStart: start(5))
            try check(totals == expected, "totals \(totals), expected \(expected)")
            let lab = try await store.agentTotals(agent: "lab")
            try check(
                lab
                    == AgentTotals(
                        windows: [.anomaly: 1], anomalies: ["deauth_flood": ["high": 1]],
                        newestWindowStart: start(9)), "lab's totals \(lab)")
        },
    ]
}
