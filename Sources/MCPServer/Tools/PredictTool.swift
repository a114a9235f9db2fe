import DataFormats
import Serving
import WardenApp
import WardenViews

/// `predict`: scores feature rows with the serving version (or a named one) and answers exactly as `/predict`
/// does: `predictions`, `scores`, `threshold`, `anomaly_count`, `total_samples`, `model`, `model_version`.
struct PredictTool: MCPTool {
    static let outputNames = ["score_samples", "decision_function", "predict", "predict_proba"]

    let definition = ToolDefinition(
        name: "predict", title: "Score feature rows",
        description: """
            Scores rows of features with the model's serving version (or the named version) and returns what \
            POST /predict returns: per row the label (1 anomaly, 0 normal) and the anomaly score, the threshold, \
            the anomaly count and the version that scored. Rows are objects keyed by feature name (get_version \
            lists a serving version's feature names). At most the version's inference_config.batch_size rows, \
            else the server's --max-rows (10000 by default).
            """,
        parameters: [
            .model,
            ToolParameter(
                "version", .string, "A version to score with instead of the serving one (loaded on first use)."),
            ToolParameter("rows", .rows, required: true, "The rows to score: [{feature: value, ...}, ...]."),
            ToolParameter(
                "missing_features", .choice(MissingFeaturePolicy.allCases.map(\.rawValue)),
                "What to do with a feature a row lacks: reject (the default) or zero (score it as 0.0)."),
            ToolParameter(
                "outputs", .strings(allowed: outputNames),
                "Extra per-row outputs of the final estimator (scikit-learn's method names)."),
        ],
        output: Schema.object(
            [
                "predictions": Schema.array(Schema.integer), "scores": Schema.array(Schema.number),
                "threshold": Schema.number, "anomaly_count": Schema.integer, "total_samples": Schema.integer,
                "model": Schema.string, "model_version": Schema.string, "warnings": Schema.array(Schema.string),
            ],
            required: [
                "predictions", "scores", "threshold", "anomaly_count", "total_samples", "model", "model_version",
            ]),
        operation: .predict, effect: .readOnly, idempotent: true)

    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
        let start = ContinuousClock.now
        let predictions = context.app.predictions
        let serving = try await predictions.resolve(
            model: arguments.string("model"), version: arguments.string("version"), caller: context.caller)
        let rows = arguments.array("rows") ?? []
        try serving.checkRows(rows.count, fallback: predictions.defaultMaxRows)
        let policy = arguments.string("missing_features").flatMap(MissingFeaturePolicy.init) ?? predictions.missingFeatures
        let input = try FeatureInput(rows: rows, for: serving, missing: policy)
        let outputs = try PredictionOutputs(names: arguments.strings("outputs"))
        let prediction = try predictions.score(input, on: serving, outputs: outputs, since: start)
        return .json(Views.prediction(prediction))
    }
}
