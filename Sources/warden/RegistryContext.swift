import AccessControl
import DataFormats
import Foundation
import Logging
import PackageImport
import Registry
import RegistrySQLite
import Serving
import WardenApp
import WardenConfig

/// What every command opens: the configuration, the embedded SQLite store at `<data-dir>/registry.sqlite`, the
/// artifacts at `<data-dir>/artifacts`, and the application built on them (``WardenServices/build``, which runs the
/// artifact store's start-up recovery). Commands parse their arguments, call one operation of ``app`` and print.
struct RegistryContext {
    /// The model name used when a package or a command names none.
    static let fallbackModel = AppSettings.fallbackModel

    let configuration: WardenConfiguration
    let dataDirectory: URL
    /// The store (the CLI picks the driver; commands reach it only through ``app``, except the store migration).
    let store: SQLiteRegistryStore
    let artifacts: FileArtifactStore
    let app: WardenServices

    /// Loads the configuration, opens the stores and builds the application.
    ///
    /// - Parameters:
    ///   - serving: build it to serve (live monitoring, background work), as `warden serve` does.
    ///   - issuer: verifies tokens; nil builds it without authentication.
    ///   - metrics: the Prometheus metrics of a serving process.
    ///   - adjust: changes to the application settings (serve's flags).
    /// - Throws: ``ConfigurationError``, ``RegistryError``, ``ImportError`` (`storage_error`), ``MonitoringError``.
    static func open(
        _ options: RegistryOptions, serving: Bool = false, issuer: TokenIssuer? = nil, metrics: ServingMetrics? = nil,
        logger: Logger? = nil, adjust: (inout AppSettings) -> Void = { _ in }
    ) async throws -> RegistryContext {
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
        var settings = AppSettings(configuration: configuration, wardenVersion: Warden.configuration.version)
        settings.serving = serving
        adjust(&settings)
        let app = try await WardenServices.build(
            settings: settings, stores: AppStores(store, artifacts: artifacts), issuer: issuer, metrics: metrics,
            logger: logger ?? Logger(label: "warden", factory: { _ in SwiftLogNoOpLogHandler() }),
            logSources: LogSourceDrivers.factory(
                environment: ProcessInfo.processInfo.environment, logger: logger ?? Logger(label: "warden")))
        return RegistryContext(
            configuration: configuration, dataDirectory: data, store: store, artifacts: artifacts, app: app)
    }

    /// The model a command acts on: `--model`, else the configuration's `model.name`, else the only model in the
    /// store, else `wifi-anomaly`.
    func model(_ explicit: String?) async throws -> String {
        if let explicit { return explicit }
        return await app.models.defaultModel() ?? Self.fallbackModel
    }

    /// Runs a change from the command line through the application: the caller is the local operator (`--by`,
    /// else `$USER`), and the change is written to the audit log with its outcome.
    func perform<T>(
        _ operation: AppOperation, by: String?, model: String?, target: String,
        details: [String: JSONValue] = [:], _ body: (Caller) async throws -> T
    ) async throws -> T {
        let caller = Caller.commandLine(by: by)
        return try await app.perform(
            operation, caller: caller, model: model, target: target, subject: "warden \(operation.name)",
            details: { _, error in details.merging(error.map(Auditor.failure) ?? [:]) { a, _ in a } }
        ) { try await body(caller) }
    }

    /// The body of every lifecycle subcommand: plans, loads and verifies (when the plan asks), commits and prints,
    /// through the same application operation the server uses. A version that fails to load is marked `failed`
    /// and the load error is reported.
    static func runLifecycle(
        _ command: LifecycleCommand, options: RegistryOptions, model: String?, by: String?, reason: String? = nil,
        force: Bool = false
    ) async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let name = try await context.model(model)
            let (operation, version) = Self.operation(command)
            var details: [String: JSONValue] = [:]
            if let reason { details["reason"] = .string(reason) }
            let result = try await context.perform(
                operation, by: by, model: name, target: name + "/" + (version ?? "previous"), details: details
            ) { caller in
                try await context.app.lifecycle.perform(command, model: name, caller: caller, reason: reason, force: force)
            }
            LifecycleOutput.print(result, json: options.json)
        }
    }

    /// The operation and version of a lifecycle command.
    static func operation(_ command: LifecycleCommand) -> (AppOperation, String?) {
        switch command {
        case .deploy(let v): return (.deploy, v)
        case .promote(let v): return (.promote, v)
        case .rollback(let v): return (.rollback, v)
        case .activate(let v): return (.activate, v)
        case .deactivate(let v): return (.deactivate, v)
        case .delete(let v): return (.deleteVersion, v)
        case .markFailed(let v, _): return (.deactivate, v)
        }
    }
}
