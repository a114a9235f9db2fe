import Foundation
import HTTPTypes
import Hummingbird
import ModelPackage
import PackageImport
import Registry
import Serving

extension WardenServer {
    /// Seed 000/002's training-service endpoints: scan, connection check, import-latest, import by folder name; and
    /// a package uploaded as the request body.
    func addTrainingServiceRoutes(to group: RouterGroup<WardenRequestContext>) {
        group.get("training-service/models") { _, _ in
            let folder = try trainingService()
            let entries = try await folder.scan(store: store)
            return JSONResponse.make(.object([
                "models": .array(entries.map(Views.encoded)), "count": .int(entries.count),
                "path": .string(folder.root.path),
            ]))
        }
        group.get("training-service/connection") { _, _ in
            guard let path = settings.trainingServicePath else {
                return JSONResponse.make(.object([
                    "connected": false, "path": .null,
                    "message": "integration.training_service_path is not configured",
                ]))
            }
            do {
                let folder = try TrainingServiceFolder(path: path)
                let entries = try await folder.scan(store: store)
                let readable = FileManager.default.isReadableFile(atPath: folder.modelsDirectory.path)
                return JSONResponse.make(.object([
                    "connected": .bool(readable), "path": .string(path), "models_found": .int(entries.count),
                    "message": .string(readable ? "ok" : "no readable models/ folder under \(path)"),
                ]))
            } catch let error as ImportError {
                return JSONResponse.make(.object(["connected": false, "path": .string(path), "message": .string(error.message)]))
            }
        }
        group.post("import-latest") { _, _ in
            let folder = try trainingService()
            let entries = try await folder.scan(store: store)
            guard let latest = entries.first(where: { $0.problem == nil && !$0.imported }) else {
                return JSONResponse.make(.object(["success": true, "imported": .null, "message": "no new models"]))
            }
            return try await importFolder(latest.name, folder)
        }
        group.post("import/:path") { _, context in
            try await importFolder(try context.parameters.require("path"), try trainingService())
        }
        group.post("upload") { request, _ in try await upload(request) }
    }

    func trainingService() throws -> TrainingServiceFolder {
        guard let path = settings.trainingServicePath, !path.isEmpty else {
            throw APIError(
                .serviceUnavailable, code: "training_service_not_configured",
                "no training service directory is configured; set integration.training_service_path")
        }
        return try TrainingServiceFolder(path: path)
    }

    /// `POST /api/v1/model-management/upload`: a deployment package ZIP as the request body, read with the ZIP
    /// limits and validated like every import (the same checks and errors as `warden import`).
    func upload(_ request: Request) async throws -> Response {
        let buffer = try await RequestBody.collect(request, limit: settings.maxUploadBytes, timeout: 300)
        guard buffer.readableBytes > 0 else {
            throw APIError(
                .badRequest, code: "empty_file", "the body is empty; send the package ZIP as the request body")
        }
        var name = request.headers[.xFilename] ?? "upload.zip"
        if !RequestMiddleware.isSane(name) { name = "upload.zip" }
        let archive: ZipArchive
        do {
            archive = try ZipArchive(bytes: Array(buffer.readableBytesView), limits: importer.configuration.limits)
        } catch {
            throw ImportError(error)
        }
        let result = try await importer.import(source: .archive(archive), origin: .upload(fileName: name))
        return JSONResponse.make(.object([
            "success": true, "model": .string(result.record.model), "version": .string(result.record.version),
            "status": .string(result.record.status.rawValue),
            "warnings": .array(result.report.warnings.map(Views.encoded)),
        ]), status: .created)
    }

    func importFolder(_ name: String, _ folder: TrainingServiceFolder) async throws -> Response {
        switch await folder.importFolder(name, importer: importer, fallbackModel: host.defaultModel ?? "wifi-anomaly") {
        case .success(let result):
            return JSONResponse.make(.object([
                "success": true, "model": .string(result.record.model), "version": .string(result.record.version),
                "status": .string(result.record.status.rawValue),
                "warnings": .array(result.report.warnings.map(Views.encoded)),
            ]), status: .created)
        case .failure(let error):
            throw error
        }
    }
}
