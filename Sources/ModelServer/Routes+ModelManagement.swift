import DataFormats
import Foundation
import Hummingbird
import PackageImport
import Registry
import Serving

extension WardenServer {
    /// Seed 000's enhanced model management endpoints, `/api/v1/model-management/...` (seed 002's router).
    func addModelManagementRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get("models") { request, _ in
            let model = try await modelName(request)
            let records = try await store.records(model: model).reversed()
            let current = try? host.serving(model)
            return JSONResponse.make(.object([
                "model": .string(model), "models": .array(records.map { .object(Views.version($0)) }),
                "count": .int(records.count), "current_version": Views.optional(current?.version),
            ]))
        }
        group.get("models/:version") { request, context in
            let record = try await store.record(
                model: try await modelName(request), version: try context.parameters.require("version"))
            var v = Views.versionDetail(record)
            if let s = try? host.serving(record.model), s.version == record.version { v["serving"] = .object(Views.serving(s)) }
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
            try await validate(request, version: try context.parameters.require("version"))
        }
        group.get(":version/validation-report") { request, context in
            let version = try context.parameters.require("version")
            let record = try await store.record(model: try await modelName(request), version: version)
            guard let report = record.validationReport else {
                throw APIError(
                    .notFound, code: "no_validation_report",
                    "version '\(version)' has no stored validation report (it was not imported from a package); "
                        + "POST /api/v1/model-management/\(version)/validate checks it now",
                    details: ["version": .string(version)])
            }
            return JSONResponse.make(.object([
                "model": .string(record.model), "version": .string(version), "report": Views.encoded(report),
            ]))
        }
        group.post(":version/validate-compatibility") { request, context in
            try await compatibility(request, version: try context.parameters.require("version"))
        }
        group.get("transfer-history") { _, _ in
            let events = try await store.transferHistory()
            return JSONResponse.make(.object([
                "transfers": .array(events.reversed().map(Views.encoded)), "count": .int(events.count),
            ]))
        }
        group.delete("transfer-history") { request, _ in
            var cutoff: Date?
            if let days = request.uri.queryParameters["older_than_days"] {
                guard let d = Double(String(days)), d >= 0, d.isFinite else {
                    throw APIError(
                        .badRequest, code: "invalid_request", "older_than_days must be a non-negative number")
                }
                cutoff = Date().addingTimeInterval(-d * 86_400)
            }
            let removed = try await store.clearTransferHistory(olderThan: cutoff)
            return JSONResponse.make(.object(["success": true, "removed": .int(removed)]))
        }
        addTrainingServiceRoutes(to: group)
    }

    /// Validates a stored version now: the import-time report, plus a fresh load and trial inference.
    func validate(_ request: Request, version: String) async throws -> Response {
        let model = try await modelName(request)
        let record = try await store.record(model: model, version: version)
        var loadCheck: [String: JSONValue] = ["ok": true]
        do {
            let loaded = try await host.loader.load(record)
            loadCheck["estimator"] = .string(loaded.estimatorClass)
            loadCheck["n_features"] = .int(loaded.nFeatures)
            loadCheck["threshold"] = .double(loaded.threshold)
        } catch {
            loadCheck = ["ok": false, "error": .string(error.message)]
        }
        let reportValid = record.validationReport?.isValid ?? true
        let loads = loadCheck["ok"] == .bool(true)
        return JSONResponse.make(.object([
            "model": .string(model), "version": .string(version), "valid": .bool(reportValid && loads),
            "load_check": .object(loadCheck),
            "quality_score": record.validationReport.map { .double($0.score) } ?? .null,
            "errors": .array((record.validationReport?.errors ?? []).map(Views.encoded)),
            "warnings": .array((record.validationReport?.warnings ?? []).map(Views.encoded)),
            "recommendations": .array((record.validationReport?.recommendations ?? []).map(Views.encoded)),
        ]))
    }

    /// Whether a version can replace the serving one without changing what clients send: same features, same
    /// order, same count.
    func compatibility(_ request: Request, version: String) async throws -> Response {
        let model = try await modelName(request)
        let candidate = try await host.loader.load(model: model, version: version)
        guard let current = try? host.serving(model) else {
            return JSONResponse.make(.object([
                "model": .string(model), "version": .string(version), "compatible": true,
                "current_version": .null, "issues": .array([]),
                "note": "no version is serving; nothing to be compatible with",
            ]))
        }
        var issues: [JSONValue] = []
        if candidate.nFeatures != current.nFeatures {
            issues.append(.string("takes \(candidate.nFeatures) features; the serving version takes \(current.nFeatures)"))
        }
        if let a = candidate.featureNames, let b = current.featureNames, a != b {
            let missing = b.filter { !a.contains($0) }, extra = a.filter { !b.contains($0) }
            if missing.isEmpty, extra.isEmpty {
                issues.append("the same features in a different order")
            } else {
                if !missing.isEmpty { issues.append(.string("drops features: \(missing.joined(separator: ", "))")) }
                if !extra.isEmpty { issues.append(.string("needs new features: \(extra.joined(separator: ", "))")) }
            }
        } else if (candidate.featureNames == nil) != (current.featureNames == nil) {
            issues.append("one version has feature names and the other has none")
        }
        var notes: [JSONValue] = []
        if candidate.estimatorClass != current.estimatorClass {
            notes.append(.string("estimator changes from \(current.estimatorClass) to \(candidate.estimatorClass)"))
        }
        if candidate.threshold != current.threshold {
            notes.append(.string("threshold changes from \(current.threshold) to \(candidate.threshold)"))
        }
        return JSONResponse.make(.object([
            "model": .string(model), "version": .string(version), "current_version": .string(current.version),
            "compatible": .bool(issues.isEmpty), "issues": .array(issues), "notes": .array(notes),
        ]))
    }
}
