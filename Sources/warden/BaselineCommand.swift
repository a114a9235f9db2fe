import ArgumentParser

/// `warden baseline set|show|clear`: the reference profile drift checks compare with.
struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Set, show or clear a version's drift baseline (reference profile).",
        subcommands: [BaselineSetCommand.self, BaselineShowCommand.self, BaselineClearCommand.self])
}
