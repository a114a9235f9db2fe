import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ModelRuntime
import ModelServer
import NIOCore
import Registry
import AccessControl
import DataFormats
import TestSupport
import WardenApp
import Testing

/// A server with authentication on (in-memory keys), one key per role (limited to `scoped` models when given) and an
/// admin key for every model (`root`).
struct SecuredServer {
    let t: TestServer
    let keys: [Role: String]
    let root: String
    let store: InMemoryRegistryStore

    static let secret = String(repeating: "s3cr3t-", count: 8)

    static func make(
        limit: RateLimitPolicy? = nil, scoped: [String]? = nil, models: [String] = [], metrics: ServingMetrics? = nil
    ) async throws -> SecuredServer {
        var keys: [Role: String] = [:]
        var root = ""
        var storeRef: InMemoryRegistryStore?
        let t = try await TestServer.make(copies: ["20250101_000000"], models: models, metrics: metrics) { fixture in
            let store = fixture.store
            storeRef = store
            for role in Role.allCases {
                keys[role] = try await Self.addKey(store, name: role.rawValue, role: role, models: scoped)
            }
            root = try await Self.addKey(store, name: "root", role: .admin)
            return TestSecurity(
                issuer: try await TokenIssuer(secret: Self.secret), limiter: try limit.map { RateLimiter(policy: $0) })
        }
        return SecuredServer(t: t, keys: keys, root: root, store: try #require(storeRef))
    }

    static func addKey(_ store: InMemoryRegistryStore, name: String, role: Role, models: [String]? = nil) async throws
        -> String
    {
        let material = APIKeyMaterial.generate()
        let stored = KeyHasher.salted(material.secret)
        try await store.insertKey(
            APIKeyRecord(
                id: material.id, name: name, role: role.rawValue, models: models, salt: stored.salt,
                hash: stored.hash, createdAt: Date(), createdBy: "test"))
        return material.token
    }
}

/// The concrete path of a route template.
func concrete(_ template: String) -> String {
    template.replacingOccurrences(of: "{version}", with: ServingFixture.version)
        .replacingOccurrences(of: "{name}", with: ServingFixture.model)
        .replacingOccurrences(of: "{path}", with: "nothing-here").replacingOccurrences(of: "{mode}", with: "inference")
        .replacingOccurrences(of: "{id}", with: "000000000000").replacingOccurrences(of: "{agent}", with: "a")
}

@Suite("Security: the access table, keys, tokens, rate limits, modes, audit")
struct SecurityRouteTests {
    @Test("the access table lists exactly the operations of the OpenAPI document")
    func tableMatchesDocument() throws {
        let url = Fixtures.root.appendingPathComponent("Sources/ModelServer/openapi.json")
        let doc = try JSONValue.parse(try Data(contentsOf: url))
        var operations = Set<String>()
        var publicOperations = Set<String>()
        guard case .object(let paths)? = doc["paths"] else { Issue.record("no paths"); return }
        for (path, opsValue) in paths {
            guard case .object(let ops) = opsValue else { continue }
            for (method, op) in ops {
                let key = method.uppercased() + " " + path
                operations.insert(key)
                if op["security"]?.array?.isEmpty == true { publicOperations.insert(key) }
            }
        }
        #expect(Set(EndpointAccess.rules.map(\.key)) == operations)
        #expect(Set(EndpointAccess.rules.filter { $0.permission == nil }.map(\.key)) == publicOperations)
    }

    @Test("every endpoint × every role: 401 without a credential, 403 exactly when the role lacks the permission")
    func walkTheTable() async throws {
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            for rule in EndpointAccess.rules {
                let method = HTTPRequest.Method(rule.method)!
                let uri = concrete(rule.path)
                let anonymous = try await client.execute(uri: uri, method: method)
                if rule.permission == nil {
                    #expect(anonymous.status.code < 400, "\(rule.key) is public")
                    continue
                }
                #expect(anonymous.status == .unauthorized, "\(rule.key) without a credential")
                #expect(anonymous.headers[.wwwAuthenticate] != nil)
                for role in Role.allCases {
                    let r = try await client.execute(
                        uri: uri, method: method, headers: [HTTPField.Name("X-API-Key")!: s.keys[role]!])
                    let allowed = role.allows(rule.permission!)
                    if allowed {
                        #expect(r.status != .forbidden && r.status != .unauthorized, "\(rule.key) as \(role)")
                    } else {
                        #expect(r.status == .forbidden, "\(rule.key) as \(role)")
                        let json = try r.body.json()  // V2 routes answer {"error": "...", "code": ...}
                        #expect((json["error"]?["code"] ?? json["code"])?.string == "forbidden", "\(rule.key)")
                    }
                }
            }
        }
    }

