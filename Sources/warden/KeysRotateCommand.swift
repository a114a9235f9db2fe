import ArgumentParser
import Foundation
import WardenApp
import Registry
import AccessControl
import DataFormats

/// `warden keys rotate ID`: a new secret for the same key id, name and role; the old secret stops working.
struct KeysRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Give an API key a new secret and print it once; the old one stops working.")

    @OptionGroup var target: KeyTarget

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(target.options)
            // Same id, new secret: the token changes, the record stays the same key.
            let (rotated, material) = try await context.perform(.rotateKey, by: target.by, model: nil, target: "key:\(target.id)") { _ in
                try await context.app.security.rotateKey(id: target.id)
            }
            KeysCommand.printToken(material, of: rotated, verb: "rotated", json: target.options.json)
        }
    }
}
