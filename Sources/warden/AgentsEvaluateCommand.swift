import Agents
import ArgumentParser
import Foundation
import WardenApp

/// `warden agents evaluate --input LOGS --labels LABELS.json [--config C --agent ID | --package ZIP]`: the agent's
/// pipeline over labelled logs, offline; precision and recall per severity level, per type, and of the model alone.
struct AgentsEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure an agent's anomalies against labelled windows: precision/recall per severity and type.",
        discussion: """
            Runs the agent's exact pipeline (windows, the version's scores and threshold, rules, severity with the \
            persistence of each AP's windows) over LOGS, storing nothing and needing no server. The model is \
            --package (a deployment ZIP or folder), else the version the agent --agent is paired with in the \
            registry of --config / --data-dir. --agent also gives the windows and rules (default: the contract's \
            windows and the standard rules). LABELS is {"windows": [{"ap", "window_start", "kind"}]}: the attack \
            windows; every other scored window is normal.
            """)

    @OptionGroup var options: RegistryOptions

    @Option(help: "The log file (JSON lines, JSON array or CSV).")
    var input: String

    @Option(help: "The labelled attack windows (JSON).")
    var labels: String

    @Option(help: "The agent whose windows, rules and model to use (from --config).")
    var agent: String?

    @Option(help: "A deployment package (ZIP or folder) to score with instead of a registered version.")
    var package: String?

    func validate() throws {
        guard agent != nil || package != nil else {
            throw ValidationError("give the model: --package ZIP, or --config FILE --agent ID")
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let labelBytes: Data
            do { labelBytes = try Data(contentsOf: URL(fileURLWithPath: labels)) } catch {
                throw ValidationError("cannot read --labels \(labels): \(error.localizedDescription)")
            }
            let labelled = try AgentEvaluator.labels(json: labelBytes)
            let records = try FileLogSource(path: input).all
            let packageURL = package.map { URL(fileURLWithPath: $0) }
            let result: AgentEvaluator.Result
            if let agent {
                let context = try await RegistryContext.open(options)
                result = try await context.app.agents.evaluate(
                    agent: agent, records, labels: labelled, package: packageURL)
            } else if let packageURL {
                let model = try await AgentEvaluator.model(package: packageURL, rules: .standard)
                result = try AgentEvaluator.evaluate(records, model: model, labels: labelled)
            } else {
                return
            }
            print(options.json ? Output.json(result) : Self.text(result))
        }
    }

    /// The report as a table for people.
    static func text(_ r: AgentEvaluator.Result) -> String {
        let p = r.report
        func num(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func row(_ name: String, _ x: DetectionReport.Rates) -> String {
            pad(name, 22) + pad("\(x.flagged)", 9) + pad("\(x.truePositives)", 9) + pad(num(x.precision), 11)
                + num(x.recall)
        }
        var lines = [
            "model \(r.model) \(r.version): \(p.windows) windows scored, \(p.attackWindows) attack windows"
                + " (\(p.attackWindowsNotScored) not scored), \(r.counters.skipped) skipped, \(r.malformed) malformed",
            "",
            pad("view", 22) + pad("flagged", 9) + pad("attacks", 9) + pad("precision", 11) + "recall",
            row("model only", p.modelOnly),
            row("any severity", p.anomalies),
        ]
        for level in p.severities { lines.append(row("= \(level.severity.rawValue)", level.exact)) }
        for level in p.severities.reversed() { lines.append(row("≥ \(level.severity.rawValue)", level.atLeast)) }
        lines += [
            "",
            pad("type", 24) + pad("labelled", 10) + pad("detected", 10) + pad("typed", 8) + pad("predicted", 11)
                + pad("precision", 11) + "recall",
        ]
        for t in p.types {
            lines.append(
                pad(t.type, 24) + pad("\(t.labelled)", 10) + pad("\(t.detected)", 10) + pad("\(t.correct)", 8)
                    + pad("\(t.predicted)", 11) + pad(num(t.precision), 11) + num(t.recall))
        }
        return lines.joined(separator: "\n")
    }
}
