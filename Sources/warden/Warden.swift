import ArgumentParser

/// The `warden` command: model registry, inference server and drift monitor for scikit-learn anomaly models.
@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "Score scikit-learn anomaly models natively, without Python.",
        discussion: """
            Exit codes: 0 success; \(ExitStatus.table)
            """,
        version: "0.1.0",
        subcommands: [
            InspectCommand.self, ScoreCommand.self, ImportCommand.self, ModelsCommand.self, HistoryCommand.self,
            ValidateCommand.self, RegistryCommand.self, TrainingServiceCommand.self, DropFolderCommand.self,
            ServeCommand.self, StatsCommand.self, DriftCommand.self, BaselineCommand.self,
            KeysCommand.self, AuditCommand.self, FeaturesCommand.self, AgentsCommand.self, LogsCommand.self,
            AnomaliesCommand.self, IncidentsCommand.self, MCPCommand.self,
        ]
    )
}
