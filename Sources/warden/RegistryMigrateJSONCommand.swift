import ArgumentParser
import DataFormats
import Foundation
import Registry

/// `warden registry migrate-json PATH [--model M]`.
struct RegistryMigrateJSONCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-json",
        abstract: "Copy the Python service's model_registry.json into the registry, reporting skipped entries.",
        discussion: "Versions the model already has are skipped with duplicate_version; nothing else is changed.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The legacy model_registry.json.")
    var path: String

    struct Entry: Encodable {
        var entry: String
        var reason: String
        var code: String?
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let model = try await context.model(modelOption.model)
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw RegistryError(
                    .storage, "cannot read \(path); pass the model_registry.json file",
                    cause: LocalizedCause(error: error))
            }
            let legacy = try LegacyRegistry.parse(data, model: model, now: Date())
            var migrated: [String] = []
            var skipped = legacy.skipped.map { Entry(entry: $0.entry, reason: $0.reason, code: $0.code?.rawValue) }
            for record in legacy.records {
                if let problem = await insert(record, into: context) {
                    if let fatal = problem.fatal { throw fatal }
                    skipped.append(Entry(entry: record.version, reason: problem.message, code: problem.code))
                } else {
                    migrated.append(record.version)
                }
            }
            let notes = legacy.notes.map { Entry(entry: $0.entry, reason: $0.reason, code: $0.code?.rawValue) }
            if options.json {
                print(
                    "{\"model\":\(JSONString.quoted(model)),\"format\":\(JSONString.quoted(legacy.format.rawValue)),"
                        + "\"migrated\":\(Output.json(migrated)),\"skipped\":\(Output.json(skipped)),"
                        + "\"notes\":\(Output.json(notes))}")
            } else {
                print("migrated \(migrated.count) version(s) of \(model): \(migrated.joined(separator: ", "))")
                for s in skipped { print("  skipped \(s.entry): \(s.reason)") }
                for n in notes { print("  note \(n.entry): \(n.reason)") }
            }
        }
    }

    /// Inserts one record; a duplicate or malformed record is a skip, a storage failure is fatal.
    private func insert(
        _ record: VersionRecord, into context: RegistryContext
    ) async -> (message: String, code: String, fatal: RegistryError?)? {
        let error: RegistryError
        do { try await context.app.imports.registerMigrated(record); return nil } catch let e { error = e }
        let skippable: Set<RegistryError.Code> = [.duplicateVersion, .invalidRecord, .invalidVersion]
        return (error.message, error.code.rawValue, skippable.contains(error.code) ? nil : error)
    }
}
