import ArgumentParser
import Registry

/// `warden models delete VERSION`.
struct ModelsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Remove a version that is not serving (its history entries stay).")

    @OptionGroup var target: VersionTarget

    func run() async throws {
        try await target.run(.delete(target.version))
    }
}
