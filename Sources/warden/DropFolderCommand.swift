import ArgumentParser

/// `warden drop-folder ...`: packages dropped into `<data-dir>/drop`.
struct DropFolderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop-folder",
        abstract: "Import the packages dropped into <data-dir>/drop.",
        subcommands: [DropFolderScanCommand.self])
}
