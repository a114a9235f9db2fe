import DataFormats
import WardenApp

/// `get_performance`: a version's performance report (`GET /api/v1/model-management/performance/{version}/report`).
struct GetPerformanceTool: MCPTool {
    let definition = ToolDefinition(
        name: "get_performance", title: "Performance of a version",
        description: """
            The performance report of a version (default: the serving one): performance indicators, statistics of \
            the recent prediction window (latency percentiles, score distribution, anomaly rate, error rate), the \
            last day's aggregates, the drift check and recent alerts. The same document as the resource \
            warden://models/{name}/versions/{version}/performance-report.
            """,
        parameters: [.model, .servingVersion],
        output: Schema.object(
            [
                "model": Schema.string, "version": Schema.string, "generated_at": Schema.string,
                "window": Schema.anyObject, "drift": Schema.anyObject, "raised_alerts": Schema.array(Schema.string),
            ], required: ["model", "version", "window", "drift"]),
        operation: .readMonitoring, effect: .readOnly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let (model, version) = try await context.version(arguments)
        return .value(try await VersionReport.performance.read(model: model, version: version, app: context.app))
    }
}
