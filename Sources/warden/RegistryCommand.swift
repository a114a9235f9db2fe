import ArgumentParser

/// `warden registry ...`: maintenance of the registry itself.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Registry maintenance.",
        subcommands: [RegistryMigrateJSONCommand.self])
}
