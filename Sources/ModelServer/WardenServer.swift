public import AccessControl
import DataFormats
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
public import MCPServer
import Registry
import Serving
public import WardenApp
public import WardenUI

/// Warden's JSON API face: every route of the design documents, the V2 and MLflow protocols and `/metrics`, each a
/// thin adapter that parses the request, calls one operation of the application (``WardenServices``) and renders its
/// value. It never names a database driver and holds no rule of its own.
///
/// ```swift
/// let app = try await WardenServices.build(settings: settings, stores: stores, issuer: issuer, metrics: metrics,
///                                     logger: logger)
/// let server = WardenServer(app: app, http: HTTPSettings(), logger: logger)
/// let router = server.router()
/// ```
public struct WardenServer: Sendable {
    /// The application whose operations the routes call.
    public let app: WardenServices
    /// HTTP limits and rate limiting.
    public let http: HTTPSettings
    /// The logger.
    public let logger: Logger
    /// The MCP face's HTTP transport (`POST /mcp`).
    let mcp: MCPHTTPEndpoint

    /// Creates the face.
    public init(app: WardenServices, http: HTTPSettings, logger: Logger) {
        self.app = app
        self.http = http
        self.logger = logger
        mcp = MCPHTTPEndpoint(face: MCPFace(app: app), origins: http.mcpOrigins)
    }

    /// The Prometheus metrics, when monitoring is on.
    var metrics: ServingMetrics? { app.monitoring.metrics }

    /// The router with every route.
    public func router() -> Router<WardenRequestContext> {
        let router = Router(context: WardenRequestContext.self)
        router.add(middleware: RequestMiddleware(metrics: metrics))
        // The web UI authenticates by its session cookie and authorizes every page and action through
        // WardenServices.perform itself, so it is mounted before the API's header-credential middleware.
        if let settings = http.ui {
            do {
                try UIFace(app: app, settings: settings).addRoutes(to: router)
            } catch {
                logger.error("web UI templates do not parse; the UI is off", metadata: ["error": "\(error)"])
            }
        }
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
        addAgentRoutes(to: router)
        addMCPRoutes(to: router)
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: .init(bytes: OpenAPIDocument.bytes)))
        }
        return router
    }

    // MARK: What every route needs

    /// Who makes the request: the authenticated key; without authentication the sane `X-Actor` header, else `api`.
    func caller(_ request: Request) -> Caller {
        // With authentication the key is the actor: a client cannot claim to be someone else.
        if let identity = Identity.current, identity.credential != .none { return Caller(identity) }
        let named = request.headers[.xActor].flatMap { RequestMiddleware.isSane($0) ? $0 : nil } ?? "api"
        return Caller(identity: Identity.current ?? .local, actor: named, auditActor: Identity.current?.actor ?? named)
    }

    /// The model a request names (`?model=`), else the default model, within the caller's scope.
    func modelName(_ request: Request) async throws -> String {
        try await app.models.resolveModel(request.uri.queryParameters["model"].map(String.init), caller: caller(request))
    }

    /// The serving model of `name` (nil: the default), within the caller's scope.
    func serving(_ name: String?, _ request: Request) async throws -> ServingModel {
        try await app.predictions.serving(name, caller: caller(request))
    }

    /// Seconds allowed to receive a body for `serving`: its `inference_config.timeout_seconds`, else the default.
    func bodyTimeout(_ serving: ServingModel) -> Double {
        serving.record.inferenceConfig.timeoutSeconds.map(Double.init) ?? http.defaultTimeoutSeconds
    }
}

/// HTTP limits of the JSON API face.
public struct HTTPSettings: Sendable {
    /// The most bytes a request body may have.
    public var maxBodyBytes: Int
    /// The most bytes of a package uploaded to `POST /api/v1/model-management/upload`.
    public var maxUploadBytes: Int
    /// Seconds allowed to receive a request body when the version's `inference_config.timeout_seconds` is absent.
    public var defaultTimeoutSeconds: Double
    /// Token buckets per key or client address; nil when rate limiting is off.
    public var limiter: RateLimiter?
    /// Which browser origins may call `POST /mcp` (default: none but the server's own host).
    public var mcpOrigins: MCPOriginPolicy
    /// The web UI under `/ui` (and `/` redirecting there); nil serves none.
    public var ui: UISettings?

    /// Creates settings.
    public init(
        maxBodyBytes: Int = 16 * 1024 * 1024, maxUploadBytes: Int = 256 * 1024 * 1024,
        defaultTimeoutSeconds: Double = 30, limiter: RateLimiter? = nil, mcpOrigins: MCPOriginPolicy = MCPOriginPolicy(),
        ui: UISettings? = nil
    ) {
        self.ui = ui
        self.maxBodyBytes = maxBodyBytes
        self.maxUploadBytes = maxUploadBytes
        self.defaultTimeoutSeconds = defaultTimeoutSeconds
        self.limiter = limiter
        self.mcpOrigins = mcpOrigins
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
