import Foundation
import ModelRuntime
import PackageImport
import Registry
import RegistrySQLite
import WardenConfig

/// The opened registry: configuration, SQLite store at `<data-dir>/registry.sqlite`, artifacts at
/// `<data-dir>/artifacts`, and the importer (whose `recover()` ran once on open).
struct RegistryContext {
    /// The model name used when a package or a command names none.
    static let fallbackModel = "wifi-anomaly"

    let configuration: WardenConfiguration
    let dataDirectory: URL
    let store: SQLiteRegistryStore
    let artifacts: FileArtifactStore
    let importer: PackageImporter

    /// Loads the configuration, opens the stores and runs start-up recovery.
    ///
    /// - Throws: ``ConfigurationError``, ``RegistryError`` or ``ImportError`` (`storage_error`).
    static func open(_ options: RegistryOptions) async throws -> RegistryContext {
        let configuration = try ConfigurationLoader.load(
            file: options.config, dataDirectory: options.dataDir, environment: ProcessInfo.processInfo.environment)
        let data = URL(fileURLWithPath: configuration.dataDirectory)
        do {
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        } catch {
            throw RegistryError(
                .storage, "cannot create the data directory \(data.path); pass a writable --data-dir",
                cause: error.localizedDescription)
        }
        let store = try SQLiteRegistryStore(path: data.appendingPathComponent("registry.sqlite").path)
        let artifacts = FileArtifactStore(root: data.appendingPathComponent("artifacts"))
        let importer = PackageImporter(
            store: store, artifacts: artifacts,
            configuration: PackageImporter.Configuration(defaultModel: configuration.model.name ?? fallbackModel))
        try await importer.recover()
        return RegistryContext(
            configuration: configuration, dataDirectory: data, store: store, artifacts: artifacts, importer: importer)
    }

    /// The model a command acts on: `--model`, else the configuration's `model.name`, else the only model in the
    /// store, else `wifi-anomaly`.
    func model(_ explicit: String?) async throws(RegistryError) -> String {
        if let explicit { return explicit }
        if let name = configuration.model.name { return name }
        let models = try await store.models()
        if models.count == 1 { return models[0] }
        return Self.fallbackModel
    }

    /// The body of every lifecycle subcommand: opens the registry, plans `command` for the chosen model, loads and
    /// verifies the version first when the plan asks for it, commits, and prints the outcome.
    static func runLifecycle(
        _ command: LifecycleCommand, options: RegistryOptions, model: String?, by: String?, reason: String? = nil
    ) async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let plan = try await context.perform(
                command, model: try await context.model(model), actor: RegistryContext.actor(by), reason: reason)
            LifecycleOutput.print(LifecyclePlanSummary(plan), json: options.json)
        }
    }

    /// Plans a lifecycle command, performs its load-and-verify action, and commits it. A version that fails to
    /// load is marked `failed` (with the reason) and the load error is thrown.
    func perform(
        _ command: LifecycleCommand, model: String, actor: String, reason: String? = nil
    ) async throws -> LifecyclePlan {
        let plan = try await store.lifecycle(model: model).plan(command, actor: actor, reason: reason, at: Date())
        if case .loadAndVerify(let m, let v)? = plan.action {
            do throws(ModelRuntimeError) {
                try await verify(model: m, version: v)
            } catch {
                let failed = try await store.lifecycle(model: m).plan(
                    .markFailed(v, reason: error.message), actor: actor, reason: reason, at: Date())
                try await store.commit(failed)
                throw ModelRuntimeError(
                    error.code, "version '\(v)' of model '\(m)' did not load and is now failed: \(error.message)")
            }
        }
        try await store.commit(plan)
        return plan
    }

    /// Loads a version's `model.joblib` (and `scaler.joblib` when present) from the artifact store and builds the
    /// detector, as serving would.
    func verify(model: String, version: String) async throws(ModelRuntimeError) {
        let record: VersionRecord
        do { record = try await store.record(model: model, version: version) } catch {
            throw ModelRuntimeError(.ioError, error.description)
        }
        guard let modelFile = record.files.first(where: { $0.name == "model.joblib" }) else {
            throw ModelRuntimeError(
                .ioError, "version '\(version)' has no model.joblib artifact; import the package again")
        }
        let detector = try ModelLoader.load(bytes: try await bytes(modelFile), name: "model.joblib").detector()
        if let scalerFile = record.files.first(where: { $0.name == "scaler.joblib" }) {
            let transformer = try ModelLoader.load(bytes: try await bytes(scalerFile), name: "scaler.joblib")
                .transformer()
            _ = try Pipeline(transformers: [(name: "scaler", transformer: transformer)], detector: detector)
        }
    }

    private func bytes(_ file: ArtifactReference) async throws(ModelRuntimeError) -> [UInt8] {
        do { return try await artifacts.read(file.sha256) } catch {
            throw ModelRuntimeError(.ioError, "cannot read \(file.name) (\(file.sha256)): \(error.description)")
        }
    }

    /// Who runs the command: `--by`, else `$USER`, else `cli`.
    static func actor(_ by: String?) -> String {
        by ?? ProcessInfo.processInfo.environment["USER"] ?? "cli"
    }
}
