import AccessControl
import Foundation
import HTTPTypes
import Hummingbird
import ModelPackage
import PackageImport
import Registry
import WardenApp

extension UIFace {
    /// The import page: upload a package ZIP (validated like every import: structure, SHA-256, schema, trial load,
    /// quality rules) and see the validation result with every error and warning; the recent imports.
    func addImportRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/import", .readImports) { _, _, visitor in
            try await importPage(visitor, result: nil)
        }
        action(
            router, "ui/import", .importPackage, upload: true,
            failure: { error, _ in
                // A refused package: the page again, with the validation result that refused it.
                guard let e = error as? ImportError else { return nil }
                return UIPage(
                    template: "import", title: "Import", section: "import",
                    data: [
                        "result": Self.importResult(ok: false, version: e.version, message: e.message, e.report),
                        "modeAllows": true,
                    ])
            }
        ) { form, _, visitor in
            guard let file = form.files["package"], !file.bytes.isEmpty else {
                throw AppError(.invalidRequest, "choose a package ZIP to upload")
            }
            let name = String(file.fileName.split(separator: "/").last?.prefix(200) ?? "upload.zip")
            let result = try await app.imports.importUpload(file.bytes, fileName: name)
            return .page(
                try await importPage(
                    visitor,
                    result: Self.importResult(
                        ok: true, version: result.record.version,
                        message: "Imported \(result.record.model) \(result.record.version) from \(name).",
                        result.report,
                        path: "/ui/models/\(UIForm.encode(result.record.model))/"
                            + UIForm.encode(result.record.version))))
        }
    }

    func importPage(_ visitor: Visitor, result: [String: Any]?) async throws -> UIPage {
        let history = try await app.imports.importHistory(model: nil).suffix(30).reversed().map {
            [
                "at": UIFormat.date($0.at), "model": $0.model, "version": $0.version ?? "—", "source": $0.source,
                "outcome": $0.outcome.rawValue, "failed": $0.outcome != .imported, "message": $0.message ?? "",
            ] as [String: Any]
        }
        var data: [String: Any] = [
            "history": Array(history), "hasHistory": !history.isEmpty,
            "modeAllows": app.modes.mode.permits(AppOperation.importPackage.action),
        ]
        if let result { data["result"] = result }
        return UIPage(template: "import", title: "Import", section: "import", data: data)
    }

    static func importResult(
        ok: Bool, version: String?, message: String, _ report: ValidationReport?, path: String? = nil
    ) -> [String: Any] {
        func issues(_ list: [ValidationIssue]?) -> [[String: Any]] {
            (list ?? []).map { ["code": "\($0.code)", "message": $0.message] }
        }
        var r: [String: Any] = [
            "ok": ok, "message": message, "version": version ?? "—", "hasReport": report != nil,
            "score": UIFormat.number(report?.score, digits: 2), "errors": issues(report?.errors),
            "warnings": issues(report?.warnings), "recommendations": issues(report?.recommendations),
        ]
        if let path { r["path"] = path }
        return r
    }
}
