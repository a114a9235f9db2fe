import DataFormats
import WardenApp
import WardenViews

/// `get_version`: a version's record: metadata, manifest, files, inference configuration, validation verdict and
/// report, and how it serves when it does (`GET /api/v1/model-management/models/{version}`).
struct GetVersionTool: MCPTool {
    let definition = ToolDefinition(
        name: "get_version", title: "Describe a version",
        description: """
            Everything known of one version: its metadata.json (training metrics), deployment manifest, files with \
            SHA-256, inference configuration, and the validation verdict with the full report (errors, warnings, \
            quality score). When the version serves, also its loaded estimator, feature names and threshold.
            """,
        parameters: [.model, .servingVersion],
        output: Schema.object(
            [
                "model": Schema.string, "version": Schema.string, "status": Schema.string,
                "metadata": Schema.nullableObject, "manifest": Schema.nullableObject,
                "validation": Schema.nullableObject, "validation_report": Schema.nullableObject,
                "files": Schema.array(Schema.anyObject), "inference_config": Schema.anyObject,
                "serving": Schema.anyObject,
            ], required: ["model", "version", "status", "metadata", "manifest", "validation", "validation_report"]),
        operation: .readModels, effect: .readOnly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let (model, version) = try await context.version(arguments)
        let record = try await context.app.models.record(model: model, version: version)
        var v = Views.versionDetail(record)
        if let s = context.app.models.serving(model), s.version == version { v["serving"] = .object(Views.serving(s)) }
        return .value(v)
    }
}
