import DataFormats
import Registry
import WardenApp
import WardenViews

/// `promote_version`: serves a version with status production, through the validation gate
/// (`POST /api/model/promote/{version}`; admin).
struct PromoteVersionTool: MCPTool {
    let definition = ToolDefinition(
        name: "promote_version", title: "Promote a version to production",
        description: """
            Promotes a version to production: it becomes the serving version with status production. The \
            validation gate applies: the version needs a passing validation report (get_version shows it); \
            otherwise the call fails with validation_required unless force is true. Needs an admin key and a \
            reason, which the audit log and the deployment history record.
            """,
        parameters: [
            .model, .requiredVersion, .reason,
            ToolParameter(
                "force", .boolean,
                "Promote without a passing validation report (the reason then says why). Default false."),
        ],
        output: Schema.object(
            [
                "success": Schema.boolean, "production_version": Schema.string, "forced": Schema.boolean,
                "changed": Schema.boolean, "outcome": Schema.lifecycleOutcome,
            ], required: ["success", "production_version", "forced", "changed"]),
        operation: .promote, effect: .destructive)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let model = try await context.model(arguments)
        let version = arguments.string("version") ?? ""
        let force = arguments.bool("force") ?? false
        let result = try await context.app.lifecycle.perform(
            .promote(version), model: model, caller: context.caller, reason: arguments.string("reason"), force: force)
        return .value([
            "success": true, "production_version": .string(version), "forced": .bool(force),
            "changed": .bool(result.changed), "outcome": Views.outcome(result),
        ])
    }
}
