import DataFormats
import Registry
import WardenApp
import WardenViews

/// `list_models`: every model the caller may see, each with its serving version and every version's summary
/// (`GET /api/v1/models`).
struct ListModelsTool: MCPTool {
    let definition = ToolDefinition(
        name: "list_models", title: "List models and versions",
        description: """
            Lists every model this key may see with its serving version and every version (newest first): status \
            (imported, available, deployed, production, deactivated, failed), metrics, tags, validation verdict. \
            Start here to learn the model and version names the other tools take.
            """,
        parameters: [ToolParameter("model", .string, "Only this model. Optional: every model this key may see.")],
        output: Schema.object(
            [
                "models": Schema.array(
                    Schema.object(
                        [
                            "model": Schema.string, "serving_version": Schema.nullableString,
                            "versions": Schema.array(Schema.versionSummary),
                        ], required: ["model", "serving_version", "versions"])),
                "count": Schema.integer,
            ], required: ["models", "count"]),
        operation: .readModels, effect: .readOnly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let summaries = try await context.app.models.summaries(model: arguments.string("model"), caller: context.caller)
        var order: [String] = []
        var byModel: [String: [VersionSummary]] = [:]
        for s in summaries {
            if byModel[s.model] == nil { order.append(s.model) }
            byModel[s.model, default: []].append(s)
        }
        let models: [JSONValue] = order.map { name in
            let versions = byModel[name] ?? []
            return .object([
                "model": .string(name),
                "serving_version": Views.optional(versions.first { $0.status.isServing }?.version),
                "versions": .array(versions.map { .object(Views.version($0)) }),
            ])
        }
        return .value(["models": .array(models), "count": .int(summaries.count)])
    }
}
