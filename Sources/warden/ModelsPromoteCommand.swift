import ArgumentParser
import Foundation
import Registry

/// `warden models promote VERSION`.
struct ModelsPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Make a version serve with status production (loading it first unless it is already deployed).",
        discussion: "The version needs a passing validation report; --force --reason promotes without one.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Option(help: "Why (recorded in the deployment history).")
    var reason: String?

    @Option(help: "Who asks (default: $USER).")
    var by: String?

    @Flag(help: "Promote without a passing validation report (needs --reason).")
    var force = false

    func validate() throws {
        if force, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--force needs --reason: why the version goes to production without a passing report")
        }
    }

    func run() async throws {
        try await RegistryContext.runLifecycle(
            .promote(version), options: options, model: modelOption.model, by: by, reason: reason, force: force)
    }
}
