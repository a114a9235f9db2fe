import ArgumentParser
import Foundation
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

/// One folder of `<training service>/models/` that holds a metadata.json.
struct TrainingServiceModel: Encodable {
    /// The folder's name under models/.
    var name: String
    var path: String
    var version: String?
    var createdAt: String?
    var modelType: String?
    var trainingSamples: Int?
    /// A version with this name exists in the store (any model).
    var imported: Bool
    /// Why metadata.json could not be read; nil when it was.
    var problem: String?

    enum CodingKeys: String, CodingKey {
        case name, path, version, imported, problem
        case createdAt = "created_at", modelType = "model_type", trainingSamples = "training_samples"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(path, forKey: .path)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(modelType, forKey: .modelType)
        try c.encode(trainingSamples, forKey: .trainingSamples)
        try c.encode(imported, forKey: .imported)
        try c.encode(problem, forKey: .problem)
    }
}

/// Reading the training service folder and importing from it.
enum TrainingService {
    /// `--path`, else `integration.training_service_path`; neither → `invalid_value` (92).
    static func root(_ options: TrainingServiceOptions, _ context: RegistryContext) throws -> URL {
        guard let path = options.path ?? context.configuration.integration.trainingServicePath, !path.isEmpty else {
            throw ConfigurationError([
                ConfigurationError.Issue(
                    .invalidValue, path: "integration.training_service_path",
                    "no training service directory: pass --path or set integration.training_service_path"),
            ])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportError(
                .storage, "the training service directory \(path) does not exist or is not a directory; "
                    + "check --path or integration.training_service_path")
        }
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    /// Every folder of `<root>/models/` holding metadata.json, newest first by created_at; folders whose metadata
    /// cannot be read come last, by name. No models/ folder → empty.
    static func scan(_ root: URL, store: any RegistryStore) async throws -> [TrainingServiceModel] {
        let fm = FileManager.default
        let modelsDir = root.appendingPathComponent("models")
        guard let names = try? fm.contentsOfDirectory(atPath: modelsDir.path) else { return [] }
        let known = try await versions(store)
        var found: [TrainingServiceModel] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let dir = modelsDir.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue,
                isDirectChild(dir, of: modelsDir)
            else { continue }
            let metadataURL = dir.appendingPathComponent("metadata.json")
            guard fm.fileExists(atPath: metadataURL.path) else { continue }
            var entry = TrainingServiceModel(name: name, path: dir.path, imported: false)
            do {
                try read(metadataURL, into: &entry)
                entry.imported = entry.version.map(known.contains) ?? false
            } catch {
                entry.problem = "\(error)"
            }
            found.append(entry)
        }
        return found.sorted { a, b in
            switch (a.problem, b.problem) {
            case (nil, nil):
                let (ca, cb) = (a.createdAt ?? "", b.createdAt ?? "")
                return ca != cb ? ca > cb : a.name < b.name
            case (nil, _): return true
            case (_, nil): return false
            default: return a.name < b.name
            }
        }
    }

    struct MetadataProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads model_info.version / created_at / model_type and training_info.training_samples.
    static func read(_ url: URL, into entry: inout TrainingServiceModel) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MetadataProblem(description: "cannot read metadata.json: \(error.localizedDescription)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MetadataProblem(description: "metadata.json is not a JSON object")
        }
        guard let info = object["model_info"] as? [String: Any] else {
            throw MetadataProblem(description: "metadata.json has no model_info object")
        }
        guard let version = info["version"] as? String, !version.isEmpty else {
            throw MetadataProblem(description: "metadata.json has no model_info.version string")
        }
        guard let createdAt = info["created_at"] as? String else {
            throw MetadataProblem(description: "metadata.json has no model_info.created_at string")
        }
        entry.version = version
        entry.createdAt = createdAt
        entry.modelType = info["model_type"] as? String
        let samples = (object["training_info"] as? [String: Any])?["training_samples"]
        if let n = samples as? Int {
            entry.trainingSamples = n
        } else if let n = samples as? NSNumber {
            entry.trainingSamples = n.intValue
        }
    }

    /// Every version name in the store, over all models.
    static func versions(_ store: any RegistryStore) async throws -> Set<String> {
        var names: Set<String> = []
        for model in try await store.models() {
            for record in try await store.records(model: model) { names.insert(record.version) }
        }
        return names
    }

    /// Imports `<root>/models/<name>/`, records the transfer (imported or failed) and prints like `warden import`.
    /// `name` must be a direct child of models/: no separators, no `.`/`..`, and no symbolic link leading out.
    static func importFolder(
        _ name: String, root: URL, version: String?, context: RegistryContext, json: Bool
    ) async throws {
        try checkName(name)
        let fm = FileManager.default
        let modelsDir = root.appendingPathComponent("models")
        let dir = modelsDir.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportError(
                .storage, "no folder '\(name)' under \(modelsDir.path); see `warden training-service scan`")
        }
        guard isDirectChild(dir, of: modelsDir) else {
            throw ImportError(.storage, "'\(name)' leads outside \(modelsDir.path); refusing to import it")
        }
        let source = dir.path
        let outcome: Result<ImportResult, ImportError>
        do throws(ImportError) {
            outcome = .success(
                try await context.importer.import(fileAt: dir, origin: .other("training-service:\(source)")))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let result):
            try await context.store.recordTransfer(
                TransferEvent(
                    source: source, model: result.record.model, version: result.record.version, status: "imported",
                    at: Date()))
            ImportCommand.printResult(result, json: json)
        case .failure(let error):
            try await context.store.recordTransfer(
                TransferEvent(
                    source: source, model: context.configuration.model.name ?? RegistryContext.fallbackModel,
                    version: error.version ?? version ?? name, status: "failed", at: Date(),
                    message: "\(error.code.rawValue): \(error.description)"))
            ImportCommand.printRefusal(error, json: json)
            throw error
        }
    }

    /// `dir`, with symbolic links resolved, is still directly inside `parent` (resolved too).
    static func isDirectChild(_ dir: URL, of parent: URL) -> Bool {
        dir.resolvingSymlinksInPath().deletingLastPathComponent().path == parent.resolvingSymlinksInPath().path
    }

    /// A folder name, never a path.
    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\\"),
            !name.contains("\0")
        else {
            throw ValidationError(
                "'\(name)' is not a folder name under models/; give the name only (no '/', '..' or '.')")
        }
    }
}
