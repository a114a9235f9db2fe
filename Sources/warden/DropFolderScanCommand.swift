import ArgumentParser
import DataFormats
import Foundation
import WardenApp
import PackageImport

/// `warden drop-folder scan [--json]`.
struct DropFolderScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Import every ZIP and package folder in <data-dir>/drop, moving each to processed/ or failed/.",
        discussion: "The folder is created when missing. Names starting with '.' or ending in .part/.tmp are "
            + "skipped. Each item's outcome is printed; the command exits 0 even when items failed (see failed/ "
            + "and its .error.json files).")

    @OptionGroup var options: RegistryOptions

    struct Item: Encodable {
        var name: String
        var outcome: String
        var model: String?
        var version: String?
        var status: String?
        var code: String?
        var message: String?
        var movedTo: String?

        enum CodingKeys: String, CodingKey {
            case name, outcome, model, version, status, code, message
            case movedTo = "moved_to"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(model, forKey: .model)
            try c.encode(version, forKey: .version)
            try c.encode(status, forKey: .status)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
            try c.encode(movedTo, forKey: .movedTo)
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let drop = context.app.settings.dropFolder
            do {
                try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
            } catch {
                throw ImportError(
                    .storage, "cannot create the drop folder \(drop.path)", cause: LocalizedCause(error: error))
            }
            let scanned = try await context.perform(.importPackage, by: nil, model: nil, target: drop.path) { _ in
                await context.app.imports.scanDropFolder(at: drop)
            }
            let items = scanned.map { item -> Item in
                let moved = item.movedTo.map {
                    $0.deletingLastPathComponent().lastPathComponent + "/" + $0.lastPathComponent
                }
                switch item.outcome {
                case .success(let r):
                    return Item(
                        name: item.name, outcome: "imported", model: r.record.model, version: r.record.version,
                        status: r.record.status.rawValue, movedTo: moved)
                case .failure(let e):
                    return Item(
                        name: item.name, outcome: "failed", version: e.version, code: e.code.rawValue,
                        message: e.description, movedTo: moved)
                }
            }
            if options.json {
                return print("{\"drop\":\(JSONString.quoted(drop.path)),\"items\":\(Output.json(items))}")
            }
            for i in items {
                let target = "  -> \(i.movedTo ?? "(not moved)")"
                if i.outcome == "imported" {
                    print(
                        "imported \(i.name): \(i.model ?? "-") \(i.version ?? "-") (status \(i.status ?? "-"))"
                            + target)
                } else {
                    print("failed \(i.name): \(i.code ?? "-"): \(i.message ?? "")\(target)")
                }
            }
            if items.isEmpty { print("nothing to import in \(drop.path)") }
        }
    }
}
