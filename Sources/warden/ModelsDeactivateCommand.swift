import ArgumentParser
import Registry

/// `warden models deactivate VERSION`.
struct ModelsDeactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate",
        abstract: "Withdraw a version that is not serving (status deactivated).")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Option(help: "Who asks (default: $USER).")
    var by: String?

    func run() async throws {
        try await RegistryContext.runLifecycle(
            .deactivate(version), options: options, model: modelOption.model, by: by)
    }
}
