public import AccessControl

/// One thing a caller can ask Warden to do, whichever face it comes through (JSON API, CLI, web UI, MCP): the
/// permission it needs, the kind of action the serving mode must permit, and the audit action recorded when it
/// changes something. The one table of who may do what; the faces map their routes, commands, pages and tools onto
/// these operations and ``AccessPolicy`` enforces them.
public struct AppOperation: Sendable, Hashable, CustomStringConvertible {
    /// A stable name, e.g. `deploy`, `list_models`.
    public var name: String
    /// The permission the caller's role must grant; nil for public operations (liveness, the API description).
    public var permission: Permission?
    /// What the operation does, for the serving mode.
    public var action: ModeAction
    /// The audit action recorded for it; nil records nothing (reads).
    public var audit: String?
    /// Whether it acts on the whole server rather than on one model (modes, keys, the audit log, cleanup, imports
    /// of packages whose model is not known yet): a key limited to some models may not perform it.
    public var isServerWide: Bool

    /// Creates an operation.
    public init(
        _ name: String, _ permission: Permission?, _ action: ModeAction = .read, audit: String? = nil,
        serverWide: Bool = false
    ) {
        self.name = name
        self.permission = permission
        self.action = action
        self.audit = audit
        self.isServerWide = serverWide
    }

    /// The name.
    public var description: String { name }
}

extension AppOperation {
    // MARK: Public
    /// Liveness, readiness, version and the API description.
    public static let liveness = AppOperation("liveness", nil)

    // MARK: Predictions (operator)
    /// Scoring feature rows (`/predict`, V2 infer, MLflow invocations, MCP `predict`).
    public static let predict = AppOperation("predict", .predict, .predict)
    /// Scoring raw log records or rows (`/api/v1/models/analyze`).
    public static let analyze = AppOperation("analyze", .predict, .predict)

    // MARK: Reading (viewer)
    /// Speaking the Model Context Protocol (`POST /mcp`): any role may connect; every tool call, resource read and
    /// prompt is then authorized against its own operation, as the equivalent HTTP route is.
    public static let mcp = AppOperation("mcp", .read)
    /// Models and versions, their records, reports, history and comparisons.
    public static let readModels = AppOperation("read_models", .read)
    /// Performance windows, statistics, drift checks and reports, alerts, metrics.
    public static let readMonitoring = AppOperation("read_monitoring", .read)
    /// Health in detail and the serving mode.
    public static let readStatus = AppOperation("read_status", .read)
    /// The training-service folder and the transfer history.
    public static let readImports = AppOperation("read_imports", .read, serverWide: true)
    /// Agents, their status and shadow comparisons.
    public static let readAgents = AppOperation("read_agents", .read)
    /// Anomalies and incidents.
    public static let readAnomalies = AppOperation("read_anomalies", .read)

    // MARK: Writing (operator)
    /// Validating a stored version now.
    public static let validate = AppOperation("validate", .write)
    /// Importing a package (upload, training service, drop folder).
    public static let importPackage = AppOperation(
        "import", .write, .registryWrite, audit: "import", serverWide: true)
    /// Saving the serving version under a new name (seed 004).
    public static let save = AppOperation("save", .write, .registryWrite, audit: "save")
    /// Capturing or uploading a drift baseline (monitoring state: every mode).
    public static let setBaseline = AppOperation("set_baseline", .write, .read, audit: "baseline")
    /// Ingesting log events for the agents (every mode: logs keep arriving).
    public static let ingestLogs = AppOperation("ingest_logs", .write, .read, serverWide: true)
    /// Acknowledging, resolving or dismissing an anomaly.
    public static let updateAnomaly = AppOperation("update_anomaly", .write, .read, audit: "anomaly.status")

    // MARK: Lifecycle (admin)
    /// Loading and serving a version (deploy, seed 000's load).
    public static let deploy = AppOperation("deploy", .admin, .lifecycle, audit: "deploy")
    /// Serving an earlier version again.
    public static let rollback = AppOperation("rollback", .admin, .lifecycle, audit: "rollback")
    /// Serving a version with status production (the validation gate applies).
    public static let promote = AppOperation("promote", .admin, .lifecycle, audit: "promote")
    /// Re-enabling (and, through seed 000's route, serving) a version.
    public static let activate = AppOperation("activate", .admin, .lifecycle, audit: "activate")
    /// Disabling a version.
    public static let deactivate = AppOperation("deactivate", .admin, .lifecycle, audit: "deactivate")
    /// Loading a model into memory (V2 repository).
    public static let loadModel = AppOperation("load_model", .admin, .lifecycle, audit: "load")
    /// Dropping a model from memory (V2 repository).
    public static let unloadModel = AppOperation("unload_model", .admin, .lifecycle, audit: "unload")
    /// Pairing an agent with a model version (and its shadow).
    public static let setAgentModel = AppOperation("set_agent_model", .admin, .lifecycle, audit: "agent.set_model")
    /// Starting or stopping an agent.
    public static let controlAgent = AppOperation("control_agent", .admin, .lifecycle, audit: "agent.control")
    /// Deleting a version.
    public static let deleteVersion = AppOperation("delete_version", .admin, .registryWrite, audit: "delete")
    /// Tagging a version.
    public static let tag = AppOperation("tag", .admin, .registryWrite, audit: "tag")
    /// Describing a version.
    public static let describe = AppOperation("describe", .admin, .registryWrite, audit: "describe")

    // MARK: Housekeeping (admin, maintenance)
    /// Deleting transfer history or old monitoring data.
    public static let cleanup = AppOperation("cleanup", .admin, .maintenance, audit: "cleanup", serverWide: true)

    // MARK: Administration (admin; every mode)
    /// Switching the serving mode.
    public static let setMode = AppOperation("set_mode", .admin, .administer, audit: "mode", serverWide: true)
    /// Exchanging an API key for a token (any role; the key itself is the credential).
    public static let issueToken = AppOperation("issue_token", .read, .administer, audit: "token")
    /// Listing API keys.
    public static let listKeys = AppOperation("list_keys", .admin, .administer, serverWide: true)
    /// Creating an API key.
    public static let createKey = AppOperation(
        "create_key", .admin, .administer, audit: "key.create", serverWide: true)
    /// Rotating an API key's secret.
    public static let rotateKey = AppOperation(
        "rotate_key", .admin, .administer, audit: "key.rotate", serverWide: true)
    /// Revoking an API key.
    public static let revokeKey = AppOperation(
        "revoke_key", .admin, .administer, audit: "key.revoke", serverWide: true)
    /// Reading the audit log.
    public static let readAudit = AppOperation("read_audit", .admin, .administer, serverWide: true)
    /// Managing suppressions of false alarms.
    public static let manageSuppressions = AppOperation("manage_suppressions", .write, .read, audit: "suppression")
}
