import DataFormats
import Foundation
import Hummingbird
import Registry
import Serving

extension WardenServer {
    /// Seed 004's model versioning endpoints under `/api/model/...`.
    func addVersioningRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get("model/versions") { request, _ in
            let model = try await modelName(request)
            let records = try await store.records(model: model).reversed()
            let current = try? host.serving(model)
            return JSONResponse.make(.object([
                "versions": .array(records.map { r in
                    let metadata = Views.Metadata(r)
                    return .object([
                        "version": .string(r.version), "created_at": metadata.createdAt, "metrics": metadata.metrics,
                        "description": Views.optional(r.description), "tags": .array(r.tags.map(JSONValue.string)),
                        "file_size": .int(Views.fileSize(r)), "status": .string(r.status.rawValue),
                    ])
                }),
                "count": .int(records.count), "current_version": Views.optional(current?.version),
                "production_version": Views.optional(records.first { $0.status == .production }?.version),
            ]))
        }
        group.post("model/save") { request, _ in try await save(request) }
        group.post("model/load/:version") { request, context in
            let version = try context.parameters.require("version")
            let model = try await modelName(request)
            let outcome = try await host.perform(.deploy(version), model: model, actor: actor(request), reason: "load via API")
            let record: VersionRecord
            if let loaded = outcome.serving?.record { record = loaded } else {
                record = try await store.record(model: model, version: version)
            }
            let metadata = Views.Metadata(record)
            return JSONResponse.make(.object([
                "success": true, "version": .string(version),
                "metadata": .object(["created_at": metadata.createdAt, "metrics": metadata.metrics]),
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
            _ = try await host.perform(
                .promote(version), model: try await modelName(request), actor: actor(request), reason: reason,
                force: force)
            return JSONResponse.make(.object([
                "success": true, "production_version": .string(version), "forced": .bool(force),
            ]))
        }
    }

    /// Seed 004's "save": a new version `manual-YYYYMMDD-HHMMSS` of the serving model, pointing at the same
    /// content-addressed files (nothing copied), with the body's description and tags. Status `available`.
    func save(_ request: Request) async throws -> Response {
        let body = try await RequestBody.optionalJSON(request)
        let model = try await modelName(request)
        let current = try await serving(model)
        var tags: [String] = []
        if let t = body?["tags"] {
            tags = try stringList(t, name: "tags")
        }
        let description = body?["description"]?.string
        let now = Date()
        let stamp = now.formatted(Date.VerbatimFormatStyle(
            format: "\(year: .defaultDigits)\(month: .twoDigits)\(day: .twoDigits)-\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased))\(minute: .twoDigits)\(second: .twoDigits)",
            timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
        var record = current.record
        record.version = "manual-\(stamp)"
        record.status = .imported
        record.failureReason = nil
        record.tags = tags
        record.description = description ?? "Saved from version \(current.version)"
        record.importSource = "save:\(current.model)/\(current.version)"
        record.importedAt = now
        try await store.insert(record)
        try await store.recordImport(
            ImportEvent(
                model: model, source: record.importSource, version: record.version, outcome: .imported, at: now,
                message: "saved from the serving version \(current.version)"))
        return JSONResponse.make(.object([
            "success": true, "version": .string(record.version),
            "metadata": .object([
                "created_at": Views.date(now), "metrics": Views.Metadata(record).metrics, "file_size": .int(Views.fileSize(record)),
                "saved_from": .string(current.version), "tags": .array(tags.map(JSONValue.string)),
                "description": Views.optional(record.description),
            ]),
        ]), status: .created)
    }
}
