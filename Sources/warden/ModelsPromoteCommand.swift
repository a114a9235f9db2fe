import ArgumentParser
import Registry

/// `warden models promote VERSION`.
struct ModelsPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Make a version serve with status production (loading it first unless it is already deployed).")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Option(help: "Why (recorded in the deployment history).")
    var reason: String?

    @Option(help: "Who asks (default: $USER).")
    var by: String?

    func run() async throws {
        try await RegistryContext.runLifecycle(
            .promote(version), options: options, model: modelOption.model, by: by, reason: reason)
    }
}
