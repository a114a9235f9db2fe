import Foundation
public import Registry

extension AnomalyStoreConformance {
    /// A pairing of `agent` set `second` seconds after ``t0``.
    public static func pairing(
        _ version: String?, agent: String = "wifi", shadow: String? = nil, second: Double = 0, reason: String? = nil
    ) -> AgentPairingRecord {
        AgentPairingRecord(
            agent: agent, model: "wifi-model", version: version, shadowVersion: shadow, actor: "ops", at: t0 + second,
            reason: reason)
    }

    static let workflowChecks: [Check] = [
        Check(description: "updates an anomaly when its status is still the expected one; conflict when moved") {
            store in
            let stored = try await store.commitWindows(batch([], [anomaly("ap-1"), anomaly("ap-2")])).newAnomalies
            let id = stored[0].id
            let acknowledged = try await store.updateAnomaly(
                id: id, expectedStatus: "open", status: "acknowledged", payload: Data("ack".utf8), at: t0 + 100)
            var expected = stored[0]
            (expected.status, expected.payload, expected.updatedAt) = ("acknowledged", Data("ack".utf8), t0 + 100)
            try check(acknowledged == expected, "updated \(acknowledged), expected \(expected)")
            try check(try await store.anomaly(id: id) == expected, "anomaly(id:) after the update")
            try await refuses(.conflict, "a second move from open") {
                try await store.updateAnomaly(
                    id: id, expectedStatus: "open", status: "false_positive", payload: Data(), at: t0 + 200)
            }
            try check(try await store.anomaly(id: id) == expected, "a refused update changed the anomaly")
            let resolved = try await store.updateAnomaly(
                id: id, expectedStatus: "acknowledged", status: "resolved", payload: Data(), at: t0 + 300)
            try check(resolved.status == "resolved" && resolved.payload.isEmpty, "resolved \(resolved)")
            try check(try await store.anomaly(id: stored[1].id) == stored[1], "the other anomaly changed")
            let missing = (stored.map(\.id).max() ?? 0) + 1000
            try await refuses(.versionNotFound, "an unknown id") {
                try await store.updateAnomaly(
                    id: missing, expectedStatus: "open", status: "resolved", payload: Data(), at: t0)
            }
            try check(try await store.anomaly(id: missing) == nil, "anomaly(id:) of an unknown id")
            let bad: [(String, String, Data, Date)] = [
                ("closed", "resolved", Data(), t0), ("open", "closed", Data(), t0),
                ("open", "resolved", Data(count: AnomalyRow.maxPayloadBytes + 1), t0),
                ("open", "resolved", Data(), Date(timeIntervalSinceReferenceDate: .nan)),
            ]
            for (from, to, payload, at) in bad {
                try await refuses(
                    .invalidRecord,
                    "update \(from) → \(to), \(payload.count) bytes, at \(at.timeIntervalSinceReferenceDate)"
                ) {
                    try await store.updateAnomaly(
                        id: stored[1].id, expectedStatus: from, status: to, payload: payload, at: at)
                }
            }
            try check(try await store.anomaly(id: stored[1].id) == stored[1], "a refused update changed an anomaly")
        },
        Check(description: "of two operators moving the same anomaly at once, exactly one succeeds") { store in
            let id = try await store.commitWindows(batch([], [anomaly()])).newAnomalies[0].id
            let outcomes = await withTaskGroup(of: String.self) { group in
                for target in ["acknowledged", "resolved", "false_positive", "resolved"] {
                    group.addTask {
                        do {
                            _ = try await store.updateAnomaly(
                                id: id, expectedStatus: "open", status: target, payload: Data(target.utf8), at: t0)
                            return "moved"
                        } catch let error as RegistryError {
                            return error.code.rawValue
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            try check(outcomes.sorted() == ["conflict", "conflict", "conflict", "moved"], "outcomes \(outcomes)")
            let row = try await store.anomaly(id: id)
            try check(
                row.map { $0.payload == Data($0.status.utf8) } == true,
                "status and payload of one move: \(String(describing: row))")
        },
        Check(description: "keeps each agent's current pairing and its history, oldest first") { store in
            try check(try await store.pairing(agent: "wifi") == nil, "a pairing before any was set")
            try check(try await store.pairingHistory(agent: "wifi").isEmpty, "a history before any pairing")
            let first = pairing("1.0.0")
            let second = pairing(nil, shadow: "1.1.0", second: 60, reason: "shadow the candidate")
            let other = pairing("2.0.0", agent: "lab", second: 30)
            // The same pairing again is a new history entry; an older `at` does not reorder the history.
            let third = pairing("1.0.0", second: 10)
            for p in [first, other, second, third] { try await store.setPairing(p) }
            try check(try await store.pairing(agent: "wifi") == third, "current pairing of wifi")
            try check(try await store.pairing(agent: "lab") == other, "current pairing of lab")
            let history = try await store.pairingHistory(agent: "wifi")
            try check(history == [first, second, third], "history of wifi \(history)")
            try check(try await store.pairingHistory(agent: "lab") == [other], "history of lab")
        },
        Check(description: "refuses invalid pairings and changes nothing") { store in
            try await store.setPairing(pairing("1.0.0"))
            let cases: [(String, RegistryError.Code, AgentPairingRecord)] = [
                (
                    "unsafe model", .invalidModelName,
                    {
                        var p = pairing("1.0.0"); p.model = "a/b"; return p
                    }()
                ),
                ("unsafe version", .invalidVersion, pairing("../1")),
                ("unsafe shadow version", .invalidVersion, pairing("1.0.0", shadow: "")),
                (
                    "empty actor", .invalidRecord,
                    {
                        var p = pairing("1.0.0"); p.actor = ""; return p
                    }()
                ),
                (
                    "actor with a tab", .invalidRecord,
                    {
                        var p = pairing("1.0.0"); p.actor = "a\tb"; return p
                    }()
                ),
                ("agent with a slash", .invalidRecord, pairing("1.0.0", agent: "a/b")),
                ("reason of 4097 bytes", .invalidRecord, pairing("1.0.0", reason: String(repeating: "r", count: 4097))),
                ("non-finite date", .invalidRecord, pairing("1.0.0", second: .infinity)),
            ]
            for (what, code, p) in cases { try await refuses(code, what) { try await store.setPairing(p) } }
            try check(try await store.pairing(agent: "wifi") == pairing("1.0.0"), "a refused pairing replaced one")
            try check(try await store.pairingHistory(agent: "wifi").count == 1, "a refused pairing entered history")
        },
        Check(description: "retention deletes old outcomes and closed anomalies, keeps open and acknowledged ones") {
            store in
            try await store.setPairing(pairing("1.0.0"))
            let committed = try await store.commitWindows(
                batch(
                    (0..<4).flatMap { m in [outcome("ap-1", minute: m), outcome("ap-2", minute: m, shadow: true)] },
                    [
                        anomaly("ap-1", minute: 0), anomaly("ap-2", minute: 0, status: "acknowledged"),
                        anomaly("ap-1", minute: 1, status: "resolved"),
                        anomaly("ap-2", minute: 1, status: "false_positive"),
                        anomaly("ap-1", minute: 2, status: "resolved"), anomaly("ap-1", minute: 3),
                    ], position: 8))
            let lastID = committed.newAnomalies.map(\.id).max() ?? 0
            let removed = try await store.deleteAgentData(windowsBefore: start(2))
            try check(removed.outcomes == 4 && removed.anomalies == 2, "removed \(removed)")
            let left = try await keys(store, AnomalyQuery())
            try check(left == ["ap-1@3", "ap-1@2", "ap-1@0", "ap-2@0"], "anomalies left \(left)")
            let primary = try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: 10)
            try check(primary.map(\.windowStart) == [start(2), start(3)], "primary outcomes left \(primary)")
            let shadow = try await store.windowOutcomes(agent: "wifi", shadow: true, from: nil, to: nil, limit: 10)
            try check(shadow.map(\.windowStart) == [start(2), start(3)], "shadow outcomes left \(shadow)")
            try check(try await store.agentCheckpoint(agent: "wifi") == checkpoint(8), "retention removed a checkpoint")
            try check(try await store.pairing(agent: "wifi") == pairing("1.0.0"), "retention removed a pairing")
            let again = try await store.deleteAgentData(windowsBefore: start(2))
            try check(again == (0, 0), "a second retention removed \(again)")
            // A kept anomaly still holds its window; a new one gets an id never used before.
            let next = try await store.commitWindows(
                batch([], [anomaly("ap-1", minute: 0, severity: "low"), anomaly("ap-1", minute: 1)], position: 9))
            try check(next.newAnomalies.map(\.windowStart) == [start(1)], "new after retention \(next.newAnomalies)")
            try check(next.newAnomalies[0].id > lastID, "id \(next.newAnomalies[0].id) reused (last was \(lastID))")
        },
    ]
}
