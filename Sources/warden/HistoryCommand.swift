import ArgumentParser
import Foundation
import Registry

/// `warden history [--model M] [--kind deployments|imports|transfers]`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show the deployment, import or transfer history, oldest first.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case deployments, imports, transfers
    }

    @OptionGroup var options: RegistryOptions

    @Option(help: "Only this model (all models by default).")
    var model: String?

    @Option(help: "Which history: deployments, imports or transfers.")
    var kind: Kind = .deployments

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            switch kind {
            case .deployments:
                let events = try await context.app.models.deploymentHistory(model: model)
                if options.json { return print("{\"deployments\":\(Output.json(events))}") }
                for e in events {
                    print(
                        "\(Output.date(e.at))  \(e.model)  \(e.kind.rawValue)  \(e.from ?? "-") -> \(e.to)"
                            + "  by \(e.actor)"
                            + (e.reason.map { "  (\($0))" } ?? ""))
                }
                if events.isEmpty { print("no deployments") }
            case .imports:
                let events = try await context.app.imports.importHistory(model: model)
                if options.json { return print("{\"imports\":\(Output.json(events))}") }
                for e in events {
                    print(
                        "\(Output.date(e.at))  \(e.model)  \(e.version ?? "-")  \(e.outcome.rawValue)  \(e.source)"
                            + (e.message.map { "  \($0)" } ?? ""))
                }
                if events.isEmpty { print("no imports") }
            case .transfers:
                let events = try await context.app.imports.transfers().filter { model == nil || $0.model == model }
                if options.json { return print("{\"transfers\":\(Output.json(events))}") }
                for e in events {
                    print(
                        "\(Output.date(e.at))  \(e.model)  \(e.version)  \(e.status)  \(e.source)"
                            + (e.message.map { "  \($0)" } ?? ""))
                }
                if events.isEmpty { print("no transfers") }
            }
        }
    }
}
