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
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let model = try await context.model(modelOption.model)
            let plan = try await context.perform(
                .delete(version), model: model, actor: RegistryContext.actor(by))
            LifecycleOutput.print(LifecyclePlanSummary(plan), json: options.json)
        }
    }
}
