import ArgumentParser
import DriftService

/// `warden baseline clear [VERSION] [--model M]`.
struct BaselineClearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clear", abstract: "Remove a version's baseline.")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The version (default: the serving version).")
    var version: String?

    @Option(help: "The model (default: the configuration's, else the only one).")
    var model: String?

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await MonitoringContext.open(options, model: model, version: version)
            guard try await context.registry.store.deleteBaseline(model: context.model, version: context.version) else {
                throw DriftServiceError(.noBaseline, "\(context.model) \(context.version) has no baseline to clear")
            }
            print(options.json ? "{\"cleared\":true}" : "baseline of \(context.model) \(context.version) cleared")
        }
    }
}
