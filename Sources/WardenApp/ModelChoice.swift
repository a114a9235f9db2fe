import DataFormats
import Registry
import Serving

/// Which model a request means when it may name none: the one rule of every operation that takes an optional model
/// (``ModelService/resolveModel(_:caller:)``, ``PredictionService/serving(_:caller:)``), counting only the models
/// the caller may act on, so a key limited to some models is never pointed at, or told about, another:
///
/// 1. the model the request names;
/// 2. the configured default model (`model.name`), when the caller may act on it;
/// 3. the only model served that the caller may act on;
/// 4. the only model in the registry that the caller may act on;
/// 5. none when the caller may see no model at all (nil: each operation says what that means);
/// 6. otherwise 400 `model_required`, listing the caller's models.
struct ModelChoice: Sendable {
    let host: ModelHost
    let versions: any VersionStore

    /// The model a request naming `named` (nil or empty: none) means for `caller`; nil when the caller sees no model.
    ///
    /// - Throws: ``AppError`` `model_required` when several models qualify and none is named; `storage_error`.
    func model(named: String?, caller: Caller) async throws -> String? {
        if let named, !named.isEmpty { return named }
        if let d = host.defaultModel, caller.covers(model: d) { return d }
        let served = host.loadedModels.filter { $0.serving && caller.covers(model: $0.model.model) }
        if served.count == 1 { return served[0].model.model }
        let models = try await versions.models().filter(caller.covers(model:))
        if models.count == 1 { return models[0] }
        if models.isEmpty { return nil }
        throw AppError(
            .modelRequired,
            "several models exist (\(models.joined(separator: ", "))) and the request names none; name one with "
                + "?model= (or the body's \"model\")",
            details: ["models": .array(models.map(JSONValue.string))])
    }
}
