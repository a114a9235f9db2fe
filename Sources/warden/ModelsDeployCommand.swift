import ArgumentParser
import Registry

/// `warden models deploy VERSION [--reason R] [--by NAME]`.
struct ModelsDeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Load and verify a version, then make it the serving version (status deployed).",
        discussion: "A version that fails to load is marked failed and the command exits with the load error.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Option(help: "Why (recorded in the deployment history).")
    var reason: String?

    @Option(help: "Who deploys (default: $USER).")
    var by: String?

    func run() async throws {
        try await RegistryContext.runLifecycle(
            .deploy(version), options: options, model: modelOption.model, by: by, reason: reason)
    }
}
