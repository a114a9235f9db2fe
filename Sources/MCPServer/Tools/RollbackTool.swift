import DataFormats
import Registry
import WardenApp
import WardenViews

/// `rollback`: serves an earlier deployed version again (`POST /api/v1/model-management/{version}/rollback`, or
/// `/rollback` for the previous one; admin).
struct RollbackTool: MCPTool {
    let definition = ToolDefinition(
        name: "rollback", title: "Roll back to an earlier version",
        description: """
            Serves an earlier version of the model again: the named one, or without a version the one that served \
            before the current one. It is loaded and verified before the swap. Needs an admin key and a reason, \
            which the audit log and the deployment history record.
            """,
        parameters: [
            .model,
            ToolParameter(
                "version", .string,
                "The version to return to. Optional: defaults to the version that served before the current one."),
            .reason,
        ],
        output: Schema.lifecycleOutcome, operation: .rollback, effect: .destructive)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let model = try await context.model(arguments)
        let result = try await context.app.lifecycle.perform(
            .rollback(to: arguments.string("version")), model: model, caller: context.caller,
            reason: arguments.string("reason"))
        return .value(Views.fields(Views.outcome(result)))
    }
}
