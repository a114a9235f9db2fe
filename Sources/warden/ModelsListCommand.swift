import ArgumentParser
import Foundation
import Registry
import WardenApp

/// `warden models list [--model M]`.
struct ModelsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every model's versions (oldest first) with their status.")

    @OptionGroup var options: RegistryOptions

    @Option(help: "Only this model.")
    var model: String?

    struct Row: Encodable {
        var model: String
        var version: String
        var status: String
        var importedAt: Date
        var tags: [String]
        var description: String?
        var failureReason: String?

        enum CodingKeys: String, CodingKey {
            case model, version, status, tags, description
            case importedAt = "imported_at", failureReason = "failure_reason"
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            // Oldest first per model, as the registry orders them.
            var models: [String]
            if let model { models = [model] } else {
                models = try await context.app.models.models(visibleTo: .commandLine(by: nil))
            }
            var rows: [Row] = []
            for m in models {
                for r in try await context.app.models.page(model: m).versions.reversed() {
                    rows.append(
                        Row(
                            model: r.model, version: r.version, status: r.status.rawValue, importedAt: r.importedAt,
                            tags: r.tags, description: r.description, failureReason: r.failureReason))
                }
            }
            if options.json {
                print("{\"versions\":\(Output.json(rows))}")
            } else if rows.isEmpty {
                print("no versions")
            } else {
                for r in rows {
                    var line = "\(r.model)  \(r.version)  \(r.status)  \(Output.date(r.importedAt))"
                    if !r.tags.isEmpty { line += "  [\(r.tags.joined(separator: ", "))]" }
                    if let d = r.description { line += "  \(d)" }
                    if let f = r.failureReason { line += "  (failed: \(f))" }
                    print(line)
                }
            }
        }
    }
}
