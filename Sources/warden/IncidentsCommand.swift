import ArgumentParser
import DataFormats
import Foundation
import Registry
import WardenApp
import WardenViews

/// `warden incidents list|show`: the agents' anomalies grouped into incidents.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents", abstract: "List the incidents the agents' anomalies are grouped into.",
        subcommands: [IncidentsListCommand.self, IncidentsShowCommand.self])
}

/// `warden incidents list [--agent A] [--ap AP] [--type T] [--severity MIN] [--status open|closed] [--limit N]`.
struct IncidentsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List incidents, newest first.")

    @OptionGroup var options: RegistryOptions
    @Option(help: "Only this agent.") var agent: String?
    @Option(help: "Only this access point.") var ap: String?
    @Option(help: "Only this anomaly type.") var type: String?
    @Option(help: "Only incidents whose peak severity is this one or higher (low, medium, high, critical).")
    var severity: String?
    @Option(help: "Only open or only closed incidents.") var status: String?
    @Option(help: "At most this many.") var limit = 50
    @Option(help: "Skip this many first.") var offset = 0

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let (list, total) = try await context.app.anomalies.incidents(
                IncidentQuery(
                    agent: agent, entity: ap, type: type, minSeverity: severity, status: status, offset: offset,
                    limit: limit),
                caller: .commandLine(by: nil))
            if options.json {
                return print(
                    Output.json(
                        JSONValue.object([
                            "total": .int(total), "incidents": .array(list.map { Views.incident($0) }),
                        ])))
            }
            if list.isEmpty { return print("no incidents") }
            for i in list {
                let r = i.row
                print(
                    "\(r.id)  \(Views.incident(i).object?["start"]?.string ?? "")  \(r.entity)  \(r.type)  "
                        + "\(r.peakSeverity)  \(r.windowCount) windows  \(r.status)")
            }
            if total > list.count + offset { print("(\(total - list.count - offset) more; use --offset, --limit)") }
        }
    }
}

/// `warden incidents show ID`: one incident with its anomalies.
struct IncidentsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one incident.")

    @OptionGroup var options: RegistryOptions
    @Argument(help: "The incident's id.") var id: Int64

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let incident = try await context.app.anomalies.incident(id, caller: .commandLine(by: nil))
            print(Output.json(Views.incident(incident, withAnomalies: true)))
        }
    }
}
