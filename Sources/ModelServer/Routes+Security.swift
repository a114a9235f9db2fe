import Foundation
import Hummingbird
import ModelRuntime
import Registry
import AccessControl
import DataFormats
import Serving

extension WardenServer {
    /// Seed 004's `/api/mode` and `/api/auth/token`, and the admin's key and audit endpoints.
    func addSecurityRoutes(to router: Router<WardenRequestContext>) {
        router.get("api/mode") { _, _ in
            JSONResponse.make(.object([
                "mode": .string(modes.mode.rawValue), "since": Views.date(modes.since),
                "allows": .object(Dictionary(uniqueKeysWithValues: ModeAction.allCases.map {
                    ($0.rawValue, JSONValue.bool(modes.mode.permits($0)))
                })),
            ]))
        }
        router.post("api/mode/:mode") { _, context in
            let name = try context.parameters.require("mode")
            guard let mode = ServingMode(rawValue: name) else {
                throw APIError(
                    .badRequest, code: "invalid_mode",
                    "unknown mode '\(name)'; use inference, training or maintenance",
                    details: ["mode": .string(name)])
            }
            let transition = modes.enter(mode)
            if transition.changed, mode == .inference {
                // Seed 004's callback: entering inference loads the production model(s).
                await host.refresh()
            }
            logger.notice(
                "serving mode changed",
                metadata: ["from": "\(transition.from.rawValue)", "to": "\(mode.rawValue)",
                           "actor": "\(Identity.current?.actor ?? "local")"])
            return JSONResponse.make(.object([
                "success": true, "mode": .string(mode.rawValue), "previous": .string(transition.from.rawValue),
                "changed": .bool(transition.changed),
            ]))
        }
        router.post("api/auth/token") { request, _ in
            let security = try requireAuthentication()
            guard let identity = Identity.current, identity.credential == .apiKey, let authenticator = security.authenticator
            else {
                throw APIError(
                    .forbidden, code: "api_key_required",
                    "a token is issued for an API key: send X-API-Key (a token cannot renew itself)")
            }
            let body = try await RequestBody.optionalJSON(request, limit: 64 * 1024)
            var lifetime = security.tokenLifetime
            if let value = body?["expires_in"] {
                guard let seconds = value.double, seconds >= 1, seconds <= 7 * 86_400 else {
                    throw APIError(
                        .badRequest, code: "invalid_request", "expires_in must be seconds from 1 to 604800")
                }
                lifetime = min(seconds, security.tokenLifetime)
            }
            var role = identity.role
            if let value = body?["role"] {
                guard let name = value.string, let asked = Role(rawValue: name) else {
                    throw APIError(.badRequest, code: "invalid_request", "role must be viewer, operator or admin")
                }
                guard asked <= identity.role else {
                    throw APIError(
                        .forbidden, code: "forbidden",
                        "a \(identity.role.rawValue) key cannot obtain a \(asked.rawValue) token")
                }
                role = asked
            }
            let issued = try await authenticator.issuer.issue(
                keyID: identity.keyID, name: identity.name, role: role, models: identity.models, lifetime: lifetime)
            return JSONResponse.make(.object([
                "token": .string(issued.token), "token_type": "Bearer",
                "expires_in": .int(Int(lifetime)), "expires_at": Views.date(issued.claims.expiresAt),
                "role": .string(role.rawValue),
                "models": issued.claims.models.map { .array($0.map(JSONValue.string)) } ?? .null,
            ]))
        }
        router.get("api/keys") { _, _ in
            let security = try requireAuthentication()
            let keys = try await security.store.keys()
            return JSONResponse.make(.object(["keys": .array(keys.map(Self.keyView)), "count": .int(keys.count)]))
        }
        router.post("api/keys") { request, _ in
            let security = try requireAuthentication()
            guard case .object(let o)? = try await RequestBody.optionalJSON(request, limit: 64 * 1024),
                let name = o["name"]?.string, let roleName = o["role"]?.string, let role = Role(rawValue: roleName)
            else {
                throw APIError(
                    .badRequest, code: "invalid_request",
                    "send {\"name\": \"...\", \"role\": \"viewer|operator|admin\", \"models\"?: [\"...\"]}")
            }
            var models: [String]?
            if let m = o["models"], m != .null {
                guard let list = m.array?.compactMap(\.string), list.count == m.array?.count, !list.isEmpty else {
                    throw APIError(.badRequest, code: "invalid_request", "models must be a non-empty list of names")
                }
                models = list
            }
            let material = APIKeyMaterial.generate()
            let stored = KeyHasher.salted(material.secret)
            let record = APIKeyRecord(
                id: material.id, name: name, role: role.rawValue, models: models, salt: stored.salt,
                hash: stored.hash, createdAt: Date(),
                createdBy: Identity.current?.actor ?? "local")
            try await security.store.insertKey(record)
            security.authenticator?.invalidate()
            var view = Self.keyFields(record)
            view["key"] = .string(material.token)
            view["message"] = "store the key now: it is shown once and kept only as a salted hash"
            return JSONResponse.make(.object(view), status: .created)
        }
        router.post("api/keys/:id/rotate") { _, context in
            let security = try requireAuthentication()
            var record = try await requireKey(security, try context.parameters.require("id"))
            let material = APIKeyMaterial.newSecret(for: record.id)
            (record.salt, record.hash) = KeyHasher.salted(material.secret)
            record.rotatedAt = Date()
            try await security.store.updateKey(record)
            security.authenticator?.invalidate()
            var view = Self.keyFields(record)
            view["key"] = .string(material.token)
            return JSONResponse.make(.object(view))
        }
        router.delete("api/keys/:id") { _, context in
            let security = try requireAuthentication()
            var record = try await requireKey(security, try context.parameters.require("id"))
            record.revokedAt = Date()
            try await security.store.updateKey(record)
            security.authenticator?.invalidate()
            return JSONResponse.make(.object(Self.keyFields(record)))
        }
        router.get("api/audit") { request, _ in
            let security = try requireAuthentication()
            let q = request.uri.queryParameters
            let limitText = q["limit"].map(String.init)
            let limit = limitText.flatMap(Int.init) ?? 100
            guard (1...10_000).contains(limit) else {
                throw APIError(.badRequest, code: "invalid_limit", "limit must be from 1 to 10000")
            }
            var since: Date?
            if let s = q["since"] {
                guard let d = try? Date(String(s), strategy: .iso8601) else {
                    throw APIError(.badRequest, code: "invalid_request", "since must be an ISO 8601 time")
                }
                since = d
            }
            let entries = try await security.store.audit(
                since: since, action: q["action"].map(String.init), actor: q["actor"].map(String.init), limit: limit)
            return JSONResponse.make(.object([
                "entries": .array(entries.map(Self.auditView)), "count": .int(entries.count),
            ]))
        }
    }

    func requireAuthentication() throws -> ServerSecurity {
        guard let security, security.authenticator != nil else {
            throw APIError(
                .serviceUnavailable, code: "auth_disabled",
                "authentication is off (--no-auth); keys and tokens need a server with authentication")
        }
        return security
    }

    func requireKey(_ security: ServerSecurity, _ id: String) async throws -> APIKeyRecord {
        guard let record = try await security.store.key(id: id) else {
            throw APIError(.notFound, code: "key_not_found", "no API key has id '\(id)'; list them at /api/keys")
        }
        guard record.isActive else {
            throw APIError(.conflict, code: "key_revoked", "the API key '\(id)' is already revoked")
        }
        return record
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

    static func auditView(_ e: AuditRecord) -> JSONValue {
        .object([
            "id": .int(Int(e.id)), "at": Views.date(e.at), "actor": .string(e.actor), "action": .string(e.action),
            "target": .string(e.target), "before": e.before.map(JSONValue.string) ?? .null,
            "after": e.after.map(JSONValue.string) ?? .null, "outcome": .string(e.outcome),
            "details": .string(e.details),
        ])
    }
}
