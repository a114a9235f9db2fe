import DataFormats
import WardenApp
import WardenViews

/// `compare_versions`: two versions' training metrics side by side (`warden models compare`).
struct CompareVersionsTool: MCPTool {
    let definition = ToolDefinition(
        name: "compare_versions", title: "Compare two versions' metrics",
        description: """
            Compares the training metrics (metadata.json evaluation_info.basic_metrics) of two versions of a \
            model: each metric of version_a and version_b and the difference b − a.
            """,
        parameters: [
            .model,
            ToolParameter("version_a", .string, required: true, "The first version (the baseline)."),
            ToolParameter("version_b", .string, required: true, "The second version (the candidate)."),
        ],
        output: Schema.object(
            [
                "model": Schema.string, "a": Schema.string, "b": Schema.string,
                "metrics": Schema.array(
                    Schema.object(
                        [
                            "name": Schema.string, "a": Schema.nullableNumber, "b": Schema.nullableNumber,
                            "difference": Schema.nullableNumber,
                        ], required: ["name"])),
            ], required: ["model", "a", "b", "metrics"]),
        operation: .readModels, effect: .readOnly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let model = try await context.model(arguments)
        let comparison = try await context.app.models.compare(
            model: model, arguments.string("version_a") ?? "", arguments.string("version_b") ?? "")
        var body = Views.fields(Views.encoded(comparison))
        body["model"] = .string(model)
        return .value(body)
    }
}
