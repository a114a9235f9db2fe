import AccessControl
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Registry
import TestSupport
import Testing
import WardenApp
import WardenConfig
import WardenUI

/// The UI mounted on a router over an application on in-memory stores, with authentication and an admin and a
/// viewer key.
struct UIServer {
    let fixture: ServingFixture
    let app: WardenServices
    let admin: String
    let viewer: String

    /// - Parameter trainingService: a training-service folder; the registry then starts empty (nothing imported,
    ///   nothing deployed) so the folder's packages are new.
    static func make(trainingService: URL? = nil) async throws -> UIServer {
        let fixture = try await ServingFixture.make(deploy: trainingService == nil)
        if trainingService == nil { try await fixture.addCopy(named: "20250101_000000") }
        var configuration = WardenConfiguration(dataDirectory: fixture.directory.path)
        configuration.monitoring.windowSize = 100
        configuration.integration.trainingServicePath = trainingService?.path
        var settings = AppSettings(configuration: configuration, wardenVersion: "test", instance: "test")
        settings.serving = true
        let store = trainingService == nil ? fixture.store : InMemoryRegistryStore()
        let app = try await WardenServices.build(
            settings: settings, stores: AppStores(store, artifacts: fixture.artifacts),
            issuer: try await TokenIssuer(secret: String(repeating: "ui-secret-", count: 5)), metrics: nil,
            logger: Logger(label: "test"))
        await app.host.start()
        let admin = try await app.security.createKey(name: "admin", role: .admin, models: nil, caller: .system("t"))
        let viewer = try await app.security.createKey(name: "viewer", role: .viewer, models: nil, caller: .system("t"))
        return UIServer(fixture: fixture, app: app, admin: admin.material.token, viewer: viewer.material.token)
    }

    var application: some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        // Invariant: the compiled-in templates parse (checked by the tests themselves).
        try! UIFace(app: app).addRoutes(to: router)
        return Application(router: router)
    }
}

