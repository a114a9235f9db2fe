import ArgumentParser
import Foundation
import WardenApp
import Registry
import AccessControl

/// `warden keys create --name N --role viewer|operator|admin [--models a,b] [--by WHO]`.
struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API key and print it once.")

    @OptionGroup var options: RegistryOptions

    @Option(help: "A unique name for people, e.g. the client that will use the key.")
    var name: String

    @Option(help: "What the key may do: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
    var role: String

    @Option(help: "Comma-separated models the key may act on (default: every model).")
    var models: String?

    @Option(help: "Who creates it (default: $USER).")
    var by: String?

    /// The `--models` list, nil for every model.
    var modelList: [String]? {
        models.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func validate() throws {
        guard Role(rawValue: role) != nil else {
            throw ValidationError(
                "--role '\(role)' is not a role; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !name.isEmpty else { throw ValidationError("--name must not be empty") }
        for model in modelList ?? [] {
            do {
                try VersionName.checkModelName(model)
            } catch {
                throw ValidationError("--models: \(error.message)")
            }
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let role = Role(rawValue: role) ?? .viewer  // checked in validate()
            let material = APIKeyMaterial.generate()
            let (key, _) = try await context.perform(.createKey, by: by, model: nil, target: "key:\(material.id)") {
                caller in
                try await context.app.security.createKey(
                    name: name, role: role, models: modelList, caller: caller, material: material)
            }
            KeysCommand.printToken(material, of: key, verb: "created", json: options.json)
        }
    }
}
