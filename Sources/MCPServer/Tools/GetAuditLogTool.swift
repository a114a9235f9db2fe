import DataFormats
import Foundation
import WardenApp
import WardenViews

/// `get_audit_log`: the audit log newest first (`GET /api/audit`; admin).
struct GetAuditLogTool: MCPTool {
    let definition = ToolDefinition(
        name: "get_audit_log", title: "Read the audit log",
        description: """
            The audit log newest first: who changed what (deploys, rollbacks, promotions, imports, key changes, \
            mode switches) through the API, the CLI or MCP, the state before and after, the outcome (success, \
            failed, denied) and details such as the reason. Needs an admin key.
            """,
        parameters: [
            ToolParameter("since", .string, "Only entries at or after this ISO 8601 time, e.g. 2026-01-31T00:00:00Z."),
            ToolParameter("action", .string, "Only this action, e.g. deploy, rollback, promote, key.create."),
            ToolParameter("actor", .string, "Only this actor, e.g. key:abcd1234 (ops-bot)."), .limit,
        ],
        output: Schema.object(
            [
                "entries": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.integer, "at": Schema.string, "actor": Schema.string, "action": Schema.string,
                            "target": Schema.string, "outcome": Schema.string, "details": Schema.string,
                        ], required: ["id", "at", "actor", "action", "target", "outcome"])),
                "count": Schema.integer,
            ], required: ["entries", "count"]),
        operation: .readAudit, effect: .readOnly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let security = context.app.security
        try security.requireAuthentication()
        var since: Date?
        if let text = arguments.string("since") {
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw AppError(
                    .invalidRequest, "since must be an ISO 8601 time such as 2026-01-31T00:00:00Z, not '\(text)'",
                    details: ["argument": "since"])
            }
            since = date
        }
        let entries = try await security.audit(
            since: since, action: arguments.string("action"), actor: arguments.string("actor"),
            limit: arguments.int("limit") ?? 100)
        return .value(["entries": .array(entries.map(Views.audit)), "count": .int(entries.count)])
    }
}
