import ArgumentParser
import Foundation
import Registry
import AccessControl
import DataFormats

/// `warden keys create|list|rotate|revoke`: the API keys the server accepts. Every change is written to the audit
/// log (`warden audit`), a refused one too.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list, rotate or revoke API keys.",
        subcommands: [
            KeysCreateCommand.self, KeysListCommand.self, KeysRotateCommand.self, KeysRevokeCommand.self,
        ])

    /// Refuses an id argument that cannot name a key, before the registry is opened.
    static func validate(id: String) throws {
        let hex = id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        guard id.utf8.count == APIKeyMaterial.idLength, hex else {
            throw ValidationError(
                "'\(id.prefix(64))' is not a key id; give the 12 lowercase hex digits `warden keys list` shows")
        }
    }

    /// A JSON array of the models, or `null` for every model.
    static func models(_ models: [String]?) -> String {
        models.map { "[" + $0.map(JSONString.quoted).joined(separator: ",") + "]" } ?? "null"
    }

    /// Prints a new token once: as `{"id","name","role","models","key"}` with `--json`, else with a warning that it
    /// is not shown again.
    static func printToken(_ material: APIKeyMaterial, of key: APIKeyRecord, verb: String, json: Bool) {
        if json {
            return print(
                "{\"id\":\(JSONString.quoted(key.id)),\"name\":\(JSONString.quoted(key.name)),"
                    + "\"role\":\(JSONString.quoted(key.role)),\"models\":\(models(key.models)),"
                    + "\"key\":\(JSONString.quoted(material.token))}")
        }
        let scope = key.models?.joined(separator: ",") ?? "all"
        print("\(verb) API key \(key.id) '\(key.name)' (\(key.role), models: \(scope))")
        print(material.token)
        print("This key will not be shown again: store it now. Warden keeps only a salted hash of it.")
    }
}

/// What `warden keys rotate|revoke` take: the registry, the key id (checked before the registry is opened) and who
/// asks.
struct KeyTarget: ParsableArguments {
    @OptionGroup var options: RegistryOptions

    @Argument(help: "The key id (12 hex digits, as `warden keys list` shows).")
    var id: String

    @Option(help: "Who asks (default: $USER).")
    var by: String?

    func validate() throws {
        try KeysCommand.validate(id: id)
    }
}
