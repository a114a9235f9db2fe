import Foundation
public import DriftService
public import AccessControl
import DataFormats
import HTTPTypes
public import Hummingbird
public import Logging
public import Monitoring
public import PackageImport
public import Registry
public import Serving

/// Warden's HTTP application: every route of the design documents, the V2 and MLflow protocols, on the stores it is
/// given. It never names a database driver; `warden serve` picks the store.
///
/// ```swift
/// let server = WardenServer(host: host, importer: importer, settings: settings, logger: logger)
/// let app = Application(router: server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 8000)))
/// try await app.runService()
/// ```
public struct WardenServer: Sendable {
    /// The loaded models and lifecycle commands.
    public let host: ModelHost
    /// Imports packages (training-service endpoints, `/api/model/save`).
    public let importer: PackageImporter
    /// Limits and defaults.
    public let settings: ServerSettings
    /// Rolling windows of every served version; nil when monitoring is off (`monitoring.enabled: false`).
    public let monitor: PerformanceMonitor?
    /// Prometheus metrics served at `/metrics`; nil when monitoring is off (`/metrics` answers 503).
    public let metrics: ServingMetrics?
    /// Drift checks, baselines, persisted windows and alert history; nil when monitoring is off.
    public let monitoring: MonitoringCoordinator?
    /// Authentication, rate limits and the audit log; nil serves everyone as the local operator (`--no-auth`).
    public let security: ServerSecurity?
    /// The serving mode (inference, training, maintenance).
    public let modes: ModeController
    /// The application's logger.
    public let logger: Logger
    /// Package reference samples, read once per version.
    let references = ReferenceSamples()

    /// The registry.
    public var store: any RegistryStore { host.store }

    /// Creates the application's routes' dependencies.
    public init(
        host: ModelHost, importer: PackageImporter, settings: ServerSettings, monitor: PerformanceMonitor? = nil,
        metrics: ServingMetrics? = nil, monitoring: MonitoringCoordinator? = nil, security: ServerSecurity? = nil,
        modes: ModeController = ModeController(), logger: Logger
    ) {
        self.monitoring = monitoring
        self.security = security
        self.modes = modes
        self.host = host
        self.importer = importer
        self.settings = settings
        self.monitor = monitor
        self.metrics = metrics
        self.logger = logger
    }

    /// The router with every route.
    public func router() -> Router<WardenRequestContext> {
        let router = Router(context: WardenRequestContext.self)
        router.add(middleware: RequestMiddleware(metrics: metrics))
        router.add(middleware: SecurityMiddleware(server: self))
        addMetricsRoutes(to: router)
        addPredictionRoutes(to: router)
        addModelsRoutes(to: router.group("api/v1/models"))
        addModelManagementRoutes(to: router.group("api/v1/model-management"))
        addVersioningRoutes(to: router.group("api"))
        addHealthRoutes(to: router)
        addV2Routes(to: router.group("v2"))
        addMLflowRoutes(to: router)
        addMonitoringRoutes(to: router)
        addDriftRoutes(to: router)
        addSecurityRoutes(to: router)
        addPendingRoutes(to: router)
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: .init(bytes: OpenAPIDocument.bytes)))
        }
        return router
    }

    /// The serving model of `name` (nil: the default). A name the registry does not know is 404 `model_not_found`;
    /// a known model with nothing loaded is 503 `model_not_loaded`.
    func serving(_ name: String?) async throws -> ServingModel {
        let served = try await servingUnscoped(name)
        try checkScope(served.model)
        return served
    }

    private func servingUnscoped(_ name: String?) async throws -> ServingModel {
        do { return try host.serving(name) } catch {
            if let name, error.code == .modelNotLoaded, try await store.records(model: name).isEmpty {
                throw ServingError(
                    .modelNotFound, "the registry has no model '\(name)'; list models at /api/v1/models",
                    details: ["model": .string(name)])
            }
            throw error
        }
    }

    /// Seconds allowed to receive a body for `serving`: its `inference_config.timeout_seconds`, else the default.
    func bodyTimeout(_ serving: ServingModel) -> Double {
        serving.record.inferenceConfig.timeoutSeconds.map(Double.init) ?? settings.defaultTimeoutSeconds
    }

    /// Who a lifecycle command is attributed to: the authenticated key; without authentication the `X-Actor`
    /// header, else `api`.
    func actor(_ request: Request) -> String {
        // With authentication the key is the actor: a client cannot claim to be someone else.
        if let identity = Identity.current, identity.credential != .none { return identity.actor }
        if let a = request.headers[.xActor], RequestMiddleware.isSane(a) { return a }
        return "api"
    }

    /// The model a request names (`?model=`), else the default model.
    func modelName(_ request: Request) async throws -> String {
        let name = try await unscopedModelName(request)
        try checkScope(name)
        return name
    }

    private func unscopedModelName(_ request: Request) async throws -> String {
        if let m = request.uri.queryParameters["model"].map(String.init), !m.isEmpty { return m }
        if let d = host.defaultModel { return d }
        if let served = host.loadedModels.first(where: { $0.serving })?.model.model, host.loadedModels.filter(\.serving).count == 1 {
            return served
        }
        let models = try await store.models()
        if models.count == 1 { return models[0] }
        throw APIError(
            .badRequest, code: "model_required",
            models.isEmpty
                ? "the registry has no models; import a package first"
                : "several models exist (\(models.joined(separator: ", "))); name one with ?model=",
            details: ["models": .array(models.map(JSONValue.string))])
    }
}

extension HTTPField.Name {
    /// `X-Actor`: who performs a lifecycle command, recorded in the deployment history.
    static let xActor = HTTPField.Name("X-Actor")!
    /// `X-Filename`: the name of an uploaded package, recorded as its import source.
    static let xFilename = HTTPField.Name("X-Filename")!
}

/// The committed OpenAPI document of the whole API, served at `/openapi.json`.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array("{}".utf8) }
        return Array(data)
    }()
}
