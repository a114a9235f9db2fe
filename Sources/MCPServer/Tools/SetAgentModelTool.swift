import DataFormats
import WardenApp
import WardenViews

/// `set_agent_model`: pairs an agent with a model version and optionally a shadow version
/// (`POST /api/v1/agents/{agent}/set-model`; admin).
struct SetAgentModelTool: MCPTool {
    let definition = ToolDefinition(
        name: "set_agent_model", title: "Pair an agent with a model version",
        description: """
            Changes the model version an agent scores its windows with: the version (production, the default, \
            follows the model's serving version across deploys) and optionally a shadow version that scores the \
            same windows apart, for comparison. Both are loaded and checked first: every feature the model needs \
            must be one the agent extracts (else conflict, naming the features). The pairing is stored with its \
            history and takes effect at the next window the agent closes; no window is scored twice or skipped. \
            Each call adds a pairing to the history. Needs an admin key and a reason, which the audit log and the \
            pairing history record.
            """,
        parameters: [
            .agent,
            ToolParameter(
                "model", .string,
                "The model whose versions score the agent's windows. Optional: the agent's current model."),
            ToolParameter(
                "version", .string,
                "The version to score with, or production to follow the serving version. Optional: production."),
            ToolParameter(
                "shadow_version", .string,
                "A candidate version that scores the same windows apart (never as anomalies). Optional: none."),
            .agentReason,
        ],
        output: Schema.object(
            [
                "success": Schema.boolean, "agent": Schema.string, "model": Schema.string, "version": Schema.string,
                "shadow_version": Schema.nullableString, "paired_at": Schema.string, "message": Schema.string,
            ], required: ["success", "agent", "model", "version", "shadow_version", "paired_at"]),
        operation: .setAgentModel, effect: .destructive, idempotent: false, subject: .agent)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let pairing = try await context.app.agents.setModel(
            agent: arguments.string("agent") ?? "", model: arguments.string("model"),
            version: arguments.string("version"), shadowVersion: arguments.string("shadow_version"),
            caller: context.caller, reason: arguments.string("reason"))
        return .value(Views.fields(Views.pairing(pairing)))
    }
}
