public import AccessControl

/// What one endpoint needs: the one table every request is checked against and the tests walk (each endpoint ×
/// each role → allowed or 403; without credentials → 401).
public struct EndpointRule: Sendable, Equatable {
    /// The HTTP method.
    public var method: String
    /// The route template as registered, e.g. `/api/v1/models/{version}/deploy`.
    public var path: String
    /// The permission needed; nil for public endpoints (health, liveness, the OpenAPI document).
    public var permission: Permission?
    /// What the endpoint does, for the serving mode.
    public var action: ModeAction
    /// The audit action recorded for this endpoint (changes only); nil records nothing.
    public var audit: String?

    /// The table key.
    public var key: String { method + " " + path }
}

/// The access table.
public enum EndpointAccess {
    static func rule(
        _ method: String, _ path: String, _ permission: Permission?, _ action: ModeAction = .read, audit: String? = nil
    ) -> EndpointRule {
        EndpointRule(method: method, path: path, permission: permission, action: action, audit: audit)
    }

    /// Every endpoint of the API.
    public static let rules: [EndpointRule] = [
        // Public: liveness and the API description. Everything else needs a credential.
        rule("GET", "/health", nil), rule("GET", "/ping", nil), rule("GET", "/version", nil),
        rule("GET", "/v2", nil), rule("GET", "/v2/health/live", nil), rule("GET", "/v2/health/ready", nil),
        rule("GET", "/openapi.json", nil),

        // Predictions (operator).
        rule("POST", "/predict", .predict, .predict), rule("POST", "/api/predict", .predict, .predict),
        rule("POST", "/api/v1/models/analyze", .predict, .predict),
        rule("POST", "/v2/models/{name}/infer", .predict, .predict),
        rule("POST", "/v2/models/{name}/versions/{version}/infer", .predict, .predict),
        rule("POST", "/invocations", .predict, .predict),

        // Reading (viewer).
        rule("GET", "/api/v1/models", .read), rule("GET", "/api/v1/models/current", .read),
        rule("GET", "/api/v1/models/{version}/info", .read),
        rule("GET", "/api/v1/model-management/models", .read),
        rule("GET", "/api/v1/model-management/models/{version}", .read),
        rule("GET", "/api/v1/model-management/{version}/validation-report", .read),
        rule("GET", "/api/v1/model-management/transfer-history", .read),
        rule("GET", "/api/v1/model-management/training-service/models", .read),
        rule("GET", "/api/v1/model-management/training-service/connection", .read),
        rule("GET", "/api/v1/model-management/performance", .read),
        rule("GET", "/api/v1/model-management/performance/{version}", .read),
        rule("GET", "/api/v1/model-management/performance/{version}/report", .read),
        rule("POST", "/api/v1/model-management/performance/{version}/check-drift", .read),
        rule("GET", "/api/model/versions", .read), rule("GET", "/api/health/detailed", .read),
        rule("GET", "/v2/models/{name}", .read), rule("GET", "/v2/models/{name}/versions/{version}", .read),
        rule("GET", "/v2/models/{name}/ready", .read), rule("GET", "/v2/models/{name}/versions/{version}/ready", .read),
        rule("POST", "/v2/repository/index", .read),
        rule("GET", "/api/monitoring/stats", .read), rule("GET", "/api/monitoring/drift", .read),
        rule("GET", "/api/monitoring/alerts", .read), rule("GET", "/metrics", .read), rule("GET", "/api/mode", .read),

        // Imports, validation, saves, baselines (operator).
        rule("POST", "/api/v1/model-management/{version}/validate", .write),
        rule("POST", "/api/v1/model-management/{version}/validate-compatibility", .write),
        rule("POST", "/api/v1/model-management/import-latest", .write, .registryWrite, audit: "import"),
        rule("POST", "/api/v1/model-management/import/{path}", .write, .registryWrite, audit: "import"),
        rule("POST", "/api/v1/model-management/upload", .write, .registryWrite, audit: "import"),
        rule("POST", "/api/model/save", .write, .registryWrite, audit: "save"),
        // A baseline is monitoring state, not a model: captured during serving, so allowed in every mode.
        rule("POST", "/api/monitoring/baseline", .write, .read, audit: "baseline"),

        // Lifecycle (admin).
        rule("POST", "/api/v1/models/{version}/load", .admin, .lifecycle, audit: "deploy"),
        rule("POST", "/api/v1/models/{version}/deploy", .admin, .lifecycle, audit: "deploy"),
        rule("POST", "/api/v1/models/{version}/activate", .admin, .lifecycle, audit: "activate"),
        rule("POST", "/api/v1/models/{version}/deactivate", .admin, .lifecycle, audit: "deactivate"),
        rule("POST", "/api/v1/model-management/{version}/deploy", .admin, .lifecycle, audit: "deploy"),
        rule("POST", "/api/v1/model-management/{version}/rollback", .admin, .lifecycle, audit: "rollback"),
        rule("POST", "/api/v1/model-management/rollback", .admin, .lifecycle, audit: "rollback"),
        rule("POST", "/api/model/load/{version}", .admin, .lifecycle, audit: "deploy"),
        rule("POST", "/api/model/promote/{version}", .admin, .lifecycle, audit: "promote"),
        rule("POST", "/v2/repository/models/{name}/load", .admin, .lifecycle, audit: "load"),
        rule("POST", "/v2/repository/models/{name}/unload", .admin, .lifecycle, audit: "unload"),
        rule("POST", "/api/v1/agents/{agent}/set-model", .admin, .lifecycle),

        // Housekeeping (admin, maintenance mode).
        rule("DELETE", "/api/v1/model-management/transfer-history", .admin, .maintenance, audit: "cleanup"),
        rule("DELETE", "/api/v1/model-management/performance/cleanup", .admin, .maintenance, audit: "cleanup"),

        // Administration (admin; any mode). The token endpoint checks its own credential (an API key).
        rule("POST", "/api/mode/{mode}", .admin, .administer, audit: "mode"),
        rule("POST", "/api/auth/token", .read, .administer, audit: "token"),
        rule("GET", "/api/keys", .admin, .administer),
        rule("POST", "/api/keys", .admin, .administer, audit: "key.create"),
        rule("POST", "/api/keys/{id}/rotate", .admin, .administer, audit: "key.rotate"),
        rule("DELETE", "/api/keys/{id}", .admin, .administer, audit: "key.revoke"),
        rule("GET", "/api/audit", .admin, .administer),
    ]

    private struct Route: Hashable {
        var method: String
        var path: String
    }

    /// The rules by method and route template (looked up on every request without building a key string).
    private static let byRoute: [Route: EndpointRule] = Dictionary(
        rules.map { (Route(method: $0.method, path: $0.path), $0) }, uniquingKeysWith: { first, _ in first })

    /// The rule of a matched route, or nil for a route not in the table.
    public static func rule(method: String, path: String) -> EndpointRule? { byRoute[Route(method: method, path: path)] }
}
