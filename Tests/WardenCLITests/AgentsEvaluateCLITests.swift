import DataFormats
import Foundation
import Testing
import TestSupport

@Suite("warden agents evaluate")
struct AgentsEvaluateCLITests {
    static let sample = "samples/wifi-anomaly/"

    @Test("evaluates the sample logs with the sample package, offline: JSON and a table")
    func sample() throws {
        let args = [
            "agents", "evaluate", "--input", Self.sample + "logs.jsonl", "--labels", Self.sample + "logs-labels.json",
            "--package", Self.sample + "model_20260105_000000_deployment.zip",
        ]
        let json = try WardenBinary.run(args + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(json.json?["report"])
        #expect(report["attack_windows"]?.int == 5)
        #expect(report["model_only"]?["recall"]?.double == 1)
        let high = report["severities"]?.array?.first { $0["severity"]?.string == "high" }
        #expect(high?["at_least"]?["recall"]?.double == 1)
        #expect(high?["at_least"]?["precision"]?.double == 1)
        let text = try WardenBinary.run(args)
        #expect(text.status == 0)
        #expect(text.stdout.contains("≥ high"))
        #expect(text.stdout.contains("model only"))
    }

    @Test("needs a model and readable labels")
    func refusals() throws {
        let noModel = try WardenBinary.run(["agents", "evaluate", "--input", "x", "--labels", "y"])
        #expect(noModel.status != 0)
        #expect(noModel.stderr.contains("--package"))
        let badLabels = try WardenBinary.run([
            "agents", "evaluate", "--input", Self.sample + "logs.jsonl", "--labels", Self.sample + "request.json",
            "--package", Self.sample + "model_20260105_000000_deployment.zip",
        ])
        #expect(badLabels.status != 0)
        #expect(badLabels.stderr.contains("labels"))
    }
}