    @Test("a bad key, a key in the Authorization header, tokens, downscoped tokens, revocation at once")
    func credentials() async throws {
        let e = try ServingExpected.load()
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        let apiKey = HTTPField.Name("X-API-Key")!
        try await s.t.application.test(.router) { client in
            let bad = try await client.execute(uri: "/api/v1/models", method: .get, headers: [apiKey: "wdn_nope"])
            #expect(bad.status == .unauthorized)
            #expect(try bad.body.json()["error"]?["code"]?.string == "invalid_key")
            let admin = s.keys[.admin]!
            let forged = try await client.execute(
                uri: "/api/v1/models", method: .get,
                headers: [apiKey: String(admin.dropLast()) + (admin.hasSuffix("A") ? "B" : "A")])
            #expect(forged.status == .unauthorized)
            let bearerKey = try await client.execute(
                uri: "/api/v1/models", method: .get, headers: [.authorization: "Bearer " + s.keys[.viewer]!])
            #expect(bearerKey.status == .ok)

            // A token for the operator key, and a viewer token from the same key.
            let issued = try await client.execute(
                uri: "/api/auth/token", method: .post, headers: [apiKey: s.keys[.operator]!])
            #expect(issued.status == .ok)
            let token = try #require(try issued.body.json()["token"]?.string)
            #expect(try issued.body.json()["role"]?.string == "operator")
            let predict = try await client.execute(
                uri: "/predict", method: .post, headers: [.authorization: "Bearer " + token],
                body: try featuresBody(e.rows))
            #expect(predict.status == .ok)
            let down = try await client.execute(
                uri: "/api/auth/token", method: .post, headers: [apiKey: s.keys[.operator]!],
                body: body(#"{"role": "viewer", "expires_in": 60}"#))
            let viewerToken = try #require(try down.body.json()["token"]?.string)
            #expect(try down.body.json()["expires_in"]?.double == 60)
            let refused = try await client.execute(
                uri: "/predict", method: .post, headers: [.authorization: "Bearer " + viewerToken],
                body: try featuresBody(e.rows))
            #expect(refused.status == .forbidden)
            let up = try await client.execute(
                uri: "/api/auth/token", method: .post, headers: [apiKey: s.keys[.operator]!],
                body: body(#"{"role": "admin"}"#))
            #expect(up.status == .forbidden)
            let renew = try await client.execute(
                uri: "/api/auth/token", method: .post, headers: [.authorization: "Bearer " + token])
            #expect(renew.status == .forbidden)
            #expect(try renew.body.json()["error"]?["code"]?.string == "api_key_required")
            let tampered = try await client.execute(
                uri: "/api/v1/models", method: .get, headers: [.authorization: "Bearer " + token.dropLast(2) + "xx"])
            #expect(tampered.status == .unauthorized)
            #expect(try tampered.body.json()["error"]?["code"]?.string == "invalid_token")

            // Keys created and revoked through the API take effect at once, and revoking kills the key's tokens.
            let created = try await client.execute(
                uri: "/api/keys", method: .post, headers: [apiKey: s.keys[.admin]!],
                body: body(#"{"name": "ingest", "role": "operator"}"#))
            #expect(created.status == .created)
            let c = try created.body.json()
            let newKey = try #require(c["key"]?.string)
            let id = try #require(c["id"]?.string)
            let list = try await client.execute(uri: "/api/keys", method: .get, headers: [apiKey: s.keys[.admin]!])
            #expect(!String(buffer: list.body).contains(String(newKey.suffix(43))))
            let fresh = try await client.execute(uri: "/api/auth/token", method: .post, headers: [apiKey: newKey])
            let freshToken = try #require(try fresh.body.json()["token"]?.string)
            #expect(try await client.execute(uri: "/api/v1/models", method: .get, headers: [apiKey: newKey]).status == .ok)
            let revoke = try await client.execute(uri: "/api/keys/\(id)", method: .delete, headers: [apiKey: s.keys[.admin]!])
            #expect(revoke.status == .ok)
            #expect(try await client.execute(uri: "/api/v1/models", method: .get, headers: [apiKey: newKey]).status
                == .unauthorized)
            #expect(try await client.execute(
                uri: "/api/v1/models", method: .get, headers: [.authorization: "Bearer " + freshToken]).status
                == .unauthorized)
        }
    }

    @Test("a key scoped to other models is refused with model_out_of_scope")
    func scope() async throws {
        let e = try ServingExpected.load()
        let s = try await SecuredServer.make(scoped: ["another-model"])
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            let r = try await client.execute(
                uri: "/predict", method: .post, headers: [HTTPField.Name("X-API-Key")!: s.keys[.operator]!],
                body: try featuresBody(e.rows))
            #expect(r.status == .forbidden)
            #expect(try r.body.json()["error"]?["code"]?.string == "model_out_of_scope")
            let v2 = try await client.execute(
                uri: "/v2/models/\(ServingFixture.model)", method: .get,
                headers: [HTTPField.Name("X-API-Key")!: s.keys[.viewer]!])
            #expect(v2.status == .forbidden)
        }
    }

    @Test("the token bucket answers 429 with Retry-After and X-RateLimit-Remaining")
    func rateLimit() async throws {
        let s = try await SecuredServer.make(limit: try RateLimitPolicy(maxRequests: 3, windowSeconds: 60))
        defer { s.t.fixture.remove() }
        let viewer: HTTPFields = [HTTPField.Name("X-API-Key")!: s.keys[.viewer]!]
        try await s.t.application.test(.router) { client in
            var remaining: [String] = []
            for _ in 0..<3 {
                let r = try await client.execute(uri: "/api/v1/models", method: .get, headers: viewer)
                #expect(r.status == .ok)
                remaining.append(r.headers[HTTPField.Name("X-RateLimit-Remaining")!] ?? "")
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try await client.execute(uri: "/api/v1/models", method: .get, headers: viewer)
            #expect(limited.status == .tooManyRequests)
            #expect(try limited.body.json()["error"]?["code"]?.string == "rate_limited")
            // One token refills in 60 s / 3 = 20 s, less the time the three requests took.
            let retry = try #require(Int(limited.headers[.retryAfter] ?? ""))
            #expect((1...20).contains(retry))
            // Another key has its own bucket.
            let other = try await client.execute(
                uri: "/api/v1/models", method: .get, headers: [HTTPField.Name("X-API-Key")!: s.keys[.admin]!])
            #expect(other.status == .ok)
        }
    }

    @Test("liveness and readiness (every public route) are never rate limited")
    func livenessExempt() async throws {
        let s = try await SecuredServer.make(limit: try RateLimitPolicy(maxRequests: 2, windowSeconds: 60))
        defer { s.t.fixture.remove() }
        let public_ = EndpointAccess.rules.filter { $0.operation == .liveness }
        #expect(public_.count == 7)
        try await s.t.application.test(.router) { client in
            for rule in public_ {
                for _ in 0..<5 {
                    let r = try await client.execute(uri: rule.path, method: .get)
                    #expect(r.status != .tooManyRequests, "\(rule.key)")
                    #expect(r.headers[HTTPField.Name("X-RateLimit-Remaining")!] == nil)
                }
            }
            // The address's bucket is untouched by them: two unauthenticated attempts are still 401.
            for _ in 0..<2 {
                #expect(try await client.execute(uri: "/api/v1/models", method: .get).status == .unauthorized)
            }
        }
    }

    @Test("failed authentications are charged to the client address: 401 until its bucket is empty, then 429")
    func failedAuthenticationsAreLimited() async throws {
        let s = try await SecuredServer.make(limit: try RateLimitPolicy(maxRequests: 3, windowSeconds: 60))
        defer { s.t.fixture.remove() }
        let invalid = "wdn_" + String(repeating: "0", count: 12) + "_" + String(repeating: "A", count: 43)
        let bad: HTTPFields = [HTTPField.Name("X-API-Key")!: invalid]
        try await s.t.application.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for headers in [bad, [:], bad, bad, [:]] {
                statuses.append(try await client.execute(uri: "/api/v1/models", method: .get, headers: headers).status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
            let limited = try await client.execute(uri: "/api/v1/models", method: .get, headers: bad)
            #expect(try limited.body.json()["error"]?["code"]?.string == "rate_limited")
            #expect(limited.headers[.retryAfter] != nil)
            // A valid key has its own bucket; liveness still answers.
            let ok = try await client.execute(
                uri: "/api/v1/models", method: .get, headers: [HTTPField.Name("X-API-Key")!: s.keys[.viewer]!])
            #expect(ok.status == .ok)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test("modes: predictions only in inference, imports and saves in training, cleanup in maintenance; audited")
    func modes() async throws {
        let e = try ServingExpected.load()
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        let admin: HTTPFields = [HTTPField.Name("X-API-Key")!: s.keys[.admin]!]
        try await s.t.application.test(.router) { client in
            #expect(try await client.execute(uri: "/api/mode", method: .get, headers: admin).body.json()["mode"]?.string
                == "inference")
            let save = try await client.execute(uri: "/api/model/save", method: .post, headers: admin)
            #expect(save.status == .conflict)
            #expect(try save.body.json()["error"]?["code"]?.string == "mode_forbids")
            let toTraining = try await client.execute(uri: "/api/mode/training", method: .post, headers: admin)
            #expect(try toTraining.body.json()["previous"]?.string == "inference")
            let predict = try await client.execute(
                uri: "/predict", method: .post, headers: admin, body: try featuresBody(e.rows))
            #expect(predict.status == .serviceUnavailable)
            #expect(try predict.body.json()["error"]?["details"]?["mode"]?.string == "training")
            let health = try await client.execute(uri: "/api/health/detailed", method: .get, headers: admin)
            #expect(try health.body.json()["mode"]?.string == "training")
            let cleanup = try await client.execute(
                uri: "/api/v1/model-management/performance/cleanup", method: .delete, headers: admin)
            #expect(cleanup.status == .conflict)
            _ = try await client.execute(uri: "/api/mode/maintenance", method: .post, headers: admin)
            let cleaned = try await client.execute(
                uri: "/api/v1/model-management/performance/cleanup", method: .delete, headers: admin)
            #expect(cleaned.status == .ok)
            let bad = try await client.execute(uri: "/api/mode/holiday", method: .post, headers: admin)
            #expect(bad.status == .badRequest)
            _ = try await client.execute(uri: "/api/mode/inference", method: .post, headers: admin)
            let again = try await client.execute(
                uri: "/predict", method: .post, headers: admin, body: try featuresBody(e.rows))
            #expect(again.status == .ok)

            let audit = try await client.execute(uri: "/api/audit?action=mode", method: .get, headers: admin)
            let entries = try audit.body.json()["entries"]?.array ?? []
            #expect(entries.count == 4)  // training, maintenance, the refused 'holiday' (failed), inference
            #expect(entries.first?["after"]?.string?.contains("inference") == true)
            #expect(entries.last?["before"]?.string?.contains("inference") == true)
            #expect(entries.allSatisfy { $0["actor"]?.string?.hasPrefix("key:") == true })
        }
    }

    @Test("lifecycle changes are audited with before and after; a refused change is audited as denied")
    func auditTrail() async throws {
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            let denied = try await client.execute(
                uri: "/api/v1/model-management/20250101_000000/deploy", method: .post,
                headers: [HTTPField.Name("X-API-Key")!: s.keys[.operator]!])
            #expect(denied.status == .forbidden)
            let deploy = try await client.execute(
                uri: "/api/v1/model-management/20250101_000000/deploy", method: .post,
                headers: [HTTPField.Name("X-API-Key")!: s.keys[.admin]!])
            #expect(deploy.status == .ok)
            let entries = try await s.store.audit(since: nil, action: "deploy", actor: nil, limit: 10)
            #expect(entries.map(\.outcome) == ["success", "denied"])
            #expect(entries[0].before?.contains(ServingFixture.version) == true)
            #expect(entries[0].after?.contains("20250101_000000") == true)
            #expect(entries[1].actor.contains("(operator)"))
            // Viewers may not read the audit log.
            let r = try await client.execute(
                uri: "/api/audit", method: .get, headers: [HTTPField.Name("X-API-Key")!: s.keys[.viewer]!])
            #expect(r.status == .forbidden)
        }
    }
}
