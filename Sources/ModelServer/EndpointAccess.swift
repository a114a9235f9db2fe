public import AccessControl
public import WardenApp

/// One endpoint of the JSON API and the application operation it performs: the table every request is checked
/// against (through the operation's permission, mode action and audit action, defined once in ``AppOperation``) and
/// the tests walk (each endpoint × each role → allowed or 403; without credentials → 401).
public struct EndpointRule: Sendable, Equatable {
    /// The HTTP method.
    public var method: String
    /// The route template as registered, e.g. `/api/v1/models/{version}/deploy`.
    public var path: String
    /// The operation.
    public var operation: AppOperation

    /// The permission needed; nil for public endpoints (health, liveness, the OpenAPI document).
    public var permission: Permission? { operation.permission }
    /// What the endpoint does, for the serving mode.
    public var action: ModeAction { operation.action }
    /// The audit action recorded for this endpoint (changes only); nil records nothing.
    public var audit: String? { operation.audit }
    /// The table key.
    public var key: String { method + " " + path }
}

/// The access table of the JSON API: route → operation.
public enum EndpointAccess {
    static func rule(_ method: String, _ path: String, _ operation: AppOperation) -> EndpointRule {
        EndpointRule(method: method, path: path, operation: operation)
    }

    /// Every endpoint of the API.
    public static let rules: [EndpointRule] = [
        // Public: liveness and the API description. Everything else needs a credential.
        rule("GET", "/health", .liveness), rule("GET", "/ping", .liveness), rule("GET", "/version", .liveness),
        rule("GET", "/v2", .liveness), rule("GET", "/v2/health/live", .liveness),
        rule("GET", "/v2/health/ready", .liveness), rule("GET", "/openapi.json", .liveness),

        // Predictions (operator).
        rule("POST", "/predict", .predict), rule("POST", "/api/predict", .predict),
        rule("POST", "/api/v1/models/analyze", .analyze),
        rule("POST", "/v2/models/{name}/infer", .predict),
        rule("POST", "/v2/models/{name}/versions/{version}/infer", .predict),
        rule("POST", "/invocations", .predict),

        // Reading (viewer).
        rule("GET", "/api/v1/models", .readModels), rule("GET", "/api/v1/models/current", .readModels),
        rule("GET", "/api/v1/models/{version}/info", .readModels),
        rule("GET", "/api/v1/model-management/models", .readModels),
        rule("GET", "/api/v1/model-management/models/{version}", .readModels),
        rule("GET", "/api/v1/model-management/{version}/validation-report", .readModels),
        rule("GET", "/api/v1/model-management/transfer-history", .readImports),
        rule("GET", "/api/v1/model-management/training-service/models", .readImports),
        rule("GET", "/api/v1/model-management/training-service/connection", .readImports),
        rule("GET", "/api/v1/model-management/performance", .readMonitoring),
        rule("GET", "/api/v1/model-management/performance/{version}", .readMonitoring),
        rule("GET", "/api/v1/model-management/performance/{version}/report", .readMonitoring),
        rule("POST", "/api/v1/model-management/performance/{version}/check-drift", .readMonitoring),
        rule("GET", "/api/model/versions", .readModels), rule("GET", "/api/health/detailed", .readStatus),
        rule("GET", "/v2/models/{name}", .readModels), rule("GET", "/v2/models/{name}/versions/{version}", .readModels),
        rule("GET", "/v2/models/{name}/ready", .readModels),
        rule("GET", "/v2/models/{name}/versions/{version}/ready", .readModels),
        rule("POST", "/v2/repository/index", .readModels),
        rule("GET", "/api/monitoring/stats", .readMonitoring), rule("GET", "/api/monitoring/drift", .readMonitoring),
        rule("GET", "/api/monitoring/alerts", .readMonitoring), rule("GET", "/metrics", .readMonitoring),
        rule("GET", "/api/mode", .readStatus),

        // MCP (any role; each tool call, resource read and prompt is authorized against its own operation).
        rule("POST", "/mcp", .mcp), rule("GET", "/mcp", .mcp),

        // Imports, validation, saves, baselines (operator).
        rule("POST", "/api/v1/model-management/{version}/validate", .validate),
        rule("POST", "/api/v1/model-management/{version}/validate-compatibility", .validate),
        rule("POST", "/api/v1/model-management/import-latest", .importPackage),
        rule("POST", "/api/v1/model-management/import/{path}", .importPackage),
        rule("POST", "/api/v1/model-management/upload", .importPackage),
        rule("POST", "/api/model/save", .save),
        rule("POST", "/api/monitoring/baseline", .setBaseline),

        // Lifecycle (admin).
        rule("POST", "/api/v1/models/{version}/load", .deploy),
        rule("POST", "/api/v1/models/{version}/deploy", .deploy),
        rule("POST", "/api/v1/models/{version}/activate", .activate),
        rule("POST", "/api/v1/models/{version}/deactivate", .deactivate),
        rule("POST", "/api/v1/model-management/{version}/deploy", .deploy),
        rule("POST", "/api/v1/model-management/{version}/rollback", .rollback),
        rule("POST", "/api/v1/model-management/rollback", .rollback),
        rule("POST", "/api/model/load/{version}", .deploy),
        rule("POST", "/api/model/promote/{version}", .promote),
        rule("POST", "/v2/repository/models/{name}/load", .loadModel),
        rule("POST", "/v2/repository/models/{name}/unload", .unloadModel),
        rule("POST", "/api/v1/agents/{agent}/set-model", .setAgentModel),
        rule("POST", "/api/v1/agents/{agent}/start", .controlAgent),
        rule("POST", "/api/v1/agents/{agent}/stop", .controlAgent),

        // Agents and anomalies.
        rule("GET", "/api/v1/agents", .readAgents), rule("GET", "/api/v1/agents/{agent}", .readAgents),
        rule("GET", "/api/v1/agents/{agent}/models", .readAgents),
        rule("GET", "/api/v1/agents/{agent}/history", .readAgents),
        rule("GET", "/api/v1/agents/{agent}/shadow-report", .readAgents),
        rule("GET", "/api/v1/anomalies", .readAnomalies), rule("GET", "/api/v1/anomalies/{id}", .readAnomalies),
        rule("POST", "/api/v1/anomalies/{id}/status", .updateAnomaly),
        rule("GET", "/api/v1/incidents", .readAnomalies), rule("GET", "/api/v1/incidents/{id}", .readAnomalies),
        rule("POST", "/api/v1/logs", .ingestLogs),

        // Housekeeping (admin, maintenance mode).
        rule("DELETE", "/api/v1/model-management/transfer-history", .cleanup),
        rule("DELETE", "/api/v1/model-management/performance/cleanup", .cleanup),

        // Administration (admin; any mode). The token endpoint checks its own credential (an API key).
        rule("POST", "/api/mode/{mode}", .setMode),
        rule("POST", "/api/auth/token", .issueToken),
        rule("GET", "/api/keys", .listKeys),
        rule("POST", "/api/keys", .createKey),
        rule("POST", "/api/keys/{id}/rotate", .rotateKey),
        rule("DELETE", "/api/keys/{id}", .revokeKey),
        rule("GET", "/api/audit", .readAudit),
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
