import DataFormats
import WardenApp
import WardenViews

/// `explain_window`: why an anomaly's window was flagged — its features and stored contributors
/// (`GET /api/v1/anomalies/{id}`, rendered as an explanation).
struct ExplainWindowTool: MCPTool {
    let definition = ToolDefinition(
        name: "explain_window", title: "Explain an anomaly's window",
        description: """
            Why an agent flagged a window: the anomaly's agent, access point (ap) and window, the model version \
            that scored it with its score and threshold (the window is anomalous when score > threshold), the \
            classifier's type, severity, confidence and description, who detected it (model, rule or both, with \
            the rules), the window's 17 features, and the contributors: the features that deviate most from the \
            model's training reference, each with its value and standardised deviation z, strongest first.
            """,
        parameters: [.anomalyID],
        output: Schema.object(
            [
                "id": Schema.integer, "agent": Schema.string, "ap": Schema.string, "window_start": Schema.string,
                "window_end": Schema.string, "event_count": Schema.integer, "model": Schema.string,
                "model_version": Schema.string, "type": Schema.string, "severity": Schema.string,
                "confidence": Schema.number, "score": Schema.number, "threshold": Schema.number,
                "description": Schema.string, "status": Schema.string, "detected_by": Schema.anyObject,
                "features": Schema.anyObject,
                "contributors": Schema.array(
                    Schema.object(
                        ["feature": Schema.string, "value": Schema.number, "z": Schema.number],
                        required: ["feature", "value", "z"])),
            ],
            required: [
                "id", "agent", "ap", "window_start", "window_end", "model", "model_version", "type", "severity",
                "score", "threshold", "description", "features", "contributors",
            ]),
        operation: .readAnomalies, effect: .readOnly, subject: .anomaly)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let stored = try await context.app.anomalies.get(Int64(arguments.int("id") ?? 0), caller: context.caller)
        return .value(Views.fields(Views.explanation(stored)))
    }
}
