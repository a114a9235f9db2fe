import Agents
import Foundation
import Testing

@Suite("AnomalyWorkflow: open → acknowledged → resolved | false_positive")
struct AnomalyWorkflowTests {
    static let t0 = Timestamp(microseconds: monday10)
    static let t1 = Timestamp(microseconds: monday10 + 60 * second)

    @Test(
        "allows exactly the workflow's moves",
        arguments: [
            (AnomalyStatus.open, AnomalyStatus.acknowledged, true), (.open, .resolved, true),
            (.open, .falsePositive, true), (.open, .open, false), (.acknowledged, .resolved, true),
            (.acknowledged, .falsePositive, true), (.acknowledged, .open, false), (.acknowledged, .acknowledged, false),
            (.resolved, .open, false), (.resolved, .acknowledged, false), (.resolved, .falsePositive, false),
            (.resolved, .resolved, false), (.falsePositive, .open, false), (.falsePositive, .resolved, false),
            (.falsePositive, .acknowledged, false), (.falsePositive, .falsePositive, false),
        ])
    func moves(from: AnomalyStatus, to: AnomalyStatus, allowed: Bool) {
        #expect(from.allowsMove(to: to) == allowed)
        #expect(from.isFinal == (from == .resolved || from == .falsePositive))
    }

    @Test("records who moved the anomaly, when and why")
    func records() throws {
        var w = AnomalyWorkflow()
        #expect(w.status == .open)
        let ack = try w.move(to: .acknowledged, by: "alice", at: Self.t0)
        try w.move(to: .falsePositive, by: "bob", at: Self.t1, note: "firmware upgrade window")
        #expect(w.status == .falsePositive)
        #expect(ack == StatusTransition(from: .open, to: .acknowledged, by: "alice", at: Self.t0))
        #expect(
            w.history.last
                == StatusTransition(
                    from: .acknowledged, to: .falsePositive, by: "bob", at: Self.t1, note: "firmware upgrade window"))
    }

    @Test("final statuses cannot move; the error names both statuses and the remedy; who is required")
    func refusals() throws {
        var w = AnomalyWorkflow()
        try w.move(to: .resolved, by: "alice", at: Self.t0)
        do {
            try w.move(to: .open, by: "bob", at: Self.t1)
            Issue.record("expected invalid_transition")
        } catch {
            #expect(error.code == .invalidTransition)
            #expect(
                error.message
                    == "cannot move an anomaly from resolved to open; resolved is final; record a new anomaly if "
                    + "the problem comes back")
        }
        var a = AnomalyWorkflow()
        try a.move(to: .acknowledged, by: "alice", at: Self.t0)
        do {
            try a.move(to: .acknowledged, by: "bob", at: Self.t1)
            Issue.record("expected invalid_transition")
        } catch {
            #expect(error.message.hasSuffix("from acknowledged move to resolved, false_positive"))
        }
        #expect(throws: AgentsError.self) { try a.move(to: .resolved, by: "", at: Self.t1) }
        #expect(a.history.count == 1)
    }

    @Test("rebuilds from a stored history and refuses inconsistent ones")
    func rebuild() throws {
        let ack = StatusTransition(from: .open, to: .acknowledged, by: "a", at: Self.t0)
        let done = StatusTransition(from: .acknowledged, to: .resolved, by: "a", at: Self.t1)
        #expect(try AnomalyWorkflow(status: .resolved, history: [ack, done]).status == .resolved)
        #expect(throws: AgentsError.self) { try AnomalyWorkflow(status: .acknowledged, history: [ack, done]) }
        #expect(throws: AgentsError.self) { try AnomalyWorkflow(status: .resolved, history: [done]) }
        #expect(throws: AgentsError.self) { try AnomalyWorkflow(status: .resolved, history: []) }
    }
}

@Suite("AnomalyRecord: the contract's anomaly record")
struct AnomalyRecordTests {
    static func record() throws -> AnomalyRecord {
        let classifier = try AnomalyClassifier(reference: AnomalyClassifierTests.reference)
        let window = AnomalyClassifierTests.window([.deauthRatio: 0.41])
        let c = try #require(try classifier.classify(window))
        return AnomalyRecord(
            agent: "wifi-campus", window: window, classification: c,
            createdAt: Timestamp(microseconds: monday10 + 361 * second))
    }

    @Test("carries the window, the verdict and the classification, open")
    func fromClassification() throws {
        let r = try Self.record()
        #expect(r.entity == "ap-07")
        #expect(r.windowStart.description == "2026-01-05T10:00:00Z")
        #expect(r.windowEnd.description == "2026-01-05T10:05:00Z")
        #expect(r.eventCount == 200)
        #expect(r.model == "wifi" && r.modelVersion == "1.0.0" && r.score == 0.7 && r.threshold == 0.5)
        #expect(r.type == .deauthFlood)
        #expect(r.features.count == 17)
        #expect(r.features["deauth_ratio"] == 0.41)
        #expect(r.status == .open)
        #expect(r.key == AnomalyRecord.Key(agent: "wifi-campus", entity: "ap-07", windowStart: r.windowStart))
    }

    @Test("encodes the contract's snake_case keys and decodes back, status history included")
    func coding() throws {
        var r = try Self.record()
        try r.move(to: .acknowledged, by: "alice", at: Timestamp(microseconds: monday10 + 400 * second))
        let data = try JSONEncoder().encode(r)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "agent", "entity", "window_start", "window_end", "event_count", "model", "model_version", "score",
                "threshold", "type", "severity", "confidence", "description", "features", "contributors",
                "detected_by", "evidence", "status", "status_history", "created_at",
            ])
        #expect(object["window_start"] as? String == "2026-01-05T10:00:00Z")
        #expect(object["status"] as? String == "acknowledged")
        #expect(object["type"] as? String == "deauth_flood")
        #expect((object["detected_by"] as? [String: Any])?["source"] as? String == "both")
        let decoded = try JSONDecoder().decode(AnomalyRecord.self, from: data)
        #expect(decoded == r)
        #expect(decoded.evidence?.confirmed == true)
        // A record stored before the evidence existed still reads, without it.
        var old = object
        old["evidence"] = nil
        let older = try JSONDecoder().decode(AnomalyRecord.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(older.evidence == nil && older.severity == r.severity)
        // A stored status that its history does not reach is refused.
        var tampered = object
        tampered["status"] = "resolved"
        let bad = try JSONSerialization.data(withJSONObject: tampered)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(AnomalyRecord.self, from: bad) }
    }
}
