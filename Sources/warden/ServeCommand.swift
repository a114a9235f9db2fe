import ArgumentParser
import CoreMetrics
import Foundation
import Hummingbird
import Logging
import ModelServer
import DriftService
import Monitoring
import PackageImport
import Prometheus
import Registry
import Serving
import ServiceLifecycle

/// `warden serve`: the HTTP API of the design documents, V2 and MLflow protocols, on the registry of the data
/// directory. SIGTERM/SIGINT shut down gracefully: requests in flight finish.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the registry's deployed models over HTTP.",
        discussion: """
            Loads every model's deployed (or production) version; when one fails to load, an earlier deployed
            version serves instead and /health says so. Host and port come from the configuration's server section
            unless given here. Logs go to stderr (LOG_LEVEL, LOG_FORMAT=json|text).
            """)

    @OptionGroup var options: RegistryOptions

    @Option(help: "The address to bind (default: server.host, 127.0.0.1).")
    var host: String?

    @Option(help: "The TCP port (default: server.port, 8080).")
    var port: Int?

    @Option(help: "Seconds between checks for deployments made by other processes or replicas (0: never).")
    var refreshInterval: Double = 5

    @Option(help: "The most bytes a request body may have.")
    var maxBodyBytes: Int = 16 * 1024 * 1024

    @Option(help: "The most rows per prediction request when the version's inference_config.batch_size is absent.")
    var maxRows: Int = 10_000

    @Option(help: "Missing features: reject (422 naming them) or zero (the seed's 0.0 default).")
    var missingFeatures: String = "reject"

    @Option(
        help: ArgumentHelp(
            "When the registry has no models, import this package and deploy it (a sample to start from).",
            valueName: "package"))
    var bootstrap: String?

    func validate() throws {
        if let port, !(1...65_535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
        if refreshInterval < 0 || !refreshInterval.isFinite { throw ValidationError("--refresh-interval must be ≥ 0") }
        if maxBodyBytes < 1024 { throw ValidationError("--max-body-bytes must be at least 1024") }
        if maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
        if MissingFeaturePolicy(rawValue: missingFeatures) == nil {
            throw ValidationError("--missing-features must be reject or zero")
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            LogBootstrap.bootstrap(context.configuration.logging)
            let logger = Logger(label: "warden")
            if let bootstrap { try await Self.bootstrap(bootstrap, context: context, logger: logger) }
            let host = ModelHost(
                store: context.store, artifacts: context.artifacts, defaultModel: context.configuration.model.name,
                logger: logger)
            await host.start()
            let settings = ServerSettings(
                wardenVersion: Warden.configuration.version, maxBodyBytes: maxBodyBytes, defaultMaxRows: maxRows,
                missingFeatures: MissingFeaturePolicy(rawValue: missingFeatures) ?? .reject,
                trainingServicePath: context.configuration.integration.trainingServicePath,
                dataDirectory: context.dataDirectory.path,
                metricsRetentionDays: context.configuration.monitoring.metricsRetentionDays)
            let monitoring = context.configuration.monitoring
            let monitor = monitoring.enabled ? try PerformanceMonitor(windowSize: monitoring.windowSize) : nil
            let metrics = monitoring.enabled ? Self.bootstrapMetrics() : nil
            let bindHost = self.host ?? context.configuration.server.host
            let bindPort = port ?? context.configuration.server.port
            let coordinator = try monitor.map {
                MonitoringCoordinator(
                    monitor: $0, store: context.store, instance: Self.instanceName(monitoring.instance),
                    settings: try DriftSettings(monitoring))
            }
            let server = WardenServer(
                host: host, importer: context.importer, settings: settings, monitor: monitor, metrics: metrics,
                monitoring: coordinator, logger: logger)
            var services: [any Service] = [
                ImportScheduler(
                    importer: context.importer, dropFolder: context.dataDirectory.appendingPathComponent("drop"),
                    trainingService: context.configuration.integration.trainingServicePath,
                    autoImport: context.configuration.integration.autoImport,
                    interval: .seconds(context.configuration.integration.importInterval),
                    fallbackModel: context.configuration.model.name ?? RegistryContext.fallbackModel, logger: logger)
            ]
            if refreshInterval > 0 {
                services.append(RegistryRefreshService(host: host, interval: .milliseconds(Int(refreshInterval * 1000))))
            }
            if let coordinator {
                services.append(
                    MonitoringService(
                        server: server, coordinator: coordinator, flushInterval: .seconds(monitoring.flushInterval),
                        checkInterval: monitoring.checkInterval > 0 ? .seconds(monitoring.checkInterval) : nil,
                        retentionDays: monitoring.metricsRetentionDays, logger: logger))
            }
            let app = Application(
                router: server.router(),
                // Connections idle (or sending nothing) for 60 s are closed: no slow sender holds a connection.
                server: .http1(configuration: .init(idleTimeout: .seconds(60))),
                configuration: .init(address: .hostname(bindHost, port: bindPort), serverName: "warden"),
                services: services,
                onServerRunning: { _ in
                    logger.info(
                        "warden serving", metadata: ["host": "\(bindHost)", "port": "\(bindPort)"])
                },
                logger: logger)
            try await app.runService()
        }
    }


    /// The Prometheus registry behind `/metrics`, bootstrapped as the process's swift-metrics backend (once: this
    /// is the only place Warden calls `MetricsSystem.bootstrap`), so libraries' metrics land in it too.
    static func bootstrapMetrics() -> ServingMetrics {
        let registry = PrometheusCollectorRegistry()
        let factory = ServingMetrics.prometheusFactory(registry: registry)
        MetricsSystem.bootstrap(factory)
        return ServingMetrics(factory: factory, registry: registry)
    }

    /// This process's name among replicas sharing a store: `monitoring.instance`, else the host name.
    static func instanceName(_ configured: String) -> String {
        if !configured.isEmpty { return configured }
        let host = ProcessInfo.processInfo.hostName
        return host.isEmpty ? "warden" : host
    }

    /// Imports and deploys `package` when the registry is empty.
    static func bootstrap(_ package: String, context: RegistryContext, logger: Logger) async throws {
        guard try await context.store.models().isEmpty else { return }
        let result = try await context.importer.import(
            fileAt: URL(fileURLWithPath: package), origin: .other("bootstrap:\(package)"))
        let host = ModelHost(
            store: context.store, artifacts: context.artifacts, defaultModel: nil, logger: logger)
        try await host.perform(.deploy(result.record.version), model: result.record.model, actor: "bootstrap")
        logger.info(
            "bootstrap package imported and deployed",
            metadata: ["model": "\(result.record.model)", "version": "\(result.record.version)"])
    }
}
