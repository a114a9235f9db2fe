import ArgumentParser
import Foundation
import Registry
import AccessControl
import DataFormats

/// `warden keys rotate ID`: a new secret for the same key id, name and role; the old secret stops working.
struct KeysRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Give an API key a new secret and print it once; the old one stops working.")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The key id (12 hex digits, as `warden keys list` shows).")
    var id: String

    @Option(help: "Who rotates it (default: $USER).")
    var by: String?

    func validate() throws {
        try KeysCommand.validate(id: id)
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            // Same id, new secret: the token changes, the record stays the same key.
            let material = APIKeyMaterial.newSecret(for: id)
            var rotated: APIKeyRecord?
            let actor = RegistryContext.auditActor(by)
            try await KeysCommand.audited("key.rotate", id: id, actor: actor, store: context.store) {
                guard var key = try await context.store.key(id: id) else { throw RegistryError.keyNotFound(id) }
                if let revokedAt = key.revokedAt { throw RegistryError.keyRevoked(id, at: revokedAt) }
                let before = Self.state(key.rotatedAt)
                (key.salt, key.hash) = KeyHasher.salted(material.secret)
                key.rotatedAt = Date()
                // The store refuses the update too if the key was revoked in the meantime.
                try await context.store.updateKey(key)
                rotated = key
                return (before, Self.state(key.rotatedAt))
            }
            guard let rotated else { return }
            KeysCommand.printToken(material, of: rotated, verb: "rotated", json: options.json)
        }
    }

    /// `{"rotated_at":…}` for the audit log.
    static func state(_ rotatedAt: Date?) -> String {
        "{\"rotated_at\":\(rotatedAt.map { JSONString.quoted(Output.date($0)) } ?? "null")}"
    }
}
