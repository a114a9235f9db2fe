import AccessControl
import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Serving
import TestSupport
import Testing
import WardenApp
import WardenUI

/// The body of a GET of `path` with the session cookie, and its status.
func get(_ client: some TestClientProtocol, _ path: String, _ session: String) async throws
    -> (status: HTTPResponse.Status, html: String)
{
    let r = try await client.execute(uri: path, method: .get, headers: [.cookie: session])
    return (r.status, String(buffer: r.body))
}

/// POSTs a form with the session cookie.
func post(_ client: some TestClientProtocol, _ path: String, _ session: String, _ fields: [String: String])
    async throws -> TestResponse
{
    var headers = formType
    headers[.cookie] = session
    return try await client.execute(uri: path, method: .post, headers: headers, body: form(fields))
}

/// Scores the fixture's sample rows `times` times on the serving version, so the monitor has a window.
func scoreSamples(_ app: WardenServices, times: Int = 3) async throws {
    let expected = try ServingExpected.load()
    let serving = try await app.predictions.serving(nil, caller: Caller(identity: .local, actor: "t", auditActor: "t"))
    for _ in 0..<times {
        _ = try app.predictions.score(try FeatureInput(rows: expected.rows, for: serving, missing: .reject), on: serving)
    }
}

/// The text of a `warden_flash=i.…` / `e.…` cookie (base64url).
func flashText(_ cookie: String?) -> String? {
    guard let cookie, cookie.count > "warden_flash=i.".count else { return nil }
    var b64 = String(cookie.dropFirst("warden_flash=i.".count)).replacingOccurrences(of: "-", with: "+")
        .replacingOccurrences(of: "_", with: "/")
    while b64.count % 4 != 0 { b64 += "=" }
    return Data(base64Encoded: b64).flatMap { String(data: $0, encoding: .utf8) }
}

@Suite("The web UI's monitoring, compare, shadow, training-service pages and tag/describe forms, in process")
struct UIPageTests {
    static let other = "/ui/models/\(ServingFixture.model)/20250101_000000"

