import ArgumentParser
import Registry

/// `warden models activate VERSION`.
struct ModelsActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate",
        abstract: "Make a deactivated or failed version available again.")

    @OptionGroup var target: VersionTarget

    func run() async throws {
        try await target.run(.activate(target.version))
    }
}
