import ArgumentParser
import Registry

/// `warden models compare A B`.
struct ModelsCompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Two versions' metrics side by side (difference is B − A).")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var modelOption: ModelOption

    @Argument(help: "The first version.")
    var a: String

    @Argument(help: "The second version.")
    var b: String

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let comparison = try await context.app.models.compare(model: try await context.model(modelOption.model), a, b)
            if options.json {
                print(Output.json(comparison))
                return
            }
            func cell(_ d: Double?) -> String { d.map { String($0) } ?? "-" }
            print("metric  \(comparison.a)  \(comparison.b)  difference")
            for m in comparison.metrics { print("\(m.name)  \(cell(m.a))  \(cell(m.b))  \(cell(m.difference))") }
        }
    }
}
