public import Foundation
public import Registry

/// The behaviour every ``AnomalyStore`` must show. Each check gets a fresh, empty store from the caller and throws
/// ``RegistryConformance/Failure`` when the store misbehaves; a test target runs `AnomalyStoreConformance.checks`
/// as an `arguments:` table against its store.
public enum AnomalyStoreConformance {
    /// One behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the store must do.
        public var description: String
        let body: @Sendable (any AnomalyStore) async throws -> Void

        /// Runs the check against a fresh store.
        public func run(_ store: any AnomalyStore) async throws { try await body(store) }
    }

    /// A fixed instant with a fractional part, so lossy date storage shows.
    public static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_7)
    /// The start of minute 0 of the windows, µs since the epoch.
    public static let w0: Int64 = 1_733_000_000_000_000
    /// One minute in µs.
    public static let minute: Int64 = 60_000_000

    /// The start of window `m`, µs since the epoch.
    public static func start(_ m: Int) -> Int64 { w0 + Int64(m) * minute }

    /// The one-minute window `m` of `entity`, scored normal by version 1.0.0 (the shadow's by 1.1.0) unless skipped.
    public static func outcome(
        _ entity: String = "ap-1", minute m: Int = 0, agent: String = "wifi", shadow: Bool = false,
        outcome: WindowOutcomeRecord.Outcome = .normal, score: Double = 0.25
    ) -> WindowOutcomeRecord {
        let scored = outcome != .skipped
        return WindowOutcomeRecord(
            agent: agent, shadow: shadow, entity: entity, windowStart: start(m), windowEnd: start(m + 1),
            eventCount: scored ? 40 : 2, outcome: outcome, model: scored ? "wifi-model" : nil,
            version: scored ? (shadow ? "1.1.0" : "1.0.0") : nil, score: scored ? score : nil,
            threshold: scored ? 0.5 : nil, recordedAt: t0 + Double(m))
    }

    /// An open anomaly of window `m` of `entity`.
    public static func anomaly(
        _ entity: String = "ap-1", minute m: Int = 0, agent: String = "wifi", type: String = "deauth_flood",
        severity: String = "high", status: String = "open", score: Double = 0.75, payload: Data? = nil
    ) -> AnomalyRow {
        AnomalyRow(
            agent: agent, entity: entity, windowStart: start(m), windowEnd: start(m + 1), type: type,
            severity: severity, status: status, model: "wifi-model", version: "1.0.0", score: score,
            createdAt: t0 + Double(m), updatedAt: t0 + Double(m),
            payload: payload ?? Data(#"{"entity":"\#(entity)","minute":\#(m)}"#.utf8))
    }

    /// A checkpoint of `agent` at `position`.
    public static func checkpoint(_ position: Int64, agent: String = "wifi") -> AgentCheckpointRecord {
        AgentCheckpointRecord(
            agent: agent, position: position, state: Data(#"{"resume_position":\#(position)}"#.utf8),
            updatedAt: t0 + Double(position))
    }

    /// A batch of `agent`: one outcome per window, anomalous where `anomalies` has one, and a checkpoint.
    public static func batch(
        _ outcomes: [WindowOutcomeRecord], _ anomalies: [AnomalyRow] = [], agent: String = "wifi",
        position: Int64 = 1
    ) -> AgentWindowBatch {
        AgentWindowBatch(
            agent: agent, outcomes: outcomes, anomalies: anomalies, checkpoint: checkpoint(position, agent: agent))
    }

    /// The anomalies of a query as `entity@minute`, in the store's order.
    static func keys(_ store: any AnomalyStore, _ query: AnomalyQuery) async throws -> [String] {
        try await store.anomalies(query).anomalies.map { a in "\(a.entity)@\((a.windowStart - w0) / minute)" }
    }

    static func check(_ condition: Bool, _ message: String) throws {
        try RegistryConformance.check(condition, message)
    }

    static func refuses(
        _ code: RegistryError.Code, _ what: String, _ body: () async throws -> Void
    ) async throws {
        try await RegistryConformance.refuses(code, what, body)
    }

    /// Every check.
    public static let checks: [Check] =
        commitChecks + validationChecks + queryChecks + workflowChecks + incidentChecks

    static let commitChecks: [Check] = [
        Check(description: "commits a batch whole and stores nothing new when the same batch is committed again") {
            store in
            let outcomes = [
                outcome("ap-1", minute: 0), outcome("ap-1", minute: 1, outcome: .anomaly, score: 0.75),
                outcome("ap-2", minute: 1, outcome: .skipped), outcome("ap-1", minute: 1, shadow: true),
            ]
            let anomalies = [anomaly("ap-1", minute: 1, payload: Data())]
            try check(try await store.agentCheckpoint(agent: "wifi") == nil, "a checkpoint before any commit")
            let first = try await store.commitWindows(batch(outcomes, anomalies, position: 10))
            try check(first.newOutcomes == 4, "first commit stored \(first.newOutcomes) outcomes, not 4")
            try check(first.newAnomalies.count == 1, "first commit stored \(first.newAnomalies.count) anomalies")
            var expected = anomalies[0]
            expected.id = first.newAnomalies[0].id
            try check(first.newAnomalies == [expected], "returned \(first.newAnomalies), expected \(expected)")
            try check(try await store.anomaly(id: expected.id) == expected, "anomaly(id:) differs from the commit")
            try check(
                try await store.agentCheckpoint(agent: "wifi") == checkpoint(10), "checkpoint after the first commit")
            // A replay: the same windows again (with other scores, which must not replace the first copy).
            var replayed = outcomes
            for i in replayed.indices where replayed[i].score != nil { replayed[i].score = 0.99 }
            let again = try await store.commitWindows(
                batch(replayed, [anomaly("ap-1", minute: 1, severity: "low", score: 0.99)], position: 20))
            try check(again == AgentCommitResult(newOutcomes: 0, newAnomalies: []), "a replay stored \(again)")
            let primary = try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: 10)
            try check(primary == [outcomes[0], outcomes[1], outcomes[2]], "primary outcomes after replay \(primary)")
            let page = try await store.anomalies(AnomalyQuery())
            try check(page == AnomalyPage(anomalies: [expected], total: 1), "anomalies after replay \(page)")
            try check(
                try await store.agentCheckpoint(agent: "wifi") == checkpoint(20),
                "the checkpoint is replaced by every commit, replays included")
        },
        Check(description: "overlapping batches and duplicates inside a batch store each window once, the first") {
            store in
            let a = (0..<4).map { outcome(minute: $0, score: 0.1) }
            let b =
                (2..<6).map { outcome(minute: $0, score: 0.2) } + [outcome(minute: 6, score: 0.3)]
                + [outcome(minute: 6, score: 0.4)]
            let first = try await store.commitWindows(batch(a, [anomaly(minute: 3, type: "mac_flood")], position: 4))
            let second = try await store.commitWindows(
                batch(
                    b, [anomaly(minute: 3, type: "rf_jamming"), anomaly(minute: 5), anomaly(minute: 5, score: 2)],
                    position: 7))
            try check(
                first.newOutcomes == 4 && second.newOutcomes == 3, "new \(first.newOutcomes), \(second.newOutcomes)")
            try check(second.newAnomalies.map(\.windowStart) == [start(5)], "second new \(second.newAnomalies)")
            try check(second.newAnomalies[0].score == 0.75, "the second copy inside a batch replaced the first")
            try check(
                second.newAnomalies[0].id > first.newAnomalies[0].id,
                "ids \(first.newAnomalies[0].id) then \(second.newAnomalies[0].id) do not increase")
            let scores = try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: 100)
                .map { $0.score ?? -1 }
            try check(scores == [0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3], "stored scores \(scores)")
            let types = try await store.anomalies(AnomalyQuery()).anomalies.map(\.type)
            try check(types == ["deauth_flood", "mac_flood"], "kept types \(types)")
        },
        Check(description: "keeps windows of other agents, the shadow and other entities apart") { store in
            let windows = [
                outcome("ap-1"), outcome("ap-1", shadow: true), outcome("ap-2"), outcome("ap-1", agent: "lab:2"),
                outcome("ap-1", minute: 1),
            ]
            let mine = windows.filter { $0.agent == "wifi" }
            let result = try await store.commitWindows(batch(mine, [anomaly("ap-1"), anomaly("ap-2")]))
            let other = try await store.commitWindows(
                batch([windows[3]], [anomaly("ap-1", agent: "lab:2")], agent: "lab:2"))
            try check(
                result.newOutcomes == 4 && other.newOutcomes == 1, "new \(result.newOutcomes), \(other.newOutcomes)")
            try check(result.newAnomalies.count == 2 && other.newAnomalies.count == 1, "anomalies were merged")
            let shadow = try await store.windowOutcomes(agent: "wifi", shadow: true, from: nil, to: nil, limit: 10)
            try check(shadow == [windows[1]], "shadow outcomes \(shadow)")
            let lab = try await store.windowOutcomes(agent: "lab:2", shadow: false, from: nil, to: nil, limit: 10)
            try check(lab == [windows[3]], "the other agent's outcomes \(lab)")
            try check(try await store.agentCheckpoint(agent: "lab:2") == checkpoint(1, agent: "lab:2"), "lab:2")
            try check(try await store.agentCheckpoint(agent: "wifi") == checkpoint(1), "wifi checkpoint")
        },
        Check(description: "compares entities byte for byte: composed and decomposed spellings are two entities") {
            store in
            let composed = "caf\u{E9}"
            let decomposed = "cafe\u{301}"
            let result = try await store.commitWindows(
                batch([outcome(composed), outcome(decomposed)], [anomaly(composed), anomaly(decomposed)]))
            try check(result.newOutcomes == 2 && result.newAnomalies.count == 2, "stored \(result)")
            let found = try await store.anomalies(AnomalyQuery(entity: decomposed)).anomalies
            try check(found.count == 1 && found[0].entity.utf8.elementsEqual(decomposed.utf8), "entity filter \(found)")
            // Ties of window start order by entity bytes: "cafe\u{301}" < "caf\u{E9}" since "e" < 0xC3.
            let order = try await store.anomalies(AnomalyQuery()).anomalies.map { Array($0.entity.utf8) }
            try check(order == [Array(decomposed.utf8), Array(composed.utf8)], "byte order \(order)")
        },
        Check(description: "resetting a checkpoint removes only it: stored windows are not stored again") { store in
            try await store.commitWindows(batch([outcome(minute: 0)], [anomaly(minute: 0)], position: 5))
            try await store.commitWindows(batch([outcome(minute: 0, agent: "b")], agent: "b", position: 6))
            try await store.resetAgentCheckpoint(agent: "wifi")
            try await store.resetAgentCheckpoint(agent: "never-committed")
            try check(try await store.agentCheckpoint(agent: "wifi") == nil, "the checkpoint was not removed")
            try check(try await store.agentCheckpoint(agent: "b") == checkpoint(6, agent: "b"), "b's checkpoint")
            let replay = try await store.commitWindows(batch([outcome(minute: 0)], [anomaly(minute: 0)], position: 5))
            try check(replay == AgentCommitResult(newOutcomes: 0, newAnomalies: []), "replay after reset: \(replay)")
            try check(try await store.agentCheckpoint(agent: "wifi") == checkpoint(5), "checkpoint after the replay")
        },
        Check(description: "concurrent commits from several tasks store every window exactly once") { store in
            // Eight writers, each committing windows 0..<20 of two entities in overlapping batches of five.
            let results = try await withThrowingTaskGroup(of: AgentCommitResult.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var results: [AgentCommitResult] = []
                        for first in stride(from: writer % 3, to: 20, by: 4) {
                            let minutes = first..<min(first + 5, 20)
                            let outcomes = minutes.flatMap { m in
                                [outcome("ap-1", minute: m), outcome("ap-2", minute: m)]
                            }
                            let anomalies = minutes.filter { $0 % 5 == 0 }.map { anomaly("ap-1", minute: $0) }
                            results.append(
                                try await store.commitWindows(batch(outcomes, anomalies, position: Int64(first))))
                        }
                        return AgentCommitResult(
                            newOutcomes: results.map(\.newOutcomes).reduce(0, +),
                            newAnomalies: results.flatMap(\.newAnomalies))
                    }
                }
                return try await group.reduce(into: [AgentCommitResult]()) { $0.append($1) }
            }
            let stored = try await store.windowOutcomes(agent: "wifi", shadow: false, from: nil, to: nil, limit: 100)
            try check(stored.count == 40, "\(stored.count) outcomes stored, not 40")
            try check(results.map(\.newOutcomes).reduce(0, +) == 40, "commits reported \(results.map(\.newOutcomes))")
            let newIDs = results.flatMap(\.newAnomalies).map(\.id)
            try check(newIDs.count == 4 && Set(newIDs).count == 4, "new anomaly ids \(newIDs)")
            let page = try await store.anomalies(AnomalyQuery())
            try check(page.total == 4 && Set(page.anomalies.map(\.id)) == Set(newIDs), "stored anomalies \(page)")
        },
    ]
}
