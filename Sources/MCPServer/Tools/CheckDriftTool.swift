import DataFormats
import WardenApp
import WardenViews

/// `check_drift`: runs a drift check of a version now and records the alerts it raises or clears
/// (`POST /api/v1/model-management/performance/{version}/check-drift`).
struct CheckDriftTool: MCPTool {
    let definition = ToolDefinition(
        name: "check_drift", title: "Check a version for drift",
        description: """
            Runs a drift check of a version (default: the serving one) now: its recent predictions against its \
            reference (the package's reference sample, else its baseline). Returns drift_detected, the drift \
            score, the baseline distance, per-feature data drift (KS test, Wasserstein distance) and performance \
            indicators, and records the alerts the check raises or clears (alerts, raised_alerts).
            """,
        parameters: [.model, .servingVersion],
        output: Schema.object(
            [
                "model": Schema.string, "version": Schema.string, "drift_detected": Schema.boolean,
                "alerts": Schema.array(Schema.anyObject), "raised_alerts": Schema.array(Schema.string),
            ], required: ["model", "version", "drift_detected", "alerts", "raised_alerts"]),
        operation: .readMonitoring, effect: .additive, idempotent: false)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let (model, version) = try await context.version(arguments)
        let monitoring = context.app.monitoring
        let (check, events) = try await monitoring.check(model: model, version: version)
        let raised = try await monitoring.raisedAlerts(model: model, version: version)
        return .value(Views.driftCheck(check, events: events, raised: raised))
    }
}
