import Agents
import Foundation
import Testing
import TestSupport
import WardenApp

@Suite("warden agents evaluate: severities an operator can page on")
struct AgentEvaluationTests {
    static let eval = AgentFixture.samples.appendingPathComponent("eval")

    static func run() async throws -> AgentEvaluator.Result {
        let labels = try AgentEvaluator.labels(json: Data(contentsOf: eval.appendingPathComponent("labels.json")))
        let model = try await AgentEvaluator.model(package: AgentFixture.package, rules: .standard)
        let records = try FileLogSource(path: eval.appendingPathComponent("logs.csv").path).all
        return try AgentEvaluator.evaluate(records, model: model, labels: labels)
    }

    @Test("on the committed evaluation set, high and critical reach precision ≥ 0.6 at recall ≥ 0.9")
    func target() async throws {
        let r = try await Self.run()
        let report = r.report
        #expect(report.attackWindows == 58)
        #expect(report.windows > 400)
        let high = report.atLeast(.high)
        #expect((high.precision ?? 0) >= 0.6, "≥ high precision \(String(describing: high.precision))")
        #expect((high.recall ?? 0) >= 0.9, "≥ high recall \(String(describing: high.recall))")
        // Rules and severities only add to what the model flags: every window it flagged is still reported.
        #expect((report.anomalies.recall ?? 0) >= (report.modelOnly.recall ?? 1))
        // Every contract type is in the set, and each is recognised as itself.
        for type in AnomalyType.allCases where type != .unknown {
            let t = try #require(report.types.first { $0.type == type.rawValue }, "\(type.rawValue) missing")
            #expect(t.labelled > 0)
            #expect((t.recall ?? 0) >= 0.8, "\(type.rawValue): \(t)")
        }
    }

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
