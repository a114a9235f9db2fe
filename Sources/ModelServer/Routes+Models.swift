import DataFormats
import Foundation
import Hummingbird
import Registry
import Serving
import WardenApp
import WardenViews

extension WardenServer {
    /// Seed 000's primary model endpoints, `/api/v1/models/...`. `{model_id}` and `{version}` are version names of
    /// the model chosen with `?model=` (default: the configured or only model).
    func addModelsRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get { request, _ in
            let named = request.uri.queryParameters["model"].map(String.init)
            let summaries = try await app.models.summaries(model: named, caller: caller(request))
            let current = try? await app.predictions.serving(named, caller: caller(request))
            return JSONResponse.make(.object([
                "models": .array(summaries.map { .object(Views.version($0)) }), "count": .int(summaries.count),
                "current_version": Views.optional(current?.version),
            ]))
        }
        group.get("current") { request, _ in
            let s = try await serving(request.uri.queryParameters["model"].map(String.init), request)
            var v = Views.serving(s)
            v["loaded"] = true
            return JSONResponse.make(.object(v))
        }
        group.post("analyze") { request, _ in
            try await analyze(request)
        }
        group.post(":version/load") { request, context in
            try await lifecycle(.deploy(try context.parameters.require("version")), request, reason: "load via API")
        }
        group.get(":version/info") { request, context in
            let record = try await app.models.record(
                model: try await modelName(request), version: try context.parameters.require("version"))
            return JSONResponse.make(.object(Views.versionDetail(record)))
        }
        group.post(":version/activate") { request, context in
            // Seed 000's "activate" makes the version the active (serving) one: re-enable it when it was
            // deactivated or failed, then deploy it.
            let model = try await modelName(request)
            let result = try await app.lifecycle.activateAndServe(
                model: model, version: try context.parameters.require("version"), caller: caller(request),
                reason: try await reason(request) ?? "activate via API")
            return JSONResponse.make(Views.outcome(result))
        }
        group.post(":version/deactivate") { request, context in
            try await lifecycle(.deactivate(try context.parameters.require("version")), request)
        }
        group.post(":version/deploy") { request, context in
            try await lifecycle(.deploy(try context.parameters.require("version")), request)
        }
    }

    /// `/api/v1/models/analyze`: feature rows (and, with the agents, raw log records).
    func analyze(_ request: Request) async throws -> Response {
        try await predict(request, bareArrayAllowed: true)
    }

    /// Runs a lifecycle command on the model the request names; the body may carry `{"reason": "..."}`.
    func lifecycle(_ command: LifecycleCommand, _ request: Request, reason fallback: String? = nil) async throws
        -> Response
    {
        let model = try await modelName(request)
        let result = try await app.lifecycle.perform(
            command, model: model, caller: caller(request), reason: try await reason(request) ?? fallback)
        return JSONResponse.make(Views.outcome(result))
    }

    /// The `reason` of a JSON body, when the request has one.
    func reason(_ request: Request) async throws -> String? {
        try await RequestBody.optionalJSON(request)?["reason"]?.string
    }
}
