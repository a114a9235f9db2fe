import AccessControl
import Foundation
import HTTPTypes
import Hummingbird
import Registry
import WardenApp

extension UIFace {
    /// The admin's page: API keys (create — the secret shown once —, rotate, revoke), the serving mode, the audit
    /// log with filters.
    func addSecurityRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/security", .listKeys) { _, _, visitor in
            try await securityPage(visitor, secret: nil)
        }
        action(router, "ui/security/keys", .createKey) { form, _, visitor in
            try app.security.requireAuthentication()
            guard let role = Role(rawValue: form["role"] ?? "") else {
                throw AppError(.invalidRequest, "choose a role: viewer, operator or admin")
            }
            let models = (form["models"] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            let created = try await app.security.createKey(
                name: String(name.prefix(128)), role: role, models: models.isEmpty ? nil : models,
                caller: visitor.caller)
            return .page(
                try await securityPage(
                    visitor, secret: (created.record.id, created.record.name, created.material.token, "created")))
        }
        action(router, "ui/security/keys/:id/rotate", .rotateKey) { _, context, visitor in
            try app.security.requireAuthentication()
            let rotated = try await app.security.rotateKey(id: try context.parameters.require("id"))
            return .page(
                try await securityPage(
                    visitor, secret: (rotated.record.id, rotated.record.name, rotated.material.token, "rotated")))
        }
        action(router, "ui/security/keys/:id/revoke", .revokeKey) { _, context, _ in
            try app.security.requireAuthentication()
            let revoked = try await app.security.revokeKey(id: try context.parameters.require("id"))
            return .redirect(
                "/ui/security", Flash("Key \(revoked.id) (\(revoked.name)) is revoked; it stops working at once."))
        }
        action(router, "ui/security/mode", .setMode) { form, _, _ in
            let transition = try await app.security.setMode(form["mode"] ?? "")
            return .redirect(
                "/ui/security",
                Flash(
                    transition.changed
                        ? "The server is now in \(transition.to.rawValue) mode (was \(transition.from.rawValue))."
                        : "The server already is in \(transition.to.rawValue) mode."))
        }
        page(router, "ui/security/audit", .readAudit) { request, _, _ in
            let q = UIForm(encoded: request.uri.query.map { Substring($0) } ?? "")
            let action = q["action"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
            let actor = q["actor"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            let hours = Double(q["hours"] ?? "").flatMap { $0 > 0 ? $0 : nil }
            let records = try await app.security.audit(
                since: hours.map { Date().addingTimeInterval(-$0 * 3600) }, action: action, actor: actor, limit: 200)
            return UIPage(
                template: "audit", title: "Audit log", section: "audit",
                data: [
                    "action": action ?? "", "actor": actor ?? "", "hours": q["hours"] ?? "",
                    "rows": records.map {
                        [
                            "at": UIFormat.date($0.at), "actor": $0.actor, "action": $0.action, "target": $0.target,
                            "outcome": $0.outcome, "denied": $0.outcome != "success",
                            "before": $0.before ?? "", "after": $0.after ?? "", "details": $0.details,
                        ] as [String: Any]
                    },
                    "hasRows": !records.isEmpty, "count": records.count,
                ])
        }
    }

    func securityPage(_ visitor: Visitor, secret: (id: String, name: String, token: String, verb: String)?)
        async throws -> UIPage
    {
        let keys = app.authenticates ? try await app.security.keys() : []
        let mode = app.modes.mode
        var page = UIPage(
            template: "security", title: "Security", section: "security",
            data: [
                "authenticates": app.authenticates,
                "keys": keys.map { k in
                    [
                        "id": k.id, "name": k.name, "role": k.role,
                        "models": k.models?.joined(separator: ", ") ?? "all",
                        "created": UIFormat.date(k.createdAt), "createdBy": k.createdBy,
                        "rotated": UIFormat.date(k.rotatedAt), "active": k.isActive,
                        "state": k.isActive ? "active" : "revoked \(UIFormat.date(k.revokedAt))",
                        "isSelf": k.id == visitor.caller.identity.keyID,
                        "rotatePath": "/ui/security/keys/\(UIForm.encode(k.id))/rotate",
                        "revokePath": "/ui/security/keys/\(UIForm.encode(k.id))/revoke",
                    ] as [String: Any]
                },
                "roles": Role.allCases.map { ["name": $0.rawValue, "selected": $0 == .viewer] as [String: Any] },
                "modes": ServingMode.allCases.map { ["name": $0.rawValue, "selected": $0 == mode] as [String: Any] },
                "currentMode": mode.rawValue, "since": UIFormat.date(app.modes.since),
            ])
        if let secret {
            page.data["secret"] = [
                "id": secret.id, "name": secret.name, "token": secret.token, "verb": secret.verb,
            ]
        }
        return page
    }
}
