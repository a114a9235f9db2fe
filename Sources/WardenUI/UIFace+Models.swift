import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import ModelPackage
import Registry
import WardenApp

extension UIFace {
    /// The registry table and the version page with its lifecycle actions, each behind a confirmation page.
    func addModelRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/models", .readModels) { request, _, visitor in
            try await registryTable(UIForm(encoded: request.uri.query.map { Substring($0) } ?? ""), visitor)
        }
        page(router, "ui/models/:model/:version", .readModels) { _, context, visitor in
            try await versionPage(
                model: try context.parameters.require("model"), version: try context.parameters.require("version"),
                visitor)
        }
        page(router, "ui/models/:model/:version/confirm/:action", .readModels) { _, context, visitor in
            let model = try context.parameters.require("model")
            let version = try context.parameters.require("version")
            let name = try context.parameters.require("action")
            guard let action = VersionAction(rawValue: name) else {
                throw AppError(
                    .invalidRequest,
                    "no action '\(name.prefix(40))': deploy, rollback, promote, activate, deactivate, delete")
            }
            return try await confirmPage(model: model, version: version, action: action, visitor)
        }
        for action in VersionAction.allCases {
            self.action(router, RouterPath("ui/models/:model/:version/\(action.rawValue)"), action.operation) {
                form, context, visitor in
                let model = try context.parameters.require("model")
                let version = try context.parameters.require("version")
                let reason = form["reason"].flatMap { $0.isEmpty ? nil : String($0.prefix(1000)) }
                let force = form["force"] == "on"
                let result = try await app.lifecycle.perform(
                    action.command(version), model: model, caller: visitor.caller, reason: reason, force: force)
                let text =
                    result.changed
                    ? "\(action.done) \(action == .rollback ? model : version)"
                        + (result.serving.map { "; \($0.version) serves \(model)" } ?? "") + "."
                    : "Nothing changed: \(version) already is in that state."
                let back =
                    action == .delete
                    ? "/ui/models?model=\(UIForm.encode(model))"
                    : "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(result.serving?.version ?? version))"
                return .redirect(
                    action == .rollback || action == .delete ? back : UIForm.back(form["back"]), Flash(text))
            }
        }
    }

    /// Tag and describe a version: the same `setTags` / `setDescription` operations as `warden models tag` and
    /// `warden models describe` (admin; registry writes, so the serving mode must allow them).
    func addAnnotationRoutes<Context: RequestContext>(to router: Router<Context>) {
        action(router, "ui/models/:model/:version/tag", .tag) { form, context, _ in
            let model = try context.parameters.require("model")
            let version = try context.parameters.require("version")
            let tags = try Self.tags(form["tags"] ?? "")
            try await app.models.setTags(tags, model: model, version: version)
            return .redirect(
                "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(version))",
                Flash(tags.isEmpty ? "Removed the tags of \(version)." : "Tagged \(version): \(tags.joined(separator: ", ")).")
            )
        }
        action(router, "ui/models/:model/:version/describe", .describe) { form, context, _ in
            let model = try context.parameters.require("model")
            let version = try context.parameters.require("version")
            let text = (form["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count <= Self.maximumDescription else {
                throw AppError(
                    .invalidRequest,
                    "the description has \(text.count) characters; at most \(Self.maximumDescription) are allowed")
            }
            try await app.models.setDescription(text.isEmpty ? nil : text, model: model, version: version)
            return .redirect(
                "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(version))",
                Flash(text.isEmpty ? "Removed the description of \(version)." : "Described \(version)."))
        }
    }

    static let maximumDescription = 4_000
    static let maximumTags = 50
    static let maximumTagLength = 100

    /// The tags of the tag form: comma-separated, trimmed, empty entries dropped.
    ///
    /// - Throws: ``AppError`` `invalid_request` for more than 50 tags or a tag longer than 100 characters.
    static func tags(_ text: String) throws -> [String] {
        let tags = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
            !$0.isEmpty
        }
        guard tags.count <= maximumTags else {
            throw AppError(.invalidRequest, "\(tags.count) tags given; at most \(maximumTags) are allowed")
        }
        if let long = tags.first(where: { $0.count > maximumTagLength }) {
            throw AppError(
                .invalidRequest,
                "the tag '\(long.prefix(40))…' has \(long.count) characters; at most \(maximumTagLength) are allowed")
        }
        return tags
    }

    /// A lifecycle action of the version page.
    enum VersionAction: String, CaseIterable, Sendable {
        case deploy, rollback, promote, activate, deactivate, delete

        var operation: AppOperation {
            switch self {
            case .deploy: .deploy
            case .rollback: .rollback
            case .promote: .promote
            case .activate: .activate
            case .deactivate: .deactivate
            case .delete: .deleteVersion
            }
        }

        func command(_ version: String) -> LifecycleCommand {
            switch self {
            case .deploy: .deploy(version)
            case .rollback: .rollback(to: nil)
            case .promote: .promote(version)
            case .activate: .activate(version)
            case .deactivate: .deactivate(version)
            case .delete: .delete(version)
            }
        }

        var title: String {
            switch self {
            case .deploy: "Deploy"
            case .rollback: "Roll back"
            case .promote: "Promote to production"
            case .activate: "Activate"
            case .deactivate: "Deactivate"
            case .delete: "Delete"
            }
        }

        var done: String {
            switch self {
            case .deploy: "Deployed"
            case .rollback: "Rolled back"
            case .promote: "Promoted"
            case .activate: "Activated"
            case .deactivate: "Deactivated"
            case .delete: "Deleted"
            }
        }

        /// Whether the action applies to a version in `status` (serving or not).
        func applies(status: VersionStatus, serving: Bool) -> Bool {
            switch self {
            case .deploy: !serving && status != .deactivated && status != .failed
            case .rollback: serving
            case .promote: status != .production && status != .deactivated && status != .failed
            case .activate: status == .deactivated || status == .failed
            case .deactivate: !serving && status != .deactivated
            case .delete: !serving
            }
        }
    }

    static let pageSize = 50

    // MARK: The registry table

    func registryTable(_ query: UIForm, _ visitor: Visitor) async throws -> UIPage {
        let caller = visitor.caller
        let names = try await app.models.models(visibleTo: caller)
        let model = try await app.models.resolveModel(query["model"].flatMap { $0.isEmpty ? nil : $0 }, caller: caller)
        try app.access.checkScope(model, caller: caller)
        let status = query["status"].flatMap { VersionStatus(rawValue: $0) }
        let text = (query["q"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let sort =
            query["sort"].flatMap { ["version", "status", "imported", "score"].contains($0) ? $0 : nil } ?? "version"
        let ascending = query["dir"] == "asc"
        let pageNumber = max(1, Int(query["page"] ?? "") ?? 1)
        let offset = (pageNumber - 1) * Self.pageSize
        var rows: [VersionSummary]
        var total: Int
        if status == nil, text.isEmpty, sort == "version", !ascending {
            // The registry's own order (newest first), one page read from the store.
            let page = try await app.models.page(model: model, offset: offset, limit: Self.pageSize)
            (rows, total) = (page.versions, page.total)
        } else {
            var all = try await app.models.summaries(model: model, caller: caller)
            if let status { all = all.filter { $0.status == status } }
            if !text.isEmpty {
                all = all.filter { s in
                    s.version.lowercased().contains(text) || s.tags.contains { $0.lowercased().contains(text) }
                        || (s.description ?? "").lowercased().contains(text)
                }
            }
            switch sort {
            case "status": all.sort { ($0.status.rawValue, $0.version) < ($1.status.rawValue, $1.version) }
            case "imported": all.sort { $0.importedAt < $1.importedAt }
            case "score": all.sort { ($0.validation?.score ?? -1) < ($1.validation?.score ?? -1) }
            default: all = VersionOrder.sorted(all, version: \.version, importedAt: \.importedAt)
            }
            if !ascending { all.reverse() }
            total = all.count
            rows = Array(all.dropFirst(offset).prefix(Self.pageSize))
        }
        let serving = app.models.serving(model)?.version
        let table: [[String: Any]] = rows.map { s in
            [
                "version": s.version, "status": s.status.rawValue, "serving": s.version == serving,
                "created": s.createdAt ?? "—", "imported": UIFormat.date(s.importedAt),
                "tags": s.tags.joined(separator: ", "),
                "verdict": s.validation.map { $0.valid ? "valid" : "invalid" } ?? "not validated",
                "invalid": s.validation.map { !$0.valid } ?? false,
                "score": s.validation.map { UIFormat.number($0.score, digits: 2) } ?? "—",
                "description": s.description ?? "", "size": UIFormat.bytes(s.fileSize),
                "path": "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(s.version))",
            ]
        }
        let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        func link(page: Int? = nil, sort newSort: String? = nil) -> String {
            var q = "model=\(UIForm.encode(model))"
            if let status { q += "&status=\(status.rawValue)" }
            if !text.isEmpty { q += "&q=\(UIForm.encode(text))" }
            let s = newSort ?? sort
            let dir = newSort == nil ? (ascending ? "asc" : "desc") : (newSort == sort && !ascending ? "asc" : "desc")
            q += "&sort=\(s)&dir=\(dir)"
            if let page { q += "&page=\(page)" }
            return "/ui/models?" + q
        }
        return UIPage(
            template: "models", title: "Models", section: "models",
            data: [
                "model": model,
                "models": names.map { ["name": $0, "selected": $0 == model] as [String: Any] },
                "statuses": VersionStatus.allCases.map {
                    ["name": $0.rawValue, "selected": $0 == status] as [String: Any]
                },
                "q": text, "rows": table, "hasRows": !table.isEmpty, "total": total, "page": pageNumber,
                "pages": pages, "serving": serving ?? "none",
                "prev": pageNumber > 1 ? link(page: pageNumber - 1) : "", "hasPrev": pageNumber > 1,
                "next": pageNumber < pages ? link(page: pageNumber + 1) : "", "hasNext": pageNumber < pages,
                "sortLinks": ["version", "status", "imported", "score"].map {
                    [
                        "key": $0, "path": link(sort: $0), "active": $0 == sort,
                        "arrow": $0 == sort ? (ascending ? "▲" : "▼") : "",
                    ] as [String: Any]
                },
                "canRollback": visitor.canAdmin && serving != nil,
                "rollbackPath": serving.map {
                    "/ui/models/\(UIForm.encode(model))/\(UIForm.encode($0))/confirm/rollback"
                } ?? "",
            ])
    }

    // MARK: A version

    func versionPage(model: String, version: String, _ visitor: Visitor) async throws -> UIPage {
        let record = try await app.models.record(model: model, version: version)
        let serving = app.models.serving(model)?.version == version
        let report = record.validationReport
        let features = report?.model?.featureNames ?? (serving ? app.models.serving(model)?.featureNames : nil) ?? []
        let history = try await app.models.deploymentHistory(model: model).filter {
            $0.to == version || $0.from == version
        }.reversed().prefix(50).map {
            [
                "at": UIFormat.date($0.at), "kind": $0.kind.rawValue, "from": $0.from ?? "—", "to": $0.to,
                "actor": $0.actor, "reason": $0.reason ?? "",
            ] as [String: Any]
        }
        let stats = try await app.monitoring.storedStatistics(model: model, version: version, hours: 24).first
        let hourly = try await app.monitoring.hourly(model: model, version: version, hours: 24)
        let raised = (try? await app.monitoring.raisedAlerts(model: model, version: version)) ?? []
        let alerts = try await app.monitoring.alerts(model: model, version: version, limit: 20).map {
            [
                "at": UIFormat.date($0.at), "kind": $0.kind, "event": $0.event.rawValue,
                "value": UIFormat.number($0.value), "threshold": UIFormat.number($0.threshold),
            ] as [String: Any]
        }
        func issues(_ list: [ValidationIssueView]) -> [[String: Any]] {
            list.map { ["code": $0.code, "message": $0.message] }
        }
        let base = "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(version))"
        let actions: [[String: Any]] =
            visitor.canAdmin
            ? VersionAction.allCases.filter { $0.applies(status: record.status, serving: serving) }.map {
                ["title": $0.title, "path": base + "/confirm/" + $0.rawValue, "danger": $0 == .delete]
            } : []
        return UIPage(
            template: "version", title: "\(model) \(version)", section: "models",
            data: [
                "model": model, "version": version, "status": record.status.rawValue, "serving": serving,
                "failure": record.failureReason ?? "", "description": record.description ?? "",
                "tags": record.tags.joined(separator: ", "), "source": record.importSource,
                "imported": UIFormat.date(record.importedAt),
                "threshold": UIFormat.number(record.inferenceConfig.threshold, digits: 6),
                "files": record.files.map {
                    ["name": $0.name, "size": UIFormat.bytes($0.size), "sha256": $0.sha256] as [String: Any]
                },
                "features": features.enumerated().map {
                    ["index": $0.offset + 1, "name": $0.element] as [String: Any]
                },
                "hasFeatures": !features.isEmpty,
                "metadataJSON": record.metadataJSON ?? "", "manifestJSON": record.manifestJSON ?? "",
                "hasReport": report != nil,
                "valid": report?.isValid ?? false, "score": UIFormat.number(report?.score, digits: 2),
                "errors": issues(report?.errors.map(ValidationIssueView.init) ?? []),
                "warnings": issues(report?.warnings.map(ValidationIssueView.init) ?? []),
                "recommendations": issues(report?.recommendations.map(ValidationIssueView.init) ?? []),
                "estimator": report?.model?.className ?? "—", "sklearn": report?.model?.sklearnVersion ?? "—",
                "history": Array(history), "hasHistory": !history.isEmpty,
                "predictions": stats?.period?.predictions ?? stats?.window.count ?? 0,
                "p95": UIFormat.milliseconds(stats?.window.latency?.p95),
                "errorRate": UIFormat.percent(stats?.period?.errorRate ?? stats?.window.errorRate),
                "anomalyRate": UIFormat.percent(stats?.period?.anomalyRate ?? stats?.window.anomalyRate),
                "scoreMean": UIFormat.number(stats?.window.score?.mean ?? stats?.period?.scoreMean),
                "sparkRequests": SVGChart.sparkline(hourly.map { $0.map { Double($0.predictions) } }),
                "sparkScores": SVGChart.sparkline(hourly.map { $0?.scoreMean }),
                "drift": raised.isEmpty ? "no drift alert raised" : raised.map(\.rawValue).joined(separator: ", "),
                "drifting": !raised.isEmpty, "alerts": alerts, "hasAlerts": !alerts.isEmpty,
                "actions": actions, "hasActions": !actions.isEmpty,
                "modelPath": "/ui/models?model=\(UIForm.encode(model))",
                "tagText": record.tags.joined(separator: ", "), "base": base,
                "annotateAllowed": app.modes.mode.permits(AppOperation.tag.action),
                "comparePath": "/ui/compare?model=\(UIForm.encode(model))&a=\(UIForm.encode(version))",
                "monitoringPath": "/ui/monitoring?model=\(UIForm.encode(model))&version=\(UIForm.encode(version))",
            ])
    }

    struct ValidationIssueView {
        var code: String
        var message: String
        init(_ issue: ValidationIssue) {
            code = "\(issue.code)"
            message = issue.message
        }
    }

    func confirmPage(model: String, version: String, action: VersionAction, _ visitor: Visitor) async throws
        -> UIPage
    {
        let record = try await app.models.record(model: model, version: version)
        let current = app.models.serving(model)?.version
        let change: String
        switch action {
        case .deploy:
            change =
                "\(version) is loaded and verified, then serves every request for \(model)"
                + (current.map { ", replacing \($0) (which stays available for rollback)." } ?? ".")
        case .rollback:
            change = "The version that served \(model) before \(version) serves again; \(version) stops serving."
        case .promote:
            let verdict =
                record.validationReport.map {
                    $0.isValid
                        ? "its validation report passes (score \(UIFormat.number($0.score, digits: 2)))"
                        : "its validation report FAILS (score \(UIFormat.number($0.score, digits: 2)))"
                } ?? "it has no validation report"
            change =
                "\(version) becomes the production version and serves \(model)"
                + (current.map { $0 == version ? "" : ", replacing \($0)" } ?? "")
                + ". Promotion needs a passing validation report: \(verdict). An admin may force it with a reason."
        case .activate:
            change = "\(version) (now \(record.status.rawValue)) becomes available again; it serves only once deployed."
        case .deactivate:
            change = "\(version) can no longer be deployed or rolled back to until it is activated again."
        case .delete:
            change = "\(version) and its artifacts are removed from the registry. This cannot be undone."
        }
        return UIPage(
            template: "confirm", title: "\(action.title) \(version)?", section: "models",
            data: [
                "model": model, "version": version, "action": action.title, "change": change,
                "post": "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(version))/\(action.rawValue)",
                "back": "/ui/models/\(UIForm.encode(model))/\(UIForm.encode(version))",
                "promote": action == .promote, "danger": action == .delete || action == .rollback,
            ])
    }
}
