import ArgumentParser
import WardenApp
import DriftService

/// `warden baseline clear [VERSION] [--model M]`.
struct BaselineClearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clear", abstract: "Remove a version's baseline.")

    @OptionGroup var options: RegistryOptions

    @OptionGroup var selection: VersionSelection

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await MonitoringContext.open(options, selection)
            guard try await context.app.monitoring.clearBaseline(model: context.model, version: context.version) else {
                throw DriftServiceError(.noBaseline, "\(context.model) \(context.version) has no baseline to clear")
            }
            print(options.json ? "{\"cleared\":true}" : "baseline of \(context.model) \(context.version) cleared")
        }
    }
}
