/// Warden's MCP tools, in the order `tools/list` names them.
public enum WardenTools {
    /// Every tool.
    public static let all: [any MCPTool] = [
        ListModelsTool(), GetVersionTool(), CompareVersionsTool(), PredictTool(), ExplainWindowTool(),
        DeployVersionTool(), RollbackTool(), PromoteVersionTool(), GetPerformanceTool(), CheckDriftTool(),
        ListAlertsTool(), ListAgentsTool(), SetAgentModelTool(), ListAnomaliesTool(), UpdateAnomalyStatusTool(),
        GetAuditLogTool(), GetHealthTool(),
    ]
}
