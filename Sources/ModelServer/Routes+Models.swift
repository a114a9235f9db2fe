import DataFormats
import Foundation
import Hummingbird
import ModelRuntime
import Registry
import Serving

extension WardenServer {
    /// Seed 000's primary model endpoints, `/api/v1/models/...`. `{model_id}` and `{version}` are version names of
    /// the model chosen with `?model=` (default: the configured or only model).
    func addModelsRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get { request, _ in
            var all: [JSONValue] = []
            let models: [String]
            if let m = request.uri.queryParameters["model"] { models = [String(m)] } else { models = try await store.models() }
            for model in models {
                for r in try await store.records(model: model).reversed() { all.append(.object(Views.version(r))) }
            }
            let current = try? host.serving(request.uri.queryParameters["model"].map(String.init))
            return JSONResponse.make(.object([
                "models": .array(all), "count": .int(all.count),
                "current_version": Views.optional(current?.version),
            ]))
        }
        group.get("current") { request, _ in
            let s = try await serving(request.uri.queryParameters["model"].map(String.init))
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
            let model = try await modelName(request)
            let record = try await store.record(model: model, version: try context.parameters.require("version"))
            return JSONResponse.make(.object(Views.versionDetail(record)))
        }
        group.post(":version/activate") { request, context in
            // Seed 000's "activate" makes the version the active (serving) one: re-enable it when it was
            // deactivated or failed, then deploy it.
            let version = try context.parameters.require("version")
            let model = try await modelName(request)
            let status = try await store.record(model: model, version: version).status
            if status == .deactivated || status == .failed {
                try await host.perform(.activate(version), model: model, actor: actor(request), reason: "activate via API")
            }
            if try await store.record(model: model, version: version).status.isServing {
                return JSONResponse.make(.object([
                    "success": true, "model": .string(model), "version": .string(version),
                    "command": "activate", "serving_version": .string(version),
                ]))
            }
            return try await lifecycle(.deploy(version), request, reason: "activate via API")
        }
        group.post(":version/deactivate") { request, context in
            try await lifecycle(.deactivate(try context.parameters.require("version")), request)
        }
        group.post(":version/deploy") { request, context in
            try await lifecycle(.deploy(try context.parameters.require("version")), request)
        }
    }

    /// `/api/v1/models/analyze`: feature rows now; raw log entries belong to the agents.
    func analyze(_ request: Request) async throws -> Response {
        try await predict(request, bareArrayAllowed: true)
    }

    /// Runs a lifecycle command on the model the request names; the body may carry `{"reason": "..."}`.
    func lifecycle(_ command: LifecycleCommand, _ request: Request, reason: String? = nil) async throws -> Response {
        let model = try await modelName(request)
        var why = reason
        if let body = try await RequestBody.optionalJSON(request), let r = body["reason"]?.string { why = r }
        let outcome = try await host.perform(command, model: model, actor: actor(request), reason: why)
        return JSONResponse.make(Views.outcome(outcome))
    }
}
