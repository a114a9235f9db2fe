import ArgumentParser
import ModelPackage
import Registry

/// `warden validate VERSION [--model M] [--json]`.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Print the validation report stored when the version was imported.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The version.")
    var version: String

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let model = try await context.model(modelOption.model)
            let record = try await context.app.models.record(model: model, version: version)
            guard let report = record.validationReport else {
                if options.json { return print("null") }
                return print(
                    "version '\(version)' of model '\(model)' has no stored validation report (not imported from a "
                        + "package)")
            }
            if options.json { return print(Output.json(report)) }
            print("valid: \(report.isValid)  score: \(report.score)  layout: \(report.layout.rawValue)")
            if let m = report.model { print("model: \(m.className), \(m.nFeaturesIn) features") }
            for (label, issues) in [
                ("error", report.errors), ("warning", report.warnings), ("recommendation", report.recommendations),
                ("note", report.notes),
            ] {
                for i in issues { print("  \(label) \(i.code.rawValue): \(i.message)") }
            }
        }
    }
}
