import ArgumentParser
import DataFormats
import Registry

/// `warden models describe VERSION TEXT`.
struct ModelsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Replace a version's description (an empty TEXT clears it).")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Argument(help: "The description.")
    var text: String

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let model = try await context.model(modelOption.model)
            try await context.perform(.describe, by: nil, model: model, target: model + "/" + version) { _ in
                try await context.app.models.setDescription(text.isEmpty ? nil : text, model: model, version: version)
            }
            if options.json {
                print(
                    "{\"model\":\(JSONString.quoted(model)),\"version\":\(JSONString.quoted(version)),"
                        + "\"description\":\(text.isEmpty ? "null" : JSONString.quoted(text))}")
            } else {
                print("\(model) \(version) description: \(text.isEmpty ? "(none)" : text)")
            }
        }
    }
}
