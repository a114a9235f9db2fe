import ArgumentParser
import Registry

/// `warden models deactivate VERSION`.
struct ModelsDeactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate",
        abstract: "Withdraw a version that is not serving (status deactivated).")

    @OptionGroup var target: VersionTarget

    func run() async throws {
        try await target.run(.deactivate(target.version))
    }
}
