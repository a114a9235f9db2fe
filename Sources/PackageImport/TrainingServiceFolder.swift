import DataFormats
public import Foundation
public import Registry

/// The training service's output folder (seed 002's ModelTransferService): packages under `<root>/models/<name>/`,
/// each with a metadata.json. Used by the CLI's `training-service` commands and the server's endpoints.
public struct TrainingServiceFolder: Sendable {
    /// The training service directory.
    public let root: URL

    /// One folder of `<root>/models/` that holds a metadata.json.
    public struct Entry: Sendable, Equatable, Codable {
        /// The folder's name under models/.
        public var name: String
        /// Its full path.
        public var path: String
        /// metadata.json → model_info.version.
        public var version: String?
        /// metadata.json → model_info.created_at.
        public var createdAt: String?
        /// metadata.json → model_info.model_type.
        public var modelType: String?
        /// metadata.json → training_info.training_samples.
        public var trainingSamples: Int?
        /// A version with this name exists in the store (any model).
        public var imported: Bool
        /// Why metadata.json could not be read; nil when it was.
        public var problem: String?

        enum CodingKeys: String, CodingKey {
            case name, path, version, imported, problem
            case createdAt = "created_at", modelType = "model_type", trainingSamples = "training_samples"
        }
    }

    /// Opens the folder.
    ///
    /// - Throws: `storage_error` when the path is not an existing directory.
    public init(path: String) throws(ImportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportError(
                .storage, "the training service directory \(path) does not exist or is not a directory; "
                    + "check --path or integration.training_service_path")
        }
        root = URL(fileURLWithPath: path).standardizedFileURL
    }

    /// `<root>/models`.
    public var modelsDirectory: URL { root.appendingPathComponent("models") }

    /// Every folder holding metadata.json, newest first by created_at; folders whose metadata cannot be read come
    /// last, by name. No models/ folder → empty.
    public func scan(store: any RegistryStore) async throws(RegistryError) -> [Entry] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: modelsDirectory.path) else { return [] }
        let known = try await Self.versions(store)
        var found: [Entry] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let dir = modelsDirectory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue,
                Self.isDirectChild(dir, of: modelsDirectory)
            else { continue }
            let metadataURL = dir.appendingPathComponent("metadata.json")
            guard fm.fileExists(atPath: metadataURL.path) else { continue }
            var entry = Entry(name: name, path: dir.path, imported: false)
            if let problem = Self.read(metadataURL, into: &entry) {
                entry.problem = problem
            } else {
                entry.imported = entry.version.map(known.contains) ?? false
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

    /// The folder `<root>/models/<name>`, checked: a plain name (no separators, `.` or `..`), an existing directory,
    /// and no symbolic link leading out of models/.
    ///
    /// - Throws: `invalid_path` for a name that is not a plain folder name or leads outside `models/`,
    ///   `package_not_found` when there is no such folder.
    public func folder(named name: String) throws(ImportError) -> URL {
        guard Self.isFolderName(name) else {
            throw ImportError(
                .invalidPath, "'\(name)' is not a folder name under models/; give the name only (no '/', '..' or '.')")
        }
        let dir = modelsDirectory.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportError(
                .packageNotFound,
                "no folder '\(name)' under \(modelsDirectory.path); list the training service's models first "
                    + "(`warden training-service scan`)")
        }
        guard Self.isDirectChild(dir, of: modelsDirectory) else {
            throw ImportError(.invalidPath, "'\(name)' leads outside \(modelsDirectory.path); refusing to import it")
        }
        return dir
    }

    /// A plain folder name: not empty, not `.` or `..`, no separators or NUL.
    public static func isFolderName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !name.contains("\0")
    }

    /// Imports `<root>/models/<name>/` and records the transfer, imported or failed.
    ///
    /// - Parameters:
    ///   - fallbackModel: the model a failed transfer is recorded under.
    ///   - version: the version a scan found, recorded for a failure that names none.
    /// - Returns: the import's result, or the import error (already recorded in the transfer history).
    public func importFolder(
        _ name: String, importer: PackageImporter, fallbackModel: String, version: String? = nil
    ) async -> Result<ImportResult, ImportError> {
        let dir: URL
        do { dir = try folder(named: name) } catch { return .failure(error) }
        let source = dir.path
        let outcome: Result<ImportResult, ImportError>
        do throws(ImportError) {
            outcome = .success(try await importer.import(fileAt: dir, origin: .other("training-service:\(source)")))
        } catch {
            outcome = .failure(error)
        }
        let event: TransferEvent
        switch outcome {
        case .success(let result):
            event = TransferEvent(
                source: source, model: result.record.model, version: result.record.version, status: "imported",
                at: Date())
        case .failure(let error):
            event = TransferEvent(
                source: source, model: fallbackModel, version: error.version ?? version ?? name, status: "failed",
                at: Date(),
                message: "\(error.code.rawValue): \(error.description)")
        }
        do { try await importer.store.recordTransfer(event) } catch {
            if case .success = outcome { return .failure(ImportError(.storage, error.description)) }
        }
        return outcome
    }

    /// Reads model_info.version / created_at / model_type and training_info.training_samples; returns the problem.
    static func read(_ url: URL, into entry: inout Entry) -> String? {
        guard let data = try? Data(contentsOf: url) else { return "cannot read metadata.json" }
        guard let json = try? JSONValue.parse(data), case .object(let object) = json else {
            return "metadata.json is not a JSON object"
        }
        guard case .object(let info)? = object["model_info"] else { return "metadata.json has no model_info object" }
        guard let version = info["version"]?.string, !version.isEmpty else {
            return "metadata.json has no model_info.version string"
        }
        guard let createdAt = info["created_at"]?.string else {
            return "metadata.json has no model_info.created_at string"
        }
        entry.version = version
        entry.createdAt = createdAt
        entry.modelType = info["model_type"]?.string
        if let n = object["training_info"]?["training_samples"]?.number, n == n.rounded(), abs(n) < 1e15 {
            entry.trainingSamples = Int(n)
        }
        return nil
    }

    /// Every version name in the store, over all models.
    static func versions(_ store: any RegistryStore) async throws(RegistryError) -> Set<String> {
        var names: Set<String> = []
        for model in try await store.models() {
            for record in try await store.records(model: model) { names.insert(record.version) }
        }
        return names
    }

    /// `dir`, with symbolic links resolved, is still directly inside `parent` (resolved too).
    static func isDirectChild(_ dir: URL, of parent: URL) -> Bool {
        dir.resolvingSymlinksInPath().deletingLastPathComponent().path == parent.resolvingSymlinksInPath().path
    }
}
