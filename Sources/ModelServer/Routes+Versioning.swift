import DataFormats
import Foundation
import Hummingbird
import Registry
import Serving
import WardenApp
import WardenViews

extension WardenServer {
    /// Seed 004's model versioning endpoints under `/api/model/...`.
    func addVersioningRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get("model/versions") { request, _ in
            let model = try await modelName(request)
            let page = try await app.models.page(model: model)
            return JSONResponse.make(.object([
                "versions": .array(page.versions.map { s in
                    .object([
                        "version": .string(s.version), "created_at": s.createdAt.map(JSONValue.string) ?? Views.date(s.importedAt),
                        "metrics": Views.doubles(s.metrics), "description": Views.optional(s.description),
                        "tags": .array(s.tags.map(JSONValue.string)), "file_size": .int(s.fileSize),
                        "status": .string(s.status.rawValue),
                    ])
                }),
                "count": .int(page.versions.count), "current_version": Views.optional(app.models.serving(model)?.version),
                "production_version": Views.optional(page.versions.first { $0.status == .production }?.version),
            ]))
        }
        group.post("model/save") { request, _ in try await save(request) }
        group.post("model/load/:version") { request, context in
            let version = try context.parameters.require("version")
            let model = try await modelName(request)
            let result = try await app.lifecycle.perform(
                .deploy(version), model: model, caller: caller(request), reason: "load via API")
            var record: VersionRecord
            if let loaded = result.serving?.record { record = loaded } else {
                record = try await app.models.record(model: model, version: version)
            }
            let summary = VersionSummary(record)
            return JSONResponse.make(.object([
                "success": true, "version": .string(version), "changed": .bool(result.changed),
                "metadata": .object([
                    "created_at": summary.createdAt.map(JSONValue.string) ?? Views.date(record.importedAt),
                    "metrics": Views.doubles(summary.metrics),
                ]),
            ]))
        }
        group.post("model/promote/:version") { request, context in
            let version = try context.parameters.require("version")
            // Promotion needs a passing validation report unless forced with a reason (?force=true&reason=… or
            // {"force": true, "reason": "…"}); promote is an admin endpoint, so only admins can force.
            let body = try await RequestBody.optionalJSON(request, limit: 64 * 1024)
            let query = request.uri.queryParameters
            let force = query["force"].map { $0 == "true" || $0 == "1" } ?? (body?["force"] == .bool(true))
            let reason = query["reason"].map(String.init) ?? body?["reason"]?.string
            let result = try await app.lifecycle.perform(
                .promote(version), model: try await modelName(request), caller: caller(request), reason: reason,
                force: force)
            return JSONResponse.make(.object([
                "success": true, "production_version": .string(version), "forced": .bool(force),
                "changed": .bool(result.changed),
            ]))
        }
    }

    /// Seed 004's "save": a new version `manual-YYYYMMDD-HHMMSS` of the serving model, pointing at the same
    /// content-addressed files (nothing copied), with the body's description and tags. Status `imported`.
    func save(_ request: Request) async throws -> Response {
        let body = try await RequestBody.optionalJSON(request)
        let model = try await modelName(request)
        _ = try await serving(model, request)  // 503 model_not_loaded before anything is written
        let tags = try Self.stringList(body?["tags"], name: "tags")
        let saved = try await app.models.save(model: model, tags: tags, description: body?["description"]?.string)
        let record = saved.record
        let summary = VersionSummary(record)
        return JSONResponse.make(.object([
            "success": true, "version": .string(record.version),
            "metadata": .object([
                "created_at": Views.date(record.importedAt), "metrics": Views.doubles(summary.metrics),
                "file_size": .int(summary.fileSize), "saved_from": .string(saved.savedFrom),
                "tags": .array(tags.map(JSONValue.string)), "description": Views.optional(record.description),
            ]),
        ]), status: .created)
    }
}
