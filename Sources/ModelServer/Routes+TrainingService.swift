import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import PackageImport
import Registry
import WardenApp
import WardenViews

extension WardenServer {
    /// Seed 000/002's training-service endpoints: scan, connection check, import-latest, import by folder name; and
    /// a package uploaded as the request body.
    func addTrainingServiceRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get("training-service/models") { _, _ in
            let (folder, entries) = try await app.imports.scanTrainingService()
            return JSONResponse.make(.object([
                "models": .array(entries.map(Views.encoded)), "count": .int(entries.count),
                "path": .string(folder.root.path),
            ]))
        }
        group.get("training-service/connection") { _, _ in
            let c = await app.imports.trainingServiceConnection()
            var body: [String: JSONValue] = [
                "connected": .bool(c.connected), "path": Views.optional(c.path), "message": .string(c.message),
            ]
            if let n = c.modelsFound { body["models_found"] = .int(n) }
            return JSONResponse.make(.object(body))
        }
        group.post("import-latest") { _, _ in
            guard let result = try await app.imports.importLatest() else {
                return JSONResponse.make(.object(["success": true, "imported": .null, "message": "no new models"]))
            }
            return Self.imported(result)
        }
        group.post("import/:path") { _, context in
            Self.imported(try await app.imports.importFromTrainingService(try context.parameters.require("path")))
        }
        group.post("upload") { request, _ in
            // A deployment package ZIP as the body, read with the ZIP limits and validated like every import.
            let buffer = try await RequestBody.collect(request, limit: http.maxUploadBytes, timeout: 300)
            var name = request.headers[.xFilename] ?? "upload.zip"
            if !RequestMiddleware.isSane(name) { name = "upload.zip" }
            return Self.imported(try await app.imports.importUpload(Array(buffer.readableBytesView), fileName: name))
        }
    }

    static func imported(_ result: ImportResult) -> Response {
        JSONResponse.make(.object([
            "success": true, "model": .string(result.record.model), "version": .string(result.record.version),
            "status": .string(result.record.status.rawValue),
            "warnings": .array(result.report.warnings.map(Views.encoded)),
        ]), status: .created)
    }
}
