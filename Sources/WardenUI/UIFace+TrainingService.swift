import Foundation
import HTTPTypes
import Hummingbird
import PackageImport
import Registry
import WardenApp

extension UIFace {
    /// The training-service page: the folder's packages (scanned on every visit, each marked imported or new, with
    /// its problem when it cannot be imported), import one or the newest, scan the drop folder, the transfer
    /// history. The same ``ImportService`` operations as `GET /api/v1/model-management/training-service/models`,
    /// `POST …/import/{path}`, `POST …/import-latest` and `warden drop-folder scan`.
    func addTrainingServiceRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/import/training-service", .readImports) { _, _, visitor in
            try await trainingServicePage(visitor, dropResults: nil)
        }
        action(router, "ui/import/training-service/import", .importPackage) { form, _, _ in
            guard let name = Self.nonEmpty(form["name"]) else {
                throw AppError(.invalidRequest, "name the training-service folder to import")
            }
            let result = try await app.imports.importFromTrainingService(name)
            return .redirect(
                "/ui/import/training-service",
                Flash("Imported \(result.record.model) \(result.record.version) from the training service (\(name))."))
        }
        action(router, "ui/import/training-service/import-latest", .importPackage) { _, _, _ in
            guard let result = try await app.imports.importLatest() else {
                return .redirect("/ui/import/training-service", Flash("No new package in the training service."))
            }
            return .redirect(
                "/ui/import/training-service",
                Flash("Imported \(result.record.model) \(result.record.version), the newest new package."))
        }
        action(router, "ui/import/drop-folder", .importPackage) { _, _, visitor in
            let items = await app.imports.scanDropFolder()
            return .page(try await trainingServicePage(visitor, dropResults: items))
        }
    }

    func trainingServicePage(_ visitor: Visitor, dropResults: [DropFolderItem]?) async throws -> UIPage {
        let connection = await app.imports.trainingServiceConnection()
        var data: [String: Any] = [
            "connected": connection.connected, "servicePath": connection.path ?? "not configured",
            "connection": connection.message,
            "modeAllows": app.modes.mode.permits(AppOperation.importPackage.action),
        ]
        if connection.path != nil {
            do {
                let (_, entries) = try await app.imports.scanTrainingService()
                data["entries"] = entries.map {
                    [
                        "name": $0.name, "version": $0.version ?? "—", "created": $0.createdAt ?? "—",
                        "type": $0.modelType ?? "—", "samples": $0.trainingSamples.map { "\($0)" } ?? "—",
                        "imported": $0.imported, "problem": $0.problem ?? "", "hasProblem": $0.problem != nil,
                        "importable": !$0.imported && $0.problem == nil,
                    ] as [String: Any]
                }
                data["hasEntries"] = !entries.isEmpty
                data["hasNew"] = entries.contains { !$0.imported && $0.problem == nil }
            } catch {
                data["scanError"] = ErrorDescription(error).message
                data["hasScanError"] = true
            }
        }
        if let dropResults {
            data["dropped"] = dropResults.map { item -> [String: Any] in
                switch item.outcome {
                case .success(let r):
                    return [
                        "name": item.name, "ok": true,
                        "message": "imported \(r.record.model) \(r.record.version)",
                        "path": "/ui/models/\(UIForm.encode(r.record.model))/\(UIForm.encode(r.record.version))",
                    ]
                case .failure(let e):
                    return ["name": item.name, "ok": false, "message": e.message]
                }
            }
            data["dropScanned"] = true
            data["hasDropped"] = !dropResults.isEmpty
        }
        let transfers = try await app.imports.transfers().suffix(50).reversed().map {
            [
                "at": UIFormat.date($0.at), "source": $0.source, "model": $0.model, "version": $0.version,
                "status": $0.status, "failed": $0.status == "failed",
                "message": $0.message ?? "",
            ] as [String: Any]
        }
        data["transfers"] = Array(transfers)
        data["hasTransfers"] = !transfers.isEmpty
        return UIPage(template: "training", title: "Training service", section: "import", data: data)
    }
}
