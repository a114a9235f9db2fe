import DataFormats
import WardenApp
import WardenViews

/// `update_anomaly_status`: moves an anomaly along its workflow (`POST /api/v1/anomalies/{id}/status`; operator).
struct UpdateAnomalyStatusTool: MCPTool {
    let definition = ToolDefinition(
        name: "update_anomaly_status", title: "Acknowledge, resolve or dismiss an anomaly",
        description: """
            Moves an anomaly along its workflow: open → acknowledged → resolved or false_positive (open may go \
            straight to resolved or false_positive); resolved and false_positive are final, and moving to the \
            status it has is refused (conflict). The move is recorded in the anomaly's status history with who \
            made it, when and the note, and in the audit log. Returns the anomaly as list_anomalies shows it.
            """,
        parameters: [
            .anomalyID,
            ToolParameter(
                "status", .choice(["acknowledged", "resolved", "false_positive"]), required: true,
                "The new status."),
            ToolParameter("note", .string, "Why, for the status history (and the audit log)."),
        ],
        output: Schema.anomaly, operation: .updateAnomaly, effect: .write, subject: .anomaly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let stored = try await context.app.anomalies.setStatus(
            Int64(arguments.int("id") ?? 0), to: arguments.string("status") ?? "", note: arguments.string("note"),
            caller: context.caller)
        return .value(Views.fields(Views.anomaly(stored)))
    }
}
