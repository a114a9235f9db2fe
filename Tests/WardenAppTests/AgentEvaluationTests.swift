import Agents
import Foundation
import Testing
import TestSupport
import WardenApp

@Suite("warden agents evaluate: severities an operator can page on")
struct AgentEvaluationTests {
    @Test("the evaluation counts windows once and reads its labels strictly")
    func counting() throws {
        let start = Timestamp(iso8601: "2026-01-13T08:00:00Z")!
        var e = DetectionEvaluation(labels: [.init(ap: "ap-01", windowStart: start, kind: "deauth_flood")])
        for _ in 0..<2 {
            e.add(
                entity: "ap-01", windowStart: start.microseconds, modelFlagged: true,
                classification: (.deauthFlood, .critical))
        }
        e.add(entity: "ap-02", windowStart: start.microseconds, modelFlagged: true, classification: (.unknown, .low))
        e.add(entity: "ap-03", windowStart: start.microseconds, modelFlagged: false, classification: nil)
        let r = e.report()
        #expect(r.windows == 3 && r.attackWindows == 1)
        #expect(r.modelOnly.precision == 0.5 && r.modelOnly.recall == 1)
        #expect(r.atLeast(.high).precision == 1 && r.atLeast(.high).recall == 1)
        #expect(r.atLeast(.low).precision == 0.5)
        #expect(r.severities.map(\.severity) == [.low, .medium, .high, .critical])
        #expect(r.types.first { $0.type == "deauth_flood" }?.recall == 1)
        #expect(throws: AppError.self) { try AgentEvaluator.labels(json: Data("{\"windows\": [{\"ap\": 1}]}".utf8)) }
    }
}
