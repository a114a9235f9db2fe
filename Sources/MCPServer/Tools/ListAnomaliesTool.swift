import Agents
import DataFormats
import Registry
import WardenApp
import WardenViews

/// `list_anomalies`: the anomalies the agents stored, filtered and paged (`GET /api/v1/anomalies`).
struct ListAnomaliesTool: MCPTool {
    let definition = ToolDefinition(
        name: "list_anomalies", title: "List the anomalies the agents flagged",
        description: """
            Anomalies the agents stored, newest window first, of models this key may see: each with its id, agent, \
            access point (entity), window, event count, the model version that scored it with score and threshold, \
            type, severity, confidence, description, the 17 features, contributors, who detected it, and its \
            status with history (open, acknowledged, resolved, false_positive). Filter by agent, access point, \
            type, severity, status and window start (from inclusive, to exclusive); page with limit and offset \
            (total counts every match). explain_window tells why one was flagged; update_anomaly_status moves it.
            """,
        parameters: [
            ToolParameter("agent", .string, "Only this agent's anomalies (its id, as in list_agents)."),
            ToolParameter("ap", .string, "Only this access point, e.g. ap-02."),
            ToolParameter("type", .choice(AnomalyType.allCases.map(\.rawValue)), "Only this type."),
            ToolParameter("severity", .choice(AnomalySeverity.allCases.map(\.rawValue)), "Only this severity."),
            ToolParameter("status", .choice(AnomalyStatus.allCases.map(\.rawValue)), "Only this status."),
            ToolParameter(
                "from", .time, "Only windows starting at or after this ISO 8601 time, e.g. 2026-01-06T07:00:00Z."),
            ToolParameter("to", .time, "Only windows starting before this ISO 8601 time."),
            ToolParameter(
                "limit", .integer(1...1_000), "How many anomalies, newest window first (1–1000; default 100)."),
            ToolParameter("offset", .integer(0...Int.max), "How many matching anomalies to skip first (default 0)."),
        ],
        output: Schema.object(
            [
                "anomalies": Schema.array(Schema.anomaly), "count": Schema.integer, "total": Schema.integer,
                "offset": Schema.integer,
            ], required: ["anomalies", "count", "total", "offset"]),
        operation: .readAnomalies, effect: .readOnly, subject: .agent)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let query = AnomalyQuery(
            agent: arguments.string("agent"), entity: arguments.string("ap"), type: arguments.string("type"),
            severity: arguments.string("severity"), status: arguments.string("status"), from: arguments.time("from"),
            to: arguments.time("to"), offset: arguments.int("offset") ?? 0, limit: arguments.int("limit") ?? 100)
        let (list, total) = try await context.app.anomalies.list(query, caller: context.caller)
        return .value([
            "anomalies": .array(list.map(Views.anomaly)), "count": .int(list.count), "total": .int(total),
            "offset": .int(query.offset),
        ])
    }
}
