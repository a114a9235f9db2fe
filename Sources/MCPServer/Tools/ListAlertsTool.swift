import DataFormats
import WardenApp
import WardenViews

/// `list_alerts`: drift alert events, newest first (`GET /api/monitoring/alerts`).
struct ListAlertsTool: MCPTool {
    let definition = ToolDefinition(
        name: "list_alerts", title: "List drift alerts",
        description: """
            Drift alert events newest first: when an alert of a kind (score drift, data drift, anomaly rate, error \
            rate, latency) was raised or cleared for a version, with the value and threshold. Only models this key \
            may see.
            """,
        parameters: [
            ToolParameter("model", .string, "Only this model. Optional: every model this key may see."),
            ToolParameter("version", .string, "Only this version."), .limit,
        ],
        output: Schema.object(
            [
                "alerts": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.number, "model": Schema.string, "version": Schema.string, "kind": Schema.string,
                            "event": Schema.string, "at": Schema.string, "value": Schema.number,
                            "threshold": Schema.number,
                        ], required: ["model", "version", "kind", "event", "at"])),
                "count": Schema.integer,
            ], required: ["alerts", "count"]),
        operation: .readMonitoring, effect: .readOnly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let alerts = try await context.app.monitoring.alerts(
            model: arguments.string("model"), version: arguments.string("version"), limit: arguments.int("limit") ?? 100,
            visibleTo: context.caller)
        return .value(["alerts": Views.alerts(alerts), "count": .int(alerts.count)])
    }
}
