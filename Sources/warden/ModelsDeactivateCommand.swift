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
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let model = try await context.model(modelOption.model)
            let plan = try await context.perform(
                .deactivate(version), model: model, actor: RegistryContext.actor(by))
            LifecycleOutput.print(LifecyclePlanSummary(plan), json: options.json)
        }
    }
}
