/// Warden's MCP tools, in the order `tools/list` names them; and the tools that arrive with the agents pipeline.
public enum WardenTools {
    /// Every tool.
    public static let all: [any MCPTool] = [
        ListModelsTool(), GetVersionTool(), CompareVersionsTool(), PredictTool(), DeployVersionTool(), RollbackTool(),
        PromoteVersionTool(), GetPerformanceTool(), CheckDriftTool(), ListAlertsTool(), GetAuditLogTool(),
        GetHealthTool(),
    ]

    /// A tool that is designed but waits for a capability of Warden that has not landed: named in docs/MCP.md, not
    /// offered by `tools/list` (it is not faked).
    public struct Pending: Sendable {
        /// The tool's name.
        public var name: String
        /// What it will do.
        public var summary: String
        /// The operation of the application it will perform.
        public var operation: String
        /// What it waits for.
        public var waitsFor: String
    }

    /// The agent tools: each will be one file beside the others, added to ``all``.
    public static let pending: [Pending] = [
        Pending(
            name: "explain_window", summary: "an anomaly's contributors: the features that moved the window's score",
            operation: "read_anomalies", waitsFor: "the agents pipeline (anomaly store, classifier explanations)"),
        Pending(
            name: "list_agents", summary: "the log agents, their status and the model version each one runs",
            operation: "read_agents", waitsFor: "the agents pipeline (log sources, scheduler)"),
        Pending(
            name: "set_agent_model", summary: "pair an agent with a model version (and a shadow version); needs a reason",
            operation: "set_agent_model", waitsFor: "the agents pipeline (POST /api/v1/agents/{agent}/set-model)"),
        Pending(
            name: "list_anomalies", summary: "anomalies the agents flagged, filtered by agent, time and status",
            operation: "read_anomalies", waitsFor: "the agents pipeline (anomaly store)"),
        Pending(
            name: "update_anomaly_status", summary: "acknowledge, resolve or dismiss an anomaly, with a reason",
            operation: "update_anomaly", waitsFor: "the agents pipeline (anomaly store)"),
    ]
}
