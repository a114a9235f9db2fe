import ArgumentParser
import Foundation
import WardenApp

/// `warden training-service import-latest [--path P] [--json]`.
struct TrainingServiceImportLatestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-latest",
        abstract: "Import the newest training-service model not yet in the registry.",
        discussion: "Nothing new exits 0 with \"no new models\". The transfer (imported or failed) is recorded "
            + "in `warden history --kind transfers`; a refused package exits with its import code's status.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var service: TrainingServiceOptions

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            try await TrainingService.run(context, target: "training-service:latest", json: options.json) {
                try await context.app.imports.importLatest(path: service.path)
            }
        }
    }
}