    @Test("the monitoring page draws the score distribution as SVG with a data table holding the same counts")
    func monitoring() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await scoreSamples(s.app)
        let distribution = try await s.app.monitoring.scoreDistribution(
            model: ServingFixture.model, version: ServingFixture.version)
        #expect(distribution.currentCount == 3 * (try ServingExpected.load().rows.count))
        try await s.application.test(.router) { client in
            let (session, _) = try await signIn(client, key: s.admin)
            let (status, html) = try await get(client, "/ui/monitoring?model=\(ServingFixture.model)", session)
            #expect(status == .ok)
            #expect(html.contains("<svg class=\"histogram\""))
            #expect(html.contains("id=\"score-table\""))
            // One bar and one table row per bin, and the table's counts add up to what was scored.
            let bars = html.components(separatedBy: "<rect class=\"bin\"").count - 1
            #expect(bars == distribution.current.count)
            #expect(html.contains(ServingFixture.version))
            #expect(html.contains("Run drift check"))
        }
    }

    @Test("Run drift check runs the application's check and reports it; without the CSRF token it is refused")
    func driftCheck() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await scoreSamples(s.app)
        try await s.application.test(.router) { client in
            let (session, token) = try await signIn(client, key: s.admin)
            let fields = ["model": ServingFixture.model, "version": ServingFixture.version]
            let forged = try await post(client, "/ui/monitoring/check", session, fields)
            #expect(forged.status == .forbidden)
            let ran = try await post(client, "/ui/monitoring/check", session, fields.merging(["csrf": token]) { a, _ in a })
            #expect(ran.status == .seeOther)
            #expect(ran.headers[.location] == "/ui/monitoring?model=\(ServingFixture.model)&version=\(ServingFixture.version)")
            let text = try #require(flashText(cookie("warden_flash", in: ran)))
            #expect(text.contains("rift detected for \(ServingFixture.model) \(ServingFixture.version)"))
            #expect(text.hasSuffix("alert event(s) recorded.") || text.hasSuffix("no alert changed."))
        }
    }

    @Test("compare shows both versions' metadata and metrics side by side; the same version twice is a 400")
    func compare() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await s.app.models.setTags(["<script>alert(1)</script>"], model: ServingFixture.model, version: "20250101_000000")
        let side = try await s.app.models.sideBySide(model: ServingFixture.model, ServingFixture.version, "20250101_000000")
        try await s.application.test(.router) { client in
            let (session, _) = try await signIn(client, key: s.viewer)
            let (status, html) = try await get(
                client, "/ui/compare?model=\(ServingFixture.model)&a=\(ServingFixture.version)&b=20250101_000000", session)
            #expect(status == .ok)
            #expect(html.contains("id=\"side-by-side\""))
            for m in side.metrics.metrics { #expect(html.contains(">\(m.name)<")) }
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>alert(1)"))
            let same = try await get(
                client, "/ui/compare?model=\(ServingFixture.model)&a=\(ServingFixture.version)&b=\(ServingFixture.version)",
                session)
            #expect(same.status == .badRequest)
            #expect(same.html.contains("compare two different versions"))
            let unknown = try await get(
                client, "/ui/compare?model=\(ServingFixture.model)&a=\(ServingFixture.version)&b=nope", session)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("an admin tags and describes a version through the forms; markup renders as text")
    func tagAndDescribe() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        _ = s.app.modes.enter(.training)
        try await s.application.test(.router) { client in
            let (session, token) = try await signIn(client, key: s.admin)
            let page = try await get(client, Self.other, session)
            #expect(page.html.contains("id=\"tag-form\""))
            let tagged = try await post(
                client, Self.other + "/tag", session, ["csrf": token, "tags": " candidate, <b>q4</b> ,, candidate "])
            #expect(tagged.status == .seeOther)
            let record = try await s.app.models.record(model: ServingFixture.model, version: "20250101_000000")
            #expect(record.tags == ["candidate", "<b>q4</b>"])
            let described = try await post(
                client, Self.other + "/describe", session, ["csrf": token, "description": "retrained <i>weekly</i>"])
            #expect(described.status == .seeOther)
            let after = try await get(client, Self.other, session)
            #expect(after.html.contains("&lt;b&gt;q4&lt;/b&gt;"))
            #expect(after.html.contains("retrained &lt;i&gt;weekly&lt;/i&gt;"))
            #expect(!after.html.contains("<b>q4</b>"))
            let described2 = try await s.app.models.record(model: ServingFixture.model, version: "20250101_000000")
            #expect(described2.description == "retrained <i>weekly</i>")
        }
    }

    @Test("a tag form with too many or too long tags is refused with a message, and nothing changes")
    func badTags() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        _ = s.app.modes.enter(.training)
        try await s.application.test(.router) { client in
            let (session, token) = try await signIn(client, key: s.admin)
            for tags in [(1...51).map { "t\($0)" }.joined(separator: ","), String(repeating: "x", count: 101)] {
                let r = try await post(client, Self.other + "/tag", session, ["csrf": token, "tags": tags, "back": Self.other])
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == Self.other)
                #expect(cookie("warden_flash", in: r)?.hasPrefix("warden_flash=e.") == true)
            }
            let record = try await s.app.models.record(model: ServingFixture.model, version: "20250101_000000")
            #expect(record.tags.isEmpty)
        }
    }

    @Test("a viewer sees no tag, describe or import form, and its forged tag POST gets 403 and an audit entry")
    func viewerSeesNoWrites() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        _ = s.app.modes.enter(.training)
        try await s.application.test(.router) { client in
            let (session, token) = try await signIn(client, key: s.viewer)
            let version = try await get(client, Self.other, session)
            #expect(version.status == .ok)
            #expect(!version.html.contains("id=\"tag-form\""))
            #expect(!version.html.contains("id=\"describe-form\""))
            let training = try await get(client, "/ui/import/training-service", session)
            #expect(training.status == .ok)
            #expect(!training.html.contains("action=\"/ui/import/drop-folder\""))
            let forged = try await post(client, Self.other + "/tag", session, ["csrf": token, "tags": "x"])
            #expect(forged.status == .forbidden)
            let audit = try await s.app.security.audit(since: nil, action: "tag", actor: nil, limit: 10)
            #expect(audit.first?.outcome == "denied")
            #expect(try await s.app.models.record(model: ServingFixture.model, version: "20250101_000000").tags.isEmpty)
        }
    }

    /// A training-service folder holding the valid package and a folder whose name is markup.
    static func trainingService() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("warden-ui-ts-\(UUID().uuidString)")
        let models = root.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.directory("packages/valid_folder/model_20241201_143022_deployment"),
            to: models.appendingPathComponent("export_1"))
        let hostile = models.appendingPathComponent("<img src=x onerror=alert(1)>")
        try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: hostile.appendingPathComponent("metadata.json"))
        return root
    }

    @Test("the training-service page lists the folder's packages (names escaped), imports one, shows the transfer")
    func trainingServiceImport() async throws {
        let root = try Self.trainingService()
        defer { try? FileManager.default.removeItem(at: root) }
        let s = try await UIServer.make(trainingService: root)
        defer { s.fixture.remove() }
        _ = s.app.modes.enter(.training)
        try await s.application.test(.router) { client in
            let (session, token) = try await signIn(client, key: s.admin)
            let before = try await get(client, "/ui/import/training-service", session)
            #expect(before.status == .ok)
            #expect(before.html.contains("export_1"))
            #expect(before.html.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(!before.html.contains("<img src=x"))
            #expect(before.html.contains("No transfer from the training service yet."))
            let imported = try await post(
                client, "/ui/import/training-service/import", session,
                ["csrf": token, "name": "export_1", "back": "/ui/import/training-service"])
            #expect(imported.status == .seeOther)
            #expect(cookie("warden_flash", in: imported)?.hasPrefix("warden_flash=i.") == true)
            _ = try await s.app.models.record(model: ServingFixture.model, version: ServingFixture.version)
            let after = try await get(client, "/ui/import/training-service", session)
            #expect(after.html.contains("id=\"transfers\""))
            #expect(try await s.app.imports.transfers().map(\.status) == ["imported"])
            let missing = try await post(
                client, "/ui/import/training-service/import", session,
                ["csrf": token, "back": "/ui/import/training-service"])
            #expect(cookie("warden_flash", in: missing)?.hasPrefix("warden_flash=e.") == true)
        }
    }

    @Test("every new page answers 200 with the security headers and is reachable from the navigation")
    func navigation() async throws {
        let s = try await UIServer.make()
        defer { s.fixture.remove() }
        try await s.application.test(.router) { client in
            let (session, _) = try await signIn(client, key: s.viewer)
            let dashboard = try await get(client, "/ui", session)
            #expect(dashboard.html.contains("href=\"/ui/monitoring\""))
            #expect(dashboard.html.contains("href=\"/ui/compare\""))
            #expect(dashboard.html.contains("/ui/monitoring?model=\(ServingFixture.model)"))
            for path in ["/ui/monitoring", "/ui/compare", "/ui/import/training-service"] {
                let r = try await client.execute(uri: path, method: .get, headers: [.cookie: session])
                #expect(r.status == .ok, "\(path)")
                #expect(r.headers[.cacheControl] == "no-store")
            }
            let version = try await get(client, Self.other, session)
            #expect(version.html.contains("/ui/compare?model=\(ServingFixture.model)&amp;a=20250101_000000"))
        }
    }
}
