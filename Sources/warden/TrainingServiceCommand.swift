import ArgumentParser
import Foundation
import WardenApp
import PackageImport
import Registry
import WardenConfig

/// `warden training-service ...`: packages the training service wrote under `<path>/models/<name>/` (seed 002's
/// ModelTransferService).
struct TrainingServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training-service",
        abstract: "List and import the model packages of the training service.",
        subcommands: [
            TrainingServiceScanCommand.self, TrainingServiceImportLatestCommand.self,
            TrainingServiceImportCommand.self,
        ])
}

/// `--path P`, shared by the training-service commands.
struct TrainingServiceOptions: ParsableArguments {
    @Option(help: "The training service directory (default: the configuration's integration.training_service_path).")
    var path: String?

    func validate() throws {
        if let path, path.isEmpty { throw ValidationError("--path must not be empty") }
    }
}

/// One folder of `<training service>/models/` as `training-service scan --json` prints it: the library's entry
/// with every field present (null when unknown).
struct TrainingServiceModel: Encodable {
    let entry: TrainingServiceFolder.Entry

    enum CodingKeys: String, CodingKey {
        case name, path, version, imported, problem
        case createdAt = "created_at", modelType = "model_type", trainingSamples = "training_samples"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry.name, forKey: .name)
        try c.encode(entry.path, forKey: .path)
        try c.encode(entry.version, forKey: .version)
        try c.encode(entry.createdAt, forKey: .createdAt)
        try c.encode(entry.modelType, forKey: .modelType)
        try c.encode(entry.trainingSamples, forKey: .trainingSamples)
        try c.encode(entry.imported, forKey: .imported)
        try c.encode(entry.problem, forKey: .problem)
    }
}

/// The CLI side of the training service: which folder, and printing. Scanning and importing are
/// ``TrainingServiceFolder``'s, shared with the server.
enum TrainingService {
    /// Runs an import from the training service (audited) and prints like `warden import`; a refusal is printed
    /// with its report and rethrown.
    static func run(
        _ context: RegistryContext, target: String, json: Bool, _ body: () async throws -> ImportResult?
    ) async throws {
        do {
            let result = try await context.perform(.importPackage, by: nil, model: nil, target: target) { _ in
                try await body()
            }
            guard let result else {
                if json { return print("{\"imported\":null,\"message\":\"no new models\"}") }
                return print("no new models")
            }
            ImportCommand.printResult(result, json: json)
        } catch let error as ImportError {
            ImportCommand.printRefusal(error, json: json)
            throw error
        }
    }

    /// A folder name, never a path (a usage error, before anything is opened).
    static func checkName(_ name: String) throws {
        guard TrainingServiceFolder.isFolderName(name) else {
            throw ValidationError(
                "'\(name)' is not a folder name under models/; give the name only (no '/', '..' or '.')")
        }
    }
}
