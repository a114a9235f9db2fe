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
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let model = try await context.model(modelOption.model)
            let plan = try await context.perform(
                .promote(version), model: model, actor: RegistryContext.actor(by),
                reason: reason)
            LifecycleOutput.print(LifecyclePlanSummary(plan), json: options.json)
        }
    }
}
