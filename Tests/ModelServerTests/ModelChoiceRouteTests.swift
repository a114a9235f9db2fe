import DataFormats
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ModelServer
import NIOCore
import TestSupport
import Testing

/// The documented statuses of requests that name no model while several are served (400 `model_required`, from the
/// one rule every route uses), and of malformed version or model names (400 `invalid_version` /
/// `invalid_model_name`, before any lookup).
@Suite("Which model a request means; malformed names")
struct ModelChoiceRouteTests {
    static let csv = "text/csv"

    @Test(
        "several models served and none named: 400 model_required on every route that takes an optional model",
        arguments: [
            ("POST", "/invocations"), ("GET", "/api/monitoring/stats"), ("POST", "/predict"), ("POST", "/api/predict"),
            ("GET", "/api/v1/models/current"), ("GET", "/api/monitoring/drift"), ("GET", "/api/model/versions"),
            ("GET", "/api/v1/model-management/models"), ("POST", "/api/v1/model-management/rollback"),
        ])
    func modelRequired(method: String, path: String) async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make(models: ["other"])
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let body: ByteBuffer? =
                method == "POST" && path != "/api/v1/model-management/rollback"
                ? (path == "/invocations"
                    ? ByteBuffer(string: "{\"dataframe_records\": \(try jsonText(.array(e.rows)))}")
                    : try featuresBody(e.rows))
                : nil
            let r = try await client.execute(
                uri: path, method: HTTPRequest.Method(method)!, headers: [.contentType: "application/json"], body: body)
            #expect(r.status == .badRequest, "\(method) \(path): \(String(buffer: r.body))")
            let error = try r.body.json()["error"]
            #expect(error?["code"]?.string == "model_required")
            #expect(error?["details"]?["models"] == .array([.string("other"), .string(ServingFixture.model)]))
            // Naming one answers.
            let named = try await client.execute(
                uri: path + "?model=other", method: HTTPRequest.Method(method)!,
                headers: [.contentType: "application/json"], body: body)
            #expect(named.status != .badRequest, "\(method) \(path)?model=other: \(String(buffer: named.body))")
        }
    }

    @Test("one model served among several in the registry is the one a request naming none means")
    func oneServed() async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make(models: [])
        defer { t.fixture.remove() }
        try await t.fixture.addModel(named: "other", deploy: false)
        try await t.application.test(.router) { client in
            let r = try await client.execute(uri: "/predict", method: .post, body: try featuresBody(e.rows))
            #expect(r.status == .ok)
            #expect(try r.body.json()["model"]?.string == ServingFixture.model)
        }
    }

    static let malformed = ["..%2F..%2Fetc", "%00", String(repeating: "v", count: 300), "a%20b", "..", "%2e%2e"]

    @Test(
        "a malformed version in a path or query is 400 invalid_version, never 404",
        arguments: [
            "/api/v1/models/{v}/info", "/api/v1/model-management/models/{v}",
            "/api/v1/model-management/{v}/validation-report", "/api/v1/model-management/performance/{v}",
            "/v2/models/wifi-anomaly/versions/{v}", "/v2/models/wifi-anomaly/versions/{v}/ready",
            "/api/monitoring/alerts?version={v}",
        ])
    func invalidVersion(template: String) async throws {
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            for v in Self.malformed {
                let r = try await client.execute(uri: template.replacingOccurrences(of: "{v}", with: v), method: .get)
                #expect(
                    r.status == .badRequest, "\(template) with \(v.prefix(20)): \(String(buffer: r.body).prefix(200))")
                let doc = try r.body.json()
                #expect((doc["error"]?["code"]?.string ?? doc["code"]?.string) == "invalid_version")
            }
        }
    }

    @Test("a malformed version on a change or a prediction is 400 too")
    func invalidVersionOnPost() async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            for v in Self.malformed {
                for uri in ["/api/v1/models/\(v)/deploy", "/api/model/promote/\(v)", "/predict?version=\(v)"] {
                    let r = try await client.execute(uri: uri, method: .post, body: try featuresBody(e.rows))
                    #expect(r.status == .badRequest, "\(uri.prefix(60)): \(String(buffer: r.body).prefix(200))")
                    #expect(try r.body.json()["error"]?["code"]?.string == "invalid_version")
                }
            }
            // In the body of /predict as well.
            let r = try await client.execute(
                uri: "/predict", method: .post, body: try featuresBody(e.rows, extra: ",\"version\":\"../x\""))
            #expect(r.status == .badRequest)
            #expect(try r.body.json()["error"]?["code"]?.string == "invalid_version")
            // A well-formed version that does not exist is still 404.
            let missing = try await client.execute(uri: "/api/v1/models/1.2.3/info", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test("a malformed model name in the V2 path or ?model= is 400 invalid_model_name")
    func invalidModelName() async throws {
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            for uri in [
                "/v2/models/%00", "/v2/models/..%2Fx/ready", "/api/v1/models?model=a%20b",
                "/api/monitoring/stats?model=%2e%2e",
            ] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .badRequest, "\(uri): \(String(buffer: r.body).prefix(200))")
                let doc = try r.body.json()
                #expect((doc["error"]?["code"]?.string ?? doc["code"]?.string) == "invalid_model_name")
            }
        }
    }
}
