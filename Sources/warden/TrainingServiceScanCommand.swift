import ArgumentParser
import DataFormats
import Foundation
import WardenApp

/// `warden training-service scan [--path P] [--json]`.
struct TrainingServiceScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "List the training service's models (folders of models/ with metadata.json), newest first.",
        discussion: "`imported` is true when a version of that name is in the registry; a folder whose "
            + "metadata.json cannot be read is listed with the problem.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var service: TrainingServiceOptions

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let (folder, models) = try await context.app.imports.scanTrainingService(path: service.path)
            let root = folder.root
            if options.json {
                return print("{\"path\":\(JSONString.quoted(root.path)),\"models\":\(Output.json(models.map(TrainingServiceModel.init)))}")
            }
            for m in models {
                if let problem = m.problem {
                    print("\(m.name)  unreadable: \(problem)  \(m.path)")
                } else {
                    print(
                        "\(m.version ?? "-")  \(m.createdAt ?? "-")  \(m.modelType ?? "-")  "
                            + "samples \(m.trainingSamples.map(String.init) ?? "-")  "
                            + "\(m.imported ? "imported" : "new")  \(m.path)")
                }
            }
            if models.isEmpty { print("no models in \(root.appendingPathComponent("models").path)") }
        }
    }
}
