import DataFormats
import WardenApp
import WardenViews

/// `list_agents`: the log agents the key may see, with their status (`GET /api/v1/agents`, `GET
/// /api/v1/agents/{agent}`).
struct ListAgentsTool: MCPTool {
    let definition = ToolDefinition(
        name: "list_agents", title: "List the log agents",
        description: """
            The log agents (configured in the server's agents: list) whose model this key may see: for each, \
            whether it runs and its state (running, idle, stopped, waiting_for_model, backing_off), its source, the \
            model and the version it is paired with (production follows the serving version) and the version that \
            scored its last windows, its shadow version, last run and last error, its checkpoint and lag, and what \
            it has done (events, malformed records, windows scored and skipped, late events, anomalies by type). \
            Start here to learn the agent ids that set_agent_model and list_anomalies take.
            """,
        parameters: [
            ToolParameter("agent", .string, "Only this agent (its id). Optional: every agent this key may see.")
        ],
        output: Schema.object(
            ["agents": Schema.array(Schema.agentStatus), "count": Schema.integer], required: ["agents", "count"]),
        operation: .readAgents, effect: .readOnly, subject: .agent)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let agents: [AgentStatus]
        if let id = arguments.string("agent") {
            agents = [try await context.app.agents.status(id, caller: context.caller)]
        } else {
            agents = await context.app.agents.list(caller: context.caller)
        }
        return .value(["agents": .array(agents.map(Views.agent)), "count": .int(agents.count)])
    }
}
