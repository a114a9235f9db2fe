import ArgumentParser
import DataFormats
import Foundation
import WardenApp
import Registry

/// `warden keys revoke ID`: the key stops working at once, on every server sharing the registry; it stays listed.
struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API key for good; servers refuse it within a second.")

    @OptionGroup var target: KeyTarget

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(target.options)
            let revoked = try await context.perform(.revokeKey, by: target.by, model: nil, target: "key:\(target.id)") { _ in
                try await context.app.security.revokeKey(id: target.id)
            }
            guard let at = revoked.revokedAt else { return }
            if target.options.json {
                return print(
                    "{\"id\":\(JSONString.quoted(revoked.id)),\"name\":\(JSONString.quoted(revoked.name)),"
                        + "\"revoked_at\":\(JSONString.quoted(Output.date(at)))}")
            }
            print("revoked API key \(revoked.id) '\(revoked.name)' at \(Output.date(at))")
        }
    }
}
