import ArgumentParser
import Foundation
import Registry
import WardenApp

/// `warden anomalies list|show|ack|resolve|dismiss`.
struct AnomaliesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies", abstract: "List the agents' anomalies and move them through their workflow.",
        subcommands: [
            AnomaliesListCommand.self, AnomaliesShowCommand.self, AnomaliesAckCommand.self,
            AnomaliesResolveCommand.self, AnomaliesDismissCommand.self,
        ])

    /// Moves an anomaly's status from the command line (audited).
    static func move(_ options: RegistryOptions, id: Int64, to status: String, note: String?, by: String?) async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let stored = try await context.perform(.updateAnomaly, by: by, model: nil, target: "anomaly:\(id)") { caller in
                try await context.app.anomalies.setStatus(id, to: status, note: note, caller: caller)
            }
            if options.json { return print(Output.json(stored.record)) }
            print("anomaly \(id) is \(stored.record.status.rawValue)")
        }
    }
}

/// `warden anomalies list [--agent A] [--ap AP] [--type T] [--severity S] [--status S] [--limit N]`.
struct AnomaliesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List anomalies, newest first.")

    @OptionGroup var options: RegistryOptions
    @Option(help: "Only this agent.") var agent: String?
    @Option(help: "Only this access point.") var ap: String?
    @Option(help: "Only this type.") var type: String?
    @Option(help: "Only this severity.") var severity: String?
    @Option(help: "Only this status.") var status: String?
    @Option(help: "At most this many.") var limit = 50

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let (list, total) = try await context.app.anomalies.list(
                AnomalyQuery(agent: agent, entity: ap, type: type, severity: severity, status: status, limit: limit),
                caller: .commandLine(by: nil))
            if options.json {
                return print("{\"total\":\(total),\"anomalies\":[" + list.map { s in
                    var text = Output.json(s.record)
                    text.removeFirst()
                    return "{\"id\":\(s.id)," + text
                }.joined(separator: ",") + "]}")
            }
            if list.isEmpty { return print("no anomalies") }
            for s in list {
                let a = s.record
                print("\(s.id)  \(a.windowStart)  \(a.entity)  \(a.type.rawValue)  \(a.severity.rawValue)  \(a.status.rawValue)  \(a.description)")
            }
            if total > list.count { print("(\(total - list.count) more; use --limit)") }
        }
    }
}

/// `warden anomalies show ID`.
struct AnomaliesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one anomaly.")

    @OptionGroup var options: RegistryOptions
    @Argument(help: "The anomaly's id.") var id: Int64

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            print(Output.json(try await context.app.anomalies.get(id, caller: .commandLine(by: nil)).record))
        }
    }
}

/// `warden anomalies ack ID [--note N]`.
struct AnomaliesAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an anomaly.")
    @OptionGroup var options: RegistryOptions
    @Argument(help: "The anomaly's id.") var id: Int64
    @Option(help: "A note.") var note: String?
    @Option(help: "Who (default: $USER).") var by: String?
    func run() async throws { try await AnomaliesCommand.move(options, id: id, to: "acknowledged", note: note, by: by) }
}

/// `warden anomalies resolve ID [--note N]`.
struct AnomaliesResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve an anomaly.")
    @OptionGroup var options: RegistryOptions
    @Argument(help: "The anomaly's id.") var id: Int64
    @Option(help: "A note.") var note: String?
    @Option(help: "Who (default: $USER).") var by: String?
    func run() async throws { try await AnomaliesCommand.move(options, id: id, to: "resolved", note: note, by: by) }
}

/// `warden anomalies dismiss ID [--note N]`: a false positive.
struct AnomaliesDismissCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dismiss", abstract: "Mark an anomaly a false positive.")
    @OptionGroup var options: RegistryOptions
    @Argument(help: "The anomaly's id.") var id: Int64
    @Option(help: "A note.") var note: String?
    @Option(help: "Who (default: $USER).") var by: String?
    func run() async throws { try await AnomaliesCommand.move(options, id: id, to: "false_positive", note: note, by: by) }
}
