import DataFormats
import Registry
import WardenApp
import WardenViews

/// `deploy_version`: loads and verifies a version, then makes it the serving one
/// (`POST /api/v1/model-management/{version}/deploy`; admin).
struct DeployVersionTool: MCPTool {
    let definition = ToolDefinition(
        name: "deploy_version", title: "Deploy a version",
        description: """
            Makes a version the one that serves the model: it is loaded and verified first, then committed and \
            swapped in atomically; the previous version stays available for rollback. Deploying the version that \
            already serves changes nothing (changed: false). Needs an admin key and a reason, which the audit log \
            and the deployment history record.
            """,
        parameters: [.model, .requiredVersion, .reason],
        output: Schema.lifecycleOutcome, operation: .deploy, effect: .destructive)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let model = try await context.model(arguments)
        let result = try await context.app.lifecycle.perform(
            .deploy(arguments.string("version") ?? ""), model: model, caller: context.caller,
            reason: arguments.string("reason"))
        return .value(Views.fields(Views.outcome(result)))
    }
}
