import DataFormats
import Foundation
import Hummingbird
import Registry
import Serving
import WardenApp
import WardenViews

extension WardenServer {
    /// Seed 000's enhanced model management endpoints, `/api/v1/model-management/...` (seed 002's router).
    func addModelManagementRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get("models") { request, _ in
            // Paged: ?limit= (1–1000) and ?offset=; without limit every version (the seed's shape).
            let model = try await modelName(request)
            let query = request.uri.queryParameters
            let offset = try Self.intParameter(query["offset"], name: "offset") ?? 0
            let limit = try Self.intParameter(query["limit"], name: "limit")
            let page = try await app.models.page(model: model, offset: offset, limit: limit)
            return JSONResponse.make(.object([
                "model": .string(model), "models": .array(page.versions.map { .object(Views.version($0)) }),
                "count": .int(page.versions.count), "total": .int(page.total), "offset": .int(page.offset),
                "current_version": Views.optional(app.models.serving(model)?.version),
            ]))
        }
        group.get("models/:version") { request, context in
            let record = try await app.models.record(
                model: try await modelName(request), version: try context.parameters.require("version"))
            var v = Views.versionDetail(record)
            if let s = app.models.serving(record.model), s.version == record.version {
                v["serving"] = .object(Views.serving(s))
            }
            return JSONResponse.make(.object(v))
        }
        group.post(":version/deploy") { request, context in
            try await lifecycle(.deploy(try context.parameters.require("version")), request)
        }
        group.post(":version/rollback") { request, context in
            try await lifecycle(.rollback(to: try context.parameters.require("version")), request)
        }
        group.post("rollback") { request, _ in
            try await lifecycle(.rollback(to: nil), request)
        }
        group.post(":version/validate") { request, context in
            let check = try await app.models.validate(
                model: try await modelName(request), version: try context.parameters.require("version"))
            return JSONResponse.make(Views.validation(check))
        }
        group.get(":version/validation-report") { request, context in
            let model = try await modelName(request)
            let version = try context.parameters.require("version")
            let report = try await app.models.validationReport(model: model, version: version)
            return JSONResponse.make(.object([
                "model": .string(model), "version": .string(version), "report": Views.encoded(report),
            ]))
        }
        group.post(":version/validate-compatibility") { request, context in
            let result = try await app.models.compatibility(
                model: try await modelName(request), version: try context.parameters.require("version"))
            return JSONResponse.make(Views.compatibility(result))
        }
        group.get("transfer-history") { _, _ in
            let events = try await app.imports.transfers()
            return JSONResponse.make(.object([
                "transfers": .array(events.reversed().map(Views.encoded)), "count": .int(events.count),
            ]))
        }
        group.delete("transfer-history") { request, _ in
            var days: Double?
            if let text = request.uri.queryParameters["older_than_days"] {
                guard let d = Double(String(text)) else {
                    throw APIError(
                        .badRequest, code: "invalid_request", "older_than_days must be a non-negative number")
                }
                days = d
            }
            let removed = try await app.imports.clearTransfers(olderThanDays: days)
            return JSONResponse.make(.object(["success": true, "removed": .int(removed)]))
        }
        addTrainingServiceRoutes(to: group)
    }

    /// A whole-number query parameter, nil when absent.
    static func intParameter(_ text: Substring?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            throw APIError(.badRequest, code: "invalid_limit", "\(name) must be a whole number, got '\(text)'")
        }
        return value
    }
}
