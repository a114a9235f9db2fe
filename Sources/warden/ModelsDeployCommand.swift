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
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let plan = try await context.perform(
                .deploy(version), model: try await context.model(modelOption.model), actor: RegistryContext.actor(by),
                reason: reason)
            LifecycleOutput.print(LifecyclePlanSummary(plan), json: options.json)
        }
    }
}
