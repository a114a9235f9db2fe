import ArgumentParser

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

/// The output of lifecycle commands.
enum LifecycleOutput {
    static func print(_ plan: LifecyclePlanSummary, json: Bool) {
        if json {
            Swift.print(Output.json(plan))
        } else {
            var line = "\(plan.command) \(plan.model) \(plan.version)"
            if !plan.changes.isEmpty {
                line += ": " + plan.changes.map { "\($0.version) \($0.from) -> \($0.to)" }.joined(separator: ", ")
            }
            if plan.deleted { line += ": deleted" }
            Swift.print(line)
        }
    }
}
