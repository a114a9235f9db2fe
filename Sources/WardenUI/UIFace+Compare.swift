import Foundation
import HTTPTypes
import Hummingbird
import ModelPackage
import Registry
import WardenApp

extension UIFace {
    /// Compare two versions of a model side by side (``ModelService/sideBySide(model:_:_:)``): status, metadata,
    /// validation, the training metrics with their difference, and the features.
    func addCompareRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/compare", .readModels) { request, _, visitor in
            try await comparePage(UIForm(encoded: request.uri.query.map { Substring($0) } ?? ""), visitor)
        }
    }

    func comparePage(_ query: UIForm, _ visitor: Visitor) async throws -> UIPage {
        let caller = visitor.caller
        let names = try await app.models.models(visibleTo: caller)
        let model = try await app.models.resolveModel(Self.nonEmpty(query["model"]), caller: caller)
        let choices = try await app.models.page(model: model, offset: 0, limit: ModelService.maximumPageSize).versions
        let a = Self.nonEmpty(query["a"])
        let b = Self.nonEmpty(query["b"])
        func options(_ chosen: String?) -> [[String: Any]] {
            choices.map { ["version": $0.version, "label": "\($0.version) (\($0.status.rawValue))", "selected": $0.version == chosen] }
        }
        var data: [String: Any] = [
            "model": model, "models": names.map { ["name": $0, "selected": $0 == model] as [String: Any] },
            "optionsA": options(a), "optionsB": options(b),
        ]
        if let a, let b {
            let s = try await app.models.sideBySide(model: model, a, b)
            func side(_ x: VersionSideBySide.Side) -> [String: Any] {
                let r = x.record
                let report = r.validationReport
                return [
                    "version": r.version, "path": "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(r.version))",
                    "status": r.status.rawValue, "serving": x.serving,
                    "imported": UIFormat.date(r.importedAt), "source": r.importSource,
                    "tags": r.tags.isEmpty ? "—" : r.tags.joined(separator: ", "), "description": r.description ?? "—",
                    "estimator": x.summary?.className ?? "—", "sklearn": x.summary?.sklearnVersion ?? "—",
                    "features": x.summary.map { "\($0.nFeaturesIn)" } ?? "—",
                    "estimators": x.summary?.nEstimators.map { "\($0)" } ?? "—",
                    "threshold": UIFormat.number(r.inferenceConfig.threshold, digits: 6),
                    "verdict": report.map { $0.isValid ? "valid" : "invalid" } ?? "not validated",
                    "score": UIFormat.number(report?.score, digits: 2),
                    "errors": report?.errors.count ?? 0, "warnings": report?.warnings.count ?? 0,
                    "size": UIFormat.bytes(r.files.reduce(0) { $0 + $1.size }),
                ]
            }
            let metrics = s.metrics.metrics.map {
                [
                    "name": $0.name, "a": UIFormat.number($0.a, digits: 4), "b": UIFormat.number($0.b, digits: 4),
                    "difference": $0.difference.map { ($0 > 0 ? "+" : "") + UIFormat.number($0, digits: 4) } ?? "—",
                ] as [String: Any]
            }
            data["result"] = [
                "a": side(s.a), "b": side(s.b), "metrics": metrics, "hasMetrics": !metrics.isEmpty,
                "shared": s.sharedFeatures.joined(separator: ", "), "onlyA": s.onlyA.joined(separator: ", "),
                "onlyB": s.onlyB.joined(separator: ", "), "hasOnlyA": !s.onlyA.isEmpty, "hasOnlyB": !s.onlyB.isEmpty,
                "sameFeatures": s.onlyA.isEmpty && s.onlyB.isEmpty,
            ] as [String: Any]
        }
        return UIPage(
            template: "compare", title: a != nil && b != nil ? "Compare \(a ?? "") and \(b ?? "")" : "Compare versions",
            section: "models", data: data)
    }
}
