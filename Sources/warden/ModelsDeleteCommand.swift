import ArgumentParser
import Registry

/// `warden models delete VERSION`.
struct ModelsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Remove a version that is not serving (its history entries stay).")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Option(help: "Who asks (default: $USER).")
    var by: String?

    func run() async throws {
        try await RegistryContext.runLifecycle(
            .delete(version), options: options, model: modelOption.model, by: by)
    }
}
