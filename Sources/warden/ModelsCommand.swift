import ArgumentParser
import WardenApp
import Registry

/// `warden models ...`: the registry's versions and their lifecycle.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, inspect and deploy registered model versions.",
        subcommands: [
            ModelsListCommand.self, ModelsShowCommand.self, ModelsDeployCommand.self, ModelsRollbackCommand.self,
            ModelsPromoteCommand.self, ModelsActivateCommand.self, ModelsDeactivateCommand.self,
            ModelsDeleteCommand.self, ModelsTagCommand.self, ModelsDescribeCommand.self, ModelsCompareCommand.self,
        ])
}

/// `--model M`, shared by the commands acting on one model.
struct ModelOption: ParsableArguments {
    @Option(help: "The model (default: the configuration's model.name, else the only model, else wifi-anomaly).")
    var model: String?
}

/// What the lifecycle commands that name one version take: the registry, the model, the version and who asks.
struct VersionTarget: ParsableArguments {
    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Option(help: "Who asks (default: $USER).")
    var by: String?

    /// Plans, audits and commits `action` through the application layer and prints the result.
    func run(_ action: LifecycleCommand) async throws {
        try await RegistryContext.runLifecycle(action, options: options, model: modelOption.model, by: by)
    }
}

/// The output of lifecycle commands.
enum LifecycleOutput {
    static func print(_ result: LifecycleResult, json: Bool) {
        let plan = LifecyclePlanSummary(result)
        if json {
            Swift.print(Output.json(plan))
        } else {
            var line = "\(plan.command) \(plan.model) \(plan.version)"
            if !plan.changes.isEmpty {
                line += ": " + plan.changes.map { "\($0.version) \($0.from) -> \($0.to)" }.joined(separator: ", ")
            }
            if plan.deleted { line += ": deleted" }
            if !plan.changed { line += ": already \(Self.state(of: result)), nothing changed" }
            Swift.print(line)
        }
    }

    /// The state a no-change command found, in words (`already deployed`).
    static func state(of result: LifecycleResult) -> String {
        switch result.plan.command {
        case .deploy, .rollback: "serving"
        case .promote: "in production"
        case .activate: "active"
        case .deactivate: "deactivated"
        default: "in that state"
        }
    }
}
