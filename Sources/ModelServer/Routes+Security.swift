import AccessControl
import DataFormats
import Foundation
import Hummingbird
import Registry
import WardenApp
import WardenViews

extension WardenServer {
    /// Seed 004's `/api/mode` and `/api/auth/token`, and the admin's key and audit endpoints.
    func addSecurityRoutes(to router: Router<WardenRequestContext>) {
        router.get("api/mode") { _, _ in
            let modes = app.modes
            return JSONResponse.make(.object([
                "mode": .string(modes.mode.rawValue), "since": Views.date(modes.since),
                "allows": .object(Dictionary(uniqueKeysWithValues: ModeAction.allCases.map {
                    ($0.rawValue, JSONValue.bool(modes.mode.permits($0)))
                })),
            ]))
        }
        router.post("api/mode/:mode") { request, context in
            let transition = try await app.security.setMode(try context.parameters.require("mode"))
            logger.notice(
                "serving mode changed",
                metadata: ["from": "\(transition.from.rawValue)", "to": "\(transition.to.rawValue)",
                           "actor": "\(caller(request).auditActor)"])
            return JSONResponse.make(.object([
                "success": true, "mode": .string(transition.to.rawValue), "previous": .string(transition.from.rawValue),
                "changed": .bool(transition.changed),
            ]))
        }
        router.post("api/auth/token") { request, _ in
            try app.security.requireAuthentication()
            let body = try await RequestBody.optionalJSON(request, limit: 64 * 1024)
            var lifetime: Double?
            if let value = body?["expires_in"] {
                guard let seconds = value.double else {
                    throw AppError(.invalidRequest, "expires_in must be seconds from 1 to 604800")
                }
                lifetime = seconds
            }
            var role: Role?
            if let value = body?["role"] {
                guard let name = value.string, let asked = Role(rawValue: name) else {
                    throw AppError(.invalidRequest, "role must be viewer, operator or admin")
                }
                role = asked
            }
            let issued = try await app.security.issueToken(for: caller(request), lifetime: lifetime, role: role)
            return JSONResponse.make(.object([
                "token": .string(issued.token), "token_type": "Bearer",
                "expires_in": .int(Int(issued.lifetime)), "expires_at": Views.date(issued.claims.expiresAt),
                "role": .string(issued.role.rawValue),
                "models": issued.claims.models.map { .array($0.map(JSONValue.string)) } ?? .null,
            ]))
        }
        router.get("api/keys") { _, _ in
            try app.security.requireAuthentication()
            let keys = try await app.security.keys()
            return JSONResponse.make(.object(["keys": .array(keys.map(Self.keyView)), "count": .int(keys.count)]))
        }
        router.post("api/keys") { request, _ in
            try app.security.requireAuthentication()
            guard case .object(let o)? = try await RequestBody.optionalJSON(request, limit: 64 * 1024),
                let name = o["name"]?.string, let roleName = o["role"]?.string, let role = Role(rawValue: roleName)
            else {
                throw AppError(
                    .invalidRequest,
                    "send {\"name\": \"...\", \"role\": \"viewer|operator|admin\", \"models\"?: [\"...\"]}")
            }
            var models: [String]?
            if let m = o["models"], m != .null {
                guard let list = m.array?.compactMap(\.string), list.count == m.array?.count, !list.isEmpty else {
                    throw AppError(.invalidRequest, "models must be a non-empty list of names")
                }
                models = list
            }
            let (record, material) = try await app.security.createKey(
                name: name, role: role, models: models, caller: caller(request))
            var view = Self.keyFields(record)
            view["key"] = .string(material.token)
            view["message"] = "store the key now: it is shown once and kept only as a salted hash"
            return JSONResponse.make(.object(view), status: .created)
        }
        router.post("api/keys/:id/rotate") { _, context in
            try app.security.requireAuthentication()
            let (record, material) = try await app.security.rotateKey(id: try context.parameters.require("id"))
            var view = Self.keyFields(record)
            view["key"] = .string(material.token)
            return JSONResponse.make(.object(view))
        }
        router.delete("api/keys/:id") { _, context in
            try app.security.requireAuthentication()
            let record = try await app.security.revokeKey(id: try context.parameters.require("id"))
            return JSONResponse.make(.object(Self.keyFields(record)))
        }
        router.get("api/audit") { request, _ in
            try app.security.requireAuthentication()
            let q = request.uri.queryParameters
            let limitText = q["limit"].map(String.init)
            guard let limit = limitText.map({ Int($0) }) ?? 100 else {
                throw AppError(.invalidLimit, "limit must be from 1 to 10000")
            }
            var since: Date?
            if let s = q["since"] {
                guard let d = try? Date(String(s), strategy: .iso8601) else {
                    throw AppError(.invalidRequest, "since must be an ISO 8601 time")
                }
                since = d
            }
            let entries = try await app.security.audit(
                since: since, action: q["action"].map(String.init), actor: q["actor"].map(String.init), limit: limit)
            return JSONResponse.make(.object([
                "entries": .array(entries.map(Views.audit)), "count": .int(entries.count),
            ]))
        }
    }
    static func keyFields(_ r: APIKeyRecord) -> [String: JSONValue] {
        [
            "id": .string(r.id), "name": .string(r.name), "role": .string(r.role),
            "models": r.models.map { .array($0.map(JSONValue.string)) } ?? .null,
            "created_at": Views.date(r.createdAt), "created_by": .string(r.createdBy),
            "rotated_at": r.rotatedAt.map(Views.date) ?? .null, "revoked_at": r.revokedAt.map(Views.date) ?? .null,
            "active": .bool(r.isActive),
        ]
    }

    static func keyView(_ r: APIKeyRecord) -> JSONValue { .object(keyFields(r)) }
}
