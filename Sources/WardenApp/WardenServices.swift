public import AccessControl
public import DataFormats
public import DriftService
import Foundation
public import Logging
public import Monitoring
public import PackageImport
public import Registry
public import Serving
public import ServiceLifecycle

/// Warden's operations, assembled once: every face (the JSON API, the CLI, the web UI, MCP) holds a `WardenServices`
/// and calls its services; none holds a rule of its own. ``build(settings:stores:issuer:metrics:logger:)`` is the
/// one place stores, services and background work are put together — `warden serve`, the other commands and the
/// in-process tests all build the application through it.
///
/// ```swift
/// let app = try await WardenServices.build(settings: settings, stores: AppStores(sqlite, artifacts: files),
///                                     issuer: issuer, metrics: metrics, logger: logger)
/// let result = try await app.lifecycle.perform(.deploy("20241201_143022"), model: "wifi-anomaly",
///                                             caller: .commandLine(by: nil))
/// ```
public struct WardenServices: Sendable {
    /// The settings it was built with.
    public let settings: AppSettings
    /// Its stores.
    public let stores: AppStores
    /// Loaded models and the serving pointers.
    public let host: ModelHost
    /// The serving mode.
    public let modes: ModeController
    /// Who may do what.
    public let access: AccessPolicy
    /// The audit log writer.
    public let auditor: Auditor
    /// Models and versions.
    public let models: ModelService
    /// Deploy, rollback, promote, activate, deactivate, delete.
    public let lifecycle: LifecycleService
    /// Imports and transfers.
    public let imports: ImportService
    /// Scoring and recording.
    public let predictions: PredictionService
    /// Performance, drift, baselines, alerts.
    public let monitoring: MonitoringService
    /// Keys, tokens, audit log, modes.
    public let security: SecurityService
    /// The agents.
    public let agents: AgentService
    /// Their anomalies.
    public let anomalies: AnomalyService
    /// Log events into the embedded source.
    public let logs: LogIngestService
    /// Services a log source needs running (a database client's pool), run beside the agents.
    public let sourceServices: [any Service]
    let logger: Logger

    /// Assembles an application.
    ///
    /// - Parameters:
    ///   - settings: configuration and process choices.
    ///   - stores: the stores, one per concern.
    ///   - issuer: verifies and issues tokens; nil turns authentication off (every caller is the local admin).
    ///   - metrics: the Prometheus metrics; nil when monitoring is off or outside the server.
    ///   - logger: the application's logger.
    /// - Throws: ``MonitoringError`` for an invalid drift configuration; ``ImportError`` when start-up recovery of
    ///   the artifact store fails.
    public static func build(
        settings: AppSettings, stores: AppStores, issuer: TokenIssuer?, metrics: ServingMetrics?, logger: Logger,
        logSources: LogSourceFactory = LogSourceFactory()
    ) async throws -> WardenServices {
        let configuration = settings.configuration
        let modes = ModeController()
        let access = AccessPolicy(modes: modes, enforcesModes: settings.serving)
        let host = ModelHost(
            store: stores.versions, artifacts: stores.artifacts, defaultModel: configuration.model.name,
            logger: logger)
        let importer = PackageImporter(
            store: stores.registry, artifacts: stores.artifacts,
            configuration: PackageImporter.Configuration(
                appliesQualityRules: configuration.integration.validateImports,
                defaultModel: settings.defaultModel,
                retention: RetentionPolicy(
                    keepLastVersions: configuration.storage.keepLastVersions,
                    retentionDays: configuration.storage.retentionDays,
                    protectedHistoryEntries: configuration.storage.protectedHistoryEntries)))
        try await importer.recover()
        let monitor =
            settings.serving && configuration.monitoring.enabled
            ? try PerformanceMonitor(windowSize: configuration.monitoring.windowSize) : nil
        let coordinator = MonitoringCoordinator(
            monitor: monitor, store: stores.monitoring, instance: settings.serving ? settings.instance : "cli",
            settings: try DriftSettings(configuration.monitoring))
        // The drift and quality series of every serving version exist from load (NaN until measured).
        if monitor != nil, let metrics { host.observeServing(metrics) }
        let authenticator = issuer.map { Authenticator(store: stores.security, issuer: $0) }
        let predictions = PredictionService(
            host: host, versions: stores.versions, access: access, monitor: monitor,
            metrics: monitor == nil ? nil : metrics, defaultMaxRows: settings.defaultMaxRows,
            missingFeatures: settings.missingFeatures)
        let agentModels = AgentModels(
            host: host, versions: stores.versions, anomalies: stores.anomalies, references: ReferenceSamples())
        let scorer = WindowScorer(predictions: predictions)
        let agentMetrics = settings.serving ? metrics.map { AgentMetrics(factory: $0.factory) } : nil
        var runners: [AgentRunner] = []
        var sourceServices: [any Service] = []
        for agent in configuration.agents {
            let (source, services) = try logSources.make(agent.source, stores: stores)
            sourceServices += services
            runners.append(
                try AgentRunner(
                    settings: agent, source: source, store: stores.anomalies, models: agentModels, scorer: scorer,
                    metrics: agentMetrics, logger: logger))
            agentMetrics?.register(agent: agent.id)
        }
        let agents = AgentService(
            runners: runners, store: stores.anomalies, models: agentModels, scorer: scorer, versions: stores.versions)
        let embedded = runners.filter { $0.settings.source.type == "embedded" }
        let logIngest = LogIngestService(store: stores.logs, settings: configuration.logs) {
            for r in embedded { await r.wake() }
        }
        return WardenServices(
            settings: settings, stores: stores, host: host, modes: modes, access: access,
            auditor: Auditor(store: stores.security, versions: stores.versions, modes: modes, logger: logger),
            models: ModelService(versions: stores.versions, history: stores.history, host: host, access: access),
            lifecycle: LifecycleService(versions: stores.versions, host: host),
            imports: ImportService(
                importer: importer, history: stores.history,
                trainingServicePath: configuration.integration.trainingServicePath, dropFolder: settings.dropFolder,
                fallbackModel: settings.defaultModel),
            predictions: predictions,
            monitoring: MonitoringService(
                monitor: monitor, coordinator: coordinator, metrics: monitor == nil ? nil : metrics, host: host,
                versions: stores.versions, retentionDays: configuration.monitoring.metricsRetentionDays,
                logger: logger),
            security: SecurityService(
                store: stores.security, authenticator: authenticator, modes: modes,
                tokenLifetime: configuration.security.tokenExpiryHours * 3600, host: host),
            agents: agents, anomalies: AnomalyService(store: stores.anomalies), logs: logIngest,
            sourceServices: sourceServices, logger: logger)
    }

