import ArgumentParser
import Foundation
import WardenApp

/// `warden training-service import NAME [--path P] [--json]`.
struct TrainingServiceImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import one training-service model by its folder name under models/.",
        discussion: "NAME is a folder name, never a path: '/', '..' and anything that is not a direct child of "
            + "models/ are refused. The transfer (imported or failed) is recorded in "
            + "`warden history --kind transfers`.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var service: TrainingServiceOptions

    @Argument(help: "The folder name under <training service>/models/.")
    var name: String

    func validate() throws {
        try TrainingService.checkName(name)
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            try await TrainingService.run(context, target: "training-service:\(name)", json: options.json) {
                try await context.app.imports.importFromTrainingService(name, path: service.path)
            }
        }
    }
}
