import ArgumentParser
import DataFormats
import Registry

/// `warden models tag VERSION TAG...`.
struct ModelsTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Replace a version's tags (duplicates dropped; no tag clears them).")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    @Argument(help: "The tags.")
    var tags: [String] = []

    func validate() throws {
        if tags.contains(where: \.isEmpty) { throw ValidationError("tags must not be empty") }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let model = try await context.model(modelOption.model)
            let before = try await context.app.models.record(model: model, version: version).tags
            try await context.perform(
                .tag, by: nil, model: model, target: model + "/" + version,
                details: ["before": .array(before.map(JSONValue.string)), "tags": .array(tags.map(JSONValue.string))]
            ) { _ in try await context.app.models.setTags(tags, model: model, version: version) }
            let record = try await context.app.models.record(model: model, version: version)
            if options.json {
                print(
                    "{\"model\":\(JSONString.quoted(model)),\"version\":\(JSONString.quoted(version)),"
                        + "\"tags\":\(Output.json(record.tags))}")
            } else {
                let tags = record.tags.isEmpty ? "(none)" : record.tags.joined(separator: ", ")
                print("\(model) \(version) tags: \(tags)")
            }
        }
    }
}