/// The value of `name="csrf" value="…"` in a page.
func csrf(in html: String) -> String? {
    guard let r = html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
    return String(html[r].dropFirst(#"name="csrf" value=""#.count).dropLast())
}

/// `name=value` of a Set-Cookie header whose name is `name`.
func cookie(_ name: String, in response: TestResponse) -> String? {
    response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }.map {
        String($0.prefix { $0 != ";" })
    }
}

func form(_ fields: [String: String]) -> ByteBuffer {
    ByteBuffer(
        string: fields.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&"))
}

let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

/// Signs in with `key`; the session cookie (`warden_session=…`) and the CSRF token of the dashboard.
func signIn(_ client: some TestClientProtocol, key: String) async throws -> (cookie: String, csrf: String) {
    let page = try await client.execute(uri: "/ui/sign-in", method: .get)
    let nonce = try #require(cookie("warden_signin", in: page))
    let token = try #require(csrf(in: String(buffer: page.body)))
    var headers = formType
    headers[.cookie] = nonce
    let signed = try await client.execute(
        uri: "/ui/sign-in", method: .post, headers: headers, body: form(["key": key, "csrf": token, "next": "/ui"]))
    #expect(signed.status == .seeOther)
    let session = try #require(cookie("warden_session", in: signed))
    let dashboard = try await client.execute(uri: "/ui", method: .get, headers: [.cookie: session])
    #expect(dashboard.status == .ok)
    return (session, try #require(csrf(in: String(buffer: dashboard.body))))
}

@Suite("The web UI's sign-in, sessions, CSRF and roles, in process")
struct UIRouteTests {
    @Test("signing in sets an HttpOnly, SameSite=Strict cookie holding a token, never the key")
    func signInCookie() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await s.application.test(.router) { client in
            let page = try await client.execute(uri: "/ui/sign-in", method: .get)
            let nonce = try #require(cookie("warden_signin", in: page))
            let token = try #require(csrf(in: String(buffer: page.body)))
            var headers = formType
            headers[.cookie] = nonce
            let signed = try await client.execute(
                uri: "/ui/sign-in", method: .post, headers: headers, body: form(["key": s.admin, "csrf": token]))
            #expect(signed.status == .seeOther)
            let header = try #require(signed.headers[values: .setCookie].first { $0.hasPrefix("warden_session=") })
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Strict"))
            #expect(!header.contains("Secure"))
            #expect(!header.contains(s.admin))
            #expect(!header.contains(String(s.admin.split(separator: "_").last ?? "")))
            #expect(header.hasPrefix("warden_session=eyJ"))
        }
    }

    @Test("pages answer with CSP without inline script, no framing and no caching; unsigned visitors go to sign-in")
    func headers() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await s.application.test(.router) { client in
            let anonymous = try await client.execute(uri: "/ui/models", method: .get)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location]?.hasPrefix("/ui/sign-in") == true)
            let (session, _) = try await signIn(client, key: s.admin)
            for path in ["/ui", "/ui/models", "/ui/agents", "/ui/anomalies", "/ui/security", "/ui/security/audit"] {
                let page = try await client.execute(uri: path, method: .get, headers: [.cookie: session])
                #expect(page.status == .ok, "\(path)")
                let csp = page.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(page.headers[.cacheControl] == "no-store")
                #expect(!String(buffer: page.body).contains("<script>"))
            }
        }
    }

    @Test("a POST without the CSRF token is refused with 403 and audited; with it, the deploy happens")
    func csrfRequired() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await s.application.test(.router) { client in
            let (session, token) = try await signIn(client, key: s.admin)
            var headers = formType
            headers[.cookie] = session
            let path = "/ui/models/\(ServingFixture.model)/20250101_000000/deploy"
            let forged = try await client.execute(
                uri: path, method: .post, headers: headers, body: form(["reason": "x"]))
            #expect(forged.status == .forbidden)
            #expect(s.app.models.serving(ServingFixture.model)?.version == ServingFixture.version)
            let audit = try await s.app.security.audit(since: nil, action: "deploy", actor: nil, limit: 10)
            #expect(audit.first?.outcome == "denied")
            #expect(audit.first?.details.contains("CSRF") == true)
            let real = try await client.execute(
                uri: path, method: .post, headers: headers, body: form(["reason": "ui test", "csrf": token]))
            #expect(real.status == .seeOther)
            #expect(s.app.models.serving(ServingFixture.model)?.version == "20250101_000000")
        }
    }

    @Test("a viewer sees no action and its forged POST, even with a valid CSRF token, gets 403 and an audit entry")
    func viewerRefused() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await s.application.test(.router) { client in
            let (session, token) = try await signIn(client, key: s.viewer)
            let page = try await client.execute(
                uri: "/ui/models/\(ServingFixture.model)/20250101_000000", method: .get, headers: [.cookie: session])
            #expect(page.status == .ok)
            #expect(!String(buffer: page.body).contains("/confirm/deploy"))
            var headers = formType
            headers[.cookie] = session
            let forged = try await client.execute(
                uri: "/ui/models/\(ServingFixture.model)/20250101_000000/deploy", method: .post, headers: headers,
                body: form(["csrf": token]))
            #expect(forged.status == .forbidden)
            let audit = try await s.app.security.audit(since: nil, action: "deploy", actor: nil, limit: 10)
            #expect(audit.first?.outcome == "denied")
            #expect(audit.first?.actor.contains("viewer") == true)
            let security = try await client.execute(uri: "/ui/security", method: .get, headers: [.cookie: session])
            #expect(security.status == .forbidden)
        }
    }

    @Test("markup in a version's description renders as text")
    func escapesMarkup() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await s.app.models.setDescription(
            "<img src=x onerror=alert(1)><b>bold</b>", model: ServingFixture.model, version: "20250101_000000")
        try await s.application.test(.router) { client in
            let (session, _) = try await signIn(client, key: s.admin)
            let page = try await client.execute(
                uri: "/ui/models/\(ServingFixture.model)/20250101_000000", method: .get, headers: [.cookie: session])
            let html = String(buffer: page.body)
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;bold&lt;/b&gt;"))
            #expect(!html.contains("<img src=x"))
        }
    }
}