    /// Whether callers must prove who they are.
    public var authenticates: Bool { security.authenticator != nil }

    /// The background work of a serving process: keeping serving pointers in line with the registry, unattended
    /// imports, and monitoring's flushes, drift checks and retention.
    public func backgroundServices() -> [any Service] {
        let configuration = settings.configuration
        var services: [any Service] = [
            ImportScheduler(
                imports: imports, autoImport: configuration.integration.autoImport,
                interval: .seconds(configuration.integration.importInterval), modes: modes, logger: logger)
        ]
        if let interval = settings.refreshInterval {
            services.append(RegistryRefreshService(host: host, interval: interval))
        }
        services += sourceServices
        services.append(AgentSupervisor(agents: agents, logs: logs, logger: logger))
        if monitoring.monitor != nil {
            let m = configuration.monitoring
            services.append(
                MonitoringLoop(
                    monitoring: monitoring, host: host, flushInterval: .seconds(m.flushInterval),
                    checkInterval: m.checkInterval > 0 ? .seconds(m.checkInterval) : nil, logger: logger))
        }
        return services
    }

    // MARK: Guarded operations

    /// Performs an operation for a caller: refuses it unless ``AccessPolicy`` allows it (recording the denial), then
    /// runs `body` and records the change in the audit log with the state before and after and its outcome.
    ///
    /// - Parameters:
    ///   - operation: what is asked.
    ///   - caller: who asks.
    ///   - model: the model it concerns, when it names one (scope, and the lifecycle state recorded).
    ///   - target: what the audit entry names (a path, `model/version`, `key:<id>`).
    ///   - subject: how the face names the request in messages.
    ///   - succeeded: whether a returned value means success (an HTTP response may carry an error status).
    ///   - details: the audit details of the outcome.
    ///   - body: the operation.
    public func perform<T>(
        _ operation: AppOperation, caller: Caller, model: String?, target: String, subject: String,
        succeeded: (T) -> Bool = { _ in true },
        details: (T?, (any Error)?) -> [String: JSONValue] = { _, error in error.map(Auditor.failure) ?? [:] },
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            try access.authorize(operation, caller: caller, model: model, subject: subject)
        } catch {
            await auditor.record(
                operation, caller: caller, target: target, before: nil, after: nil, outcome: .denied,
                details: details(nil, error))
            throw error
        }
        guard operation.audit != nil else { return try await body() }
        let before = await auditor.state(operation, model: model, target: target)
        let value: T
        do {
            value = try await body()
        } catch {
            await auditor.record(
                operation, caller: caller, target: target, before: before, after: nil, outcome: .failed,
                details: details(nil, error))
            throw error
        }
        let after = await auditor.state(operation, model: model, target: target)
        await auditor.record(
            operation, caller: caller, target: target, before: before, after: after,
            outcome: succeeded(value) ? .success : .failed, details: details(value, nil))
        return value
    }
}
