import DataFormats
import WardenApp
import WardenViews

/// `get_health`: which versions serve, fallbacks after load failures, the serving mode (`GET /health`,
/// `GET /api/health/detailed`).
struct GetHealthTool: MCPTool {
    let definition = ToolDefinition(
        name: "get_health", title: "Serving health",
        description: """
            The serving health: healthy (every model's serving version is loaded), degraded (some model serves an \
            earlier version after a load failure; fallbacks says why) or unhealthy (nothing loaded); the loaded \
            versions; the serving mode (inference, training, maintenance); Warden's version.
            """,
        parameters: [],
        output: Schema.object(
            [
                "status": Schema.choice(["healthy", "degraded", "unhealthy"]), "mode": Schema.string,
                "models": Schema.array(Schema.anyObject), "fallbacks": Schema.array(Schema.anyObject),
                "authentication": Schema.boolean, "warden_version": Schema.string,
            ], required: ["status", "mode", "models", "fallbacks"]),
        operation: .readStatus, effect: .readOnly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let app = context.app
        var body = Views.health(app.health())
        body["authentication"] = .bool(app.authenticates)
        body["warden_version"] = .string(app.settings.wardenVersion)
        return .value(body)
    }
}
