import ArgumentParser
import Registry

/// `warden models show VERSION [--model M]`.
struct ModelsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one version: status, files, inference settings, tags.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let r = try await context.app.models.record(model: try await context.model(modelOption.model), version: version)
            if options.json {
                print(Output.json(r))
                return
            }
            print("model:        \(r.model)")
            print("version:      \(r.version)")
            print("status:       \(r.status.rawValue)")
            if let f = r.failureReason { print("failure:      \(f)") }
            print("imported at:  \(Output.date(r.importedAt))")
            print("source:       \(r.importSource)")
            if !r.tags.isEmpty { print("tags:         \(r.tags.joined(separator: ", "))") }
            if let d = r.description { print("description:  \(d)") }
            if let t = r.inferenceConfig.threshold { print("threshold:    \(t)") }
            if let report = r.validationReport { print("validation:   score \(report.score), valid \(report.isValid)") }
            print("files:")
            for f in r.files { print("  \(f.name)  \(f.size) bytes  \(f.sha256)") }
        }
    }
}
