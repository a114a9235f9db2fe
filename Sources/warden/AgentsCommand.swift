import Agents
import ArgumentParser
import DataFormats
import Foundation
import Logging
import Registry
import WardenApp

/// `warden agents ...`: the configured agents, their pairing, replays, and the pipeline over a file.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "List, run, pair and replay the agents; scan a log file.",
        subcommands: [
            AgentsListCommand.self, AgentsStatusCommand.self, AgentsRunCommand.self, AgentsSetModelCommand.self,
            AgentsReplayCommand.self, AgentsScanCommand.self, AgentsEvaluateCommand.self,
        ])
}

/// `warden agents list`.
struct AgentsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the configured agents.")

    @OptionGroup var options: RegistryOptions

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let list = await context.app.agents.list(caller: .commandLine(by: nil))
            if options.json { return print("{\"agents\":\(Output.json(list))}") }
            if list.isEmpty { return print("no agents; declare them in the configuration's agents: list") }
            for a in list {
                print(
                    "\(a.id)  \(a.type)  \(a.source)  \(a.model) \(a.pairedVersion)  checkpoint \(a.checkpoint.map(String.init) ?? "-")  "
                        + "anomalies \(a.anomaliesByType.values.reduce(0, +))")
            }
        }
    }
}

/// `warden agents status ID`.
struct AgentsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show one agent's status.")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The agent's id.")
    var id: String

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let s = try await context.app.agents.status(id, caller: .commandLine(by: nil))
            print(Output.json(s))
        }
    }
}

/// `warden agents run ID`: one agent in the foreground until interrupted (or until it has nothing left to read,
/// with `--until-idle`).
struct AgentsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run one agent in the foreground (the same loop warden serve runs).")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The agent's id.")
    var id: String

    @Flag(help: "Stop once the source has nothing new (backfill), instead of polling.")
    var untilIdle = false

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let runner = try context.app.agents.runner(id)
            await runner.start()
            // The sources' own services (a database client's pool) run while the agent does.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in context.app.sourceServices { group.addTask { try await service.run() } }
                if untilIdle {
                    try await runner.drain()
                } else {
                    await runner.run()
                }
                group.cancelAll()
            }
            print(Output.json(await runner.status()))
        }
    }
}

/// `warden agents set-model ID --version V [--model M] [--shadow V2] [--reason R]`.
struct AgentsSetModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-model",
        abstract: "Pair an agent with a model version (checked for compatibility; effective at its next window).")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The agent's id.")
    var id: String

    @Option(help: "The model (default: the agent's).")
    var model: String?

    @Option(help: "The version, or production to follow the serving version.")
    var version: String

    @Option(help: "A candidate version that scores the same windows apart.")
    var shadow: String?

    @Option(help: "Why (recorded in the audit log).")
    var reason: String?

    @Option(help: "Who pairs it (default: $USER).")
    var by: String?

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let pairing = try await context.perform(.setAgentModel, by: by, model: model, target: "agent:\(id)") { caller in
                try await context.app.agents.setModel(
                    agent: id, model: model, version: version, shadowVersion: shadow, caller: caller, reason: reason)
            }
            if options.json { return print(Output.json(pairing)) }
            print("agent \(id) paired with \(pairing.model) \(pairing.version ?? "production")"
                + (pairing.shadowVersion.map { " (shadow \($0))" } ?? ""))
        }
    }
}

/// `warden agents replay ID --from T --to T`.
struct AgentsReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-score a past period from the agent's source into the store (windows already stored are kept).")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The agent's id.")
    var id: String

    @Option(help: "The period's start (ISO 8601).")
    var from: String

    @Option(help: "The period's end (ISO 8601, exclusive).")
    var to: String

    func validate() throws {
        guard Timestamp(iso8601: from) != nil, Timestamp(iso8601: to) != nil else {
            throw ValidationError("--from and --to are ISO 8601 times, e.g. 2026-01-05T10:00:00Z")
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let result = try await context.app.agents.replay(
                agent: id, from: Timestamp(iso8601: from)?.microseconds ?? 0, to: Timestamp(iso8601: to)?.microseconds ?? 0)
            print(Output.json(result))
        }
    }
}

/// `warden agents scan --input FILE [--version V] [--model M]`: the whole pipeline over a file, nothing stored.
struct AgentsScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Window, score and classify a log file with a registered version; print one JSON line per anomaly.")

    @OptionGroup var options: RegistryOptions

    @Option(help: "The log file (JSON lines, JSON array or CSV).")
    var input: String

    @Option(help: "The version (default: the serving one).")
    var version: String?

    @Option(help: "The model (default: the configuration's, else the only one).")
    var model: String?

    @OptionGroup var window: WindowOptions

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let name = try await context.model(model)
            let serving = try await context.app.predictions.resolveRegistered(model: name, version: version)
            // Windows, features and the classifier never read an event's message: it is not kept.
            let source = try FileLogSource(path: input, parser: LogRecordParser(keepsMessages: false))
            let result = try await context.app.agents.analyze(
                source.all, with: serving, configuration: try window.configuration(), agent: "scan")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for a in result.anomalies {
                FileHandle.standardOutput.write(try encoder.encode(a) + Data("\n".utf8))
            }
            let c = result.counters
            let summary =
                "{\"events\":\(c.events),\"windows\":\(c.scored),\"skipped\":\(c.skipped),\"late\":\(c.late),"
                + "\"malformed\":\(result.malformed.count),\"anomalies\":\(result.anomalies.count)}\n"
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }
}
