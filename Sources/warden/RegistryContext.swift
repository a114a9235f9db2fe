import DataFormats
import Foundation
import Logging
import ModelRuntime
import PackageImport
import Registry
import RegistrySQLite
import Serving
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
                cause: LocalizedCause(error: error))
        }
        let store = try SQLiteRegistryStore(path: data.appendingPathComponent("registry.sqlite").path)
        let artifacts = FileArtifactStore(root: data.appendingPathComponent("artifacts"))
        let importer = PackageImporter(
            store: store, artifacts: artifacts,
            configuration: PackageImporter.Configuration(
                appliesQualityRules: configuration.integration.validateImports,
                defaultModel: configuration.model.name ?? fallbackModel,
                retention: RetentionPolicy(
                    keepLastVersions: configuration.storage.keepLastVersions,
                    retentionDays: configuration.storage.retentionDays,
                    protectedHistoryEntries: configuration.storage.protectedHistoryEntries)))
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

    /// The body of every lifecycle subcommand: opens the registry, then plans, loads and verifies (when the plan
    /// asks), commits and prints, through the same ``ModelHost`` the server uses. A version that fails to load is
    /// marked `failed` and the load error is reported.
    static func runLifecycle(
        _ command: LifecycleCommand, options: RegistryOptions, model: String?, by: String?, reason: String? = nil,
        force: Bool = false
    ) async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let host = ModelHost(
                store: context.store, artifacts: context.artifacts, defaultModel: nil,
                logger: Logger(label: "warden", factory: { _ in SwiftLogNoOpLogHandler() }))
            let name = try await context.model(model)
            let (action, version) = Self.auditName(command)
            let target = name + "/" + (version ?? "previous")
            let before = try? await context.store.records(model: name).first(where: { $0.status.isServing })?.version
            do {
                let outcome = try await host.perform(
                    command, model: name, actor: RegistryContext.actor(by), reason: reason, force: force)
                let after = try? await context.store.records(model: name).first(where: { $0.status.isServing })?.version
                await context.audit(
                    action, target: target, by: by, before: Self.servingState(name, before),
                    after: Self.servingState(name, after),
                    details: reason.map { "{\"reason\":\(JSONString.quoted($0))}" } ?? "{}")
                LifecycleOutput.print(LifecyclePlanSummary(outcome.plan), json: options.json)
            } catch {
                await context.audit(
                    action, target: target, by: by, before: Self.servingState(name, before), outcome: "failed",
                    details: Self.failureDetails(error))
                throw error
            }
        }
    }

    /// The audit action and version of a lifecycle command.
    static func auditName(_ command: LifecycleCommand) -> (String, String?) {
        switch command {
        case .deploy(let v): return ("deploy", v)
        case .promote(let v): return ("promote", v)
        case .rollback(let v): return ("rollback", v)
        case .activate(let v): return ("activate", v)
        case .deactivate(let v): return ("deactivate", v)
        case .delete(let v): return ("delete", v)
        default: return ("lifecycle", nil)
        }
    }

    /// `{"model","serving"}` for the audit log.
    static func servingState(_ model: String, _ version: String??) -> String {
        "{\"model\":\(JSONString.quoted(model)),\"serving\":"
            + ((version ?? nil).map(JSONString.quoted) ?? "null") + "}"
    }

    /// Who runs the command: `--by`, else `$USER`, else `cli`.
    static func actor(_ by: String?) -> String {
        by ?? ProcessInfo.processInfo.environment["USER"] ?? "cli"
    }
}
