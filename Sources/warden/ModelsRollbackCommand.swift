import ArgumentParser
import Registry

/// `warden models rollback [VERSION] [--reason R] [--by NAME]`.
struct ModelsRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Serve a named version again, or the one that served before the current one.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version (default: the previous serving version).")
    var version: String?

    @Option(help: "Why (recorded in the deployment history).")
    var reason: String?

    @Option(help: "Who rolls back (default: $USER).")
    var by: String?

    func run() async throws {
        try await RegistryContext.runLifecycle(
            .rollback(to: version), options: options, model: modelOption.model, by: by, reason: reason)
    }
}
