import DataFormats
import Foundation
import Hummingbird
import Registry
import Serving
import WardenApp
import WardenViews

extension WardenServer {
    /// `/health` (also MLflow's), `/ping`, `/version`, and seed 004's `/api/health/detailed`.
    func addHealthRoutes(to router: Router<WardenRequestContext>) {
        router.get("health") { _, _ in
            let h = app.health()
            return JSONResponse.make(.object(Views.health(h)), status: h.level == .unhealthy ? .serviceUnavailable : .ok)
        }
        router.get("ping") { _, _ in
            let h = app.health()
            return JSONResponse.make(
                .object(["status": .string(h.level.rawValue)]), status: h.level == .unhealthy ? .serviceUnavailable : .ok)
        }
        router.get("version") { _, _ in
            JSONResponse.make(.object(["name": "warden", "version": .string(app.settings.wardenVersion)]))
        }
        router.get("api/health/detailed") { request, _ in
            // A key limited to some models sees only those (the public /health names every served model).
            let who = caller(request)
            let h = app.health(visibleTo: who)
            var body = Views.health(h)
            let current = try? await app.predictions.serving(nil, caller: who)
            let production = app.predictions.loaded(visibleTo: who).first {
                $0.serving && $0.model.record.status == .production
            }?.model
            let dataDir = app.settings.dataDirectory.path
            let attributes = try? FileManager.default.attributesOfFileSystem(forPath: dataDir)
            let free = (attributes?[.systemFreeSize] as? NSNumber)?.doubleValue
            body["timestamp"] = Views.date(Date())
            body["system"] = .object([
                "initialized": true, "running": true, "warden_version": .string(app.settings.wardenVersion),
                "uptime_seconds": .double(Date().timeIntervalSince(app.settings.startedAt)),
            ])
            var files: [String: JSONValue] = [:]
            if let current {
                for name in ["model.joblib", "scaler.joblib", "metadata.json", "deployment_manifest.json"] {
                    files[name] = .bool(current.record.files.contains { $0.name == name })
                }
            }
            body["model"] = .object([
                "healthy": .bool(current != nil), "model_dir_exists": .bool(FileManager.default.fileExists(atPath: dataDir)),
                "required_files": .object(files), "disk_space_available": .bool((free ?? 0) > 100 * 1_048_576),
                "disk_space_mb": free.map { .double(($0 / 1_048_576 * 10).rounded() / 10) } ?? .null,
            ])
            body["version"] = .object([
                "current": Views.optional(current?.version), "production": Views.optional(production?.version),
            ])
            body["mode"] = .string(app.modes.mode.rawValue)
            body["mode_since"] = Views.date(app.modes.since)
            body["authentication"] = .bool(app.authenticates)
            return JSONResponse.make(.object(body), status: h.level == .unhealthy ? .serviceUnavailable : .ok)
        }
    }
}
