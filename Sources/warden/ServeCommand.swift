import ArgumentParser
import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import MCPServer
import ModelServer
import WardenApp
import WardenConfig
import DriftService
import Monitoring
import PackageImport
import Prometheus
import Registry
import AccessControl
import Serving
import ServiceLifecycle
import WardenUI

/// `warden serve`: the HTTP API of the design documents, V2 and MLflow protocols and MCP (`POST /mcp`), on the
/// registry of the data directory. SIGTERM/SIGINT shut down gracefully: requests in flight finish.
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

    @Option(help: "The most bytes of a package uploaded to POST /api/v1/model-management/upload.")
    var maxUploadBytes: Int = 256 * 1024 * 1024

    @Option(
        help: "Seconds a client has to send a request body when the version's inference_config.timeout_seconds is absent.")
    var requestTimeout: Double = 30

    @Option(help: "The most rows per prediction request when the version's inference_config.batch_size is absent.")
    var maxRows: Int = 10_000

    @Option(help: "Missing features: reject (422 naming them) or zero (the seed's 0.0 default).")
    var missingFeatures: String = "reject"

    @Option(
        help: ArgumentHelp(
            "When the registry has no models, import this package and deploy it (a sample to start from).",
            valueName: "package"))
    var bootstrap: String?

    @Flag(
        help: """
            Serve without authentication (every request acts as the local admin). Refused unless the address is \
            loopback (127.0.0.1, ::1, localhost); for local development.
            """)
    var noAuth = false

    @Flag(name: .customLong("no-ui"), help: "Serve no web UI (/ui).")
    var noUI = false

    @Option(help: "A PEM certificate chain: serve HTTPS (with --tls-key).")
    var tlsCert: String?

    @Option(help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if let port, !(1...65_535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
        if refreshInterval < 0 || !refreshInterval.isFinite { throw ValidationError("--refresh-interval must be ≥ 0") }
        if maxBodyBytes < 1024 { throw ValidationError("--max-body-bytes must be at least 1024") }
        if maxUploadBytes < 1024 { throw ValidationError("--max-upload-bytes must be at least 1024") }
        if !(requestTimeout > 0 && requestTimeout <= 3600) {
            throw ValidationError("--request-timeout must be seconds greater than 0, at most 3600")
        }
        if maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
        if MissingFeaturePolicy(rawValue: missingFeatures) == nil {
            throw ValidationError("--missing-features must be reject or zero")
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let configuration = try ConfigurationLoader.load(
                file: options.config, dataDirectory: options.dataDir, environment: ProcessInfo.processInfo.environment)
            LogBootstrap.bootstrap(configuration.logging)
            let logger = Logger(label: "warden")
            let bindHost = self.host ?? configuration.server.host
            let bindPort = port ?? configuration.server.port
            let issuer = try await Self.issuer(configuration, bindHost: bindHost, noAuth: noAuth, logger: logger)
            let metrics = configuration.monitoring.enabled ? Self.bootstrapMetrics() : nil
            let context = try await RegistryContext.open(
                options, serving: true, issuer: issuer, metrics: metrics, logger: logger
            ) { settings in
                settings.defaultMaxRows = maxRows
                settings.missingFeatures = MissingFeaturePolicy(rawValue: missingFeatures) ?? .reject
                settings.refreshInterval = refreshInterval > 0 ? .milliseconds(Int(refreshInterval * 1000)) : nil
            }
            let app = context.app
            if let bootstrap { try await Self.bootstrap(bootstrap, app: app, logger: logger) }
            await app.host.start()
            let limits = configuration.rateLimit
            let limiter =
                limits.enabled
                ? RateLimiter(
                    policy: try RateLimitPolicy(maxRequests: limits.maxRequests, windowSeconds: limits.windowSeconds))
                : nil
            let tls = try Self.tls(cert: tlsCert, key: tlsKey)
            let server = WardenServer(
                app: app,
                http: HTTPSettings(
                    maxBodyBytes: maxBodyBytes, maxUploadBytes: maxUploadBytes, defaultTimeoutSeconds: requestTimeout,
                    limiter: limiter,
                    mcpOrigins: MCPOriginPolicy(
                        allowedOrigins: configuration.server.mcpAllowedOrigins, loopbackOnly: Self.isLoopback(bindHost)),
                    ui: noUI ? nil : UISettings(secureCookies: tls != nil)),
                logger: logger)
            let listen = ListenSettings(
                host: bindHost, port: bindPort, tls: tls,
                headerTimeout: .milliseconds(Int((configuration.server.headerTimeout * 1000).rounded())),
                maxConnectionsPerClient: configuration.server.maxConnectionsPerClient)
            let application = try server.application(listen: listen) {
                logger.info(
                    "warden serving",
                    metadata: [
                        "host": "\(bindHost)", "port": "\(bindPort)", "tls": "\(tls != nil)",
                        "authentication": "\(app.authenticates)",
                    ])
            }
            try await application.runService()
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

    /// The token issuer when authentication is on: unless `security.auth_enabled` is false or `--no-auth`
    /// (loopback only) is given; with auth on, the signing secret must be in `WARDEN_SECRET_KEY`.
    static func issuer(_ configuration: WardenConfiguration, bindHost: String, noAuth: Bool, logger: Logger)
        async throws -> TokenIssuer?
    {
        if noAuth, !isLoopback(bindHost) {
            throw SecurityError(
                .invalidConfiguration,
                "--no-auth is refused on '\(bindHost)': it serves everyone as admin; bind to 127.0.0.1 or ::1, or "
                    + "serve with authentication")
        }
        guard configuration.security.authEnabled, !noAuth else {
            logger.warning("authentication is off: every request acts as the local admin", metadata: ["host": "\(bindHost)"])
            return nil
        }
        guard let secret = SecretsManager().secret("secret_key"), !secret.isEmpty else {
            throw SecurityError(
                .missingSecret,
                "authentication is on but WARDEN_SECRET_KEY is not set; export a random secret of at least 32 bytes "
                    + "(e.g. `export WARDEN_SECRET_KEY=$(openssl rand -base64 48)`), or serve with --no-auth on loopback")
        }
        return try await TokenIssuer(secret: secret)
    }

    /// The TLS configuration of `--tls-cert` / `--tls-key`, nil without them.
    static func tls(cert: String?, key: String?) throws -> TLSConfiguration? {
        guard let cert, let key else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
        } catch {
            throw SecurityError(
                .invalidConfiguration,
                "cannot read the TLS certificate '\(cert)' or key '\(key)' (PEM expected): \(error)")
        }
    }

    /// Whether `host` names the loopback interface only.
    static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// Imports and deploys `package` when the registry is empty.
    static func bootstrap(_ package: String, app: WardenServices, logger: Logger) async throws {
        guard try await app.models.models(visibleTo: .system("bootstrap")).isEmpty else { return }
        let result = try await app.imports.importFile(
            at: URL(fileURLWithPath: package), origin: .other("bootstrap:\(package)"))
        try await app.lifecycle.perform(
            .deploy(result.record.version), model: result.record.model, caller: .system("bootstrap"))
        logger.info(
            "bootstrap package imported and deployed",
            metadata: ["model": "\(result.record.model)", "version": "\(result.record.version)"])
    }
}
