import AccessControl
import DataFormats
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ModelServer
import NIOCore
import Prometheus
import TestSupport
import Testing
import WardenApp

/// A key limited to one model (`other`) on a server that also serves `wifi-anomaly`, which has predictions, windows
/// and metrics: no listing, report, metric or error shows it the other model; server-wide operations (keys, audit,
/// modes, cleanup, imports) are refused to it.
@Suite("Listings are filtered to a key's model scope")
struct ScopedListingTests {
    static let other = "other"

    func make() async throws -> SecuredServer {
        try await SecuredServer.make(
            scoped: [Self.other], models: [Self.other], metrics: ServingMetrics(registry: PrometheusCollectorRegistry())
        )
    }

    func key(_ k: String) -> HTTPFields { [HTTPField.Name("X-API-Key")!: k] }

    /// The concrete path of a route template, naming the scoped key's model.
    func path(_ template: String) -> String {
        template.replacingOccurrences(of: "{version}", with: ServingFixture.version)
            .replacingOccurrences(of: "{name}", with: Self.other).replacingOccurrences(of: "{path}", with: "x")
            .replacingOccurrences(of: "{mode}", with: "inference").replacingOccurrences(
                of: "{id}", with: "000000000000"
            )
            .replacingOccurrences(of: "{agent}", with: "a")
    }

    /// Predictions on both models with the unscoped key, so windows, performance and metrics hold both.
    func score(_ s: SecuredServer, _ client: some TestClientProtocol) async throws {
        let e = try ServingExpected.load()
        for model in [ServingFixture.model, Self.other] {
            let r = try await client.execute(
                uri: "/predict?model=\(model)", method: .post, headers: key(s.root), body: try featuresBody(e.rows))
            #expect(r.status == .ok)
        }
    }

    @Test("every reading endpoint, with a key scoped to another model, never names the model it may not see")
    func everyReadingEndpoint() async throws {
        let s = try await make()
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            try await score(s, client)
            var checked = 0
            let reads = EndpointAccess.rules.filter {
                $0.operation != .liveness && ($0.method == "GET" || $0.key == "POST /v2/repository/index")
            }
            for rule in reads {
                for role in [Role.viewer, .admin] {
                    let r = try await client.execute(
                        uri: path(rule.path), method: HTTPRequest.Method(rule.method)!, headers: key(s.keys[role]!))
                    let text = String(buffer: r.body)
                    #expect(
                        !text.contains(ServingFixture.model), "\(rule.key) as \(role): \(r.status) \(text.prefix(300))")
                    if r.status == .forbidden {
                        #expect(
                            try r.body.json()["error"]?["code"]?.string.map {
                                ["model_out_of_scope", "forbidden"].contains($0)
                            } == true)
                    }
                    checked += 1
                }
            }
            #expect(checked > 40)
        }
    }

    @Test("the listings show the key's own model: models, repository index, performance, metrics, health details")
    func ownModelListed() async throws {
        let s = try await make()
        defer { s.t.fixture.remove() }
        let viewer = key(s.keys[.viewer]!)
        try await s.t.application.test(.router) { client in
            try await score(s, client)
            let models = try await client.execute(uri: "/api/v1/models", method: .get, headers: viewer).body.json()
            let listed = Set(models["models"]?.array?.compactMap { $0["model"]?.string } ?? [])
            #expect(listed == [Self.other])
            let index = try await client.execute(uri: "/v2/repository/index", method: .post, headers: viewer).body
                .json()
            #expect(index.array?.compactMap { $0["name"]?.string } == [Self.other])
            let performance = try await client.execute(
                uri: "/api/v1/model-management/performance", method: .get, headers: viewer
            ).body.json()
            #expect(performance["versions"]?.array?.compactMap { $0["model"]?.string } == [Self.other])
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get, headers: viewer).body)
            #expect(metrics.contains("model_predictions_total{model=\"other\""))
            #expect(metrics.contains("warden_http_requests_total"))
            let health = try await client.execute(uri: "/api/health/detailed", method: .get, headers: viewer).body
                .json()
            #expect(health["models"]?.array?.compactMap { $0["model"]?.string } == [Self.other])
            #expect(health["version"]?["current"]?.string == ServingFixture.version)
            // Naming no model means the key's own: it is the only one it may act on.
            let current = try await client.execute(uri: "/api/v1/models/current", method: .get, headers: viewer)
            #expect(try current.body.json()["model"]?.string == Self.other)
            // The unscoped key sees both.
            let all = try await client.execute(uri: "/metrics", method: .get, headers: key(s.root))
            #expect(String(buffer: all.body).contains("model=\"\(ServingFixture.model)\""))
        }
    }

    @Test("server-wide operations are refused to a key limited to some models")
    func serverWide() async throws {
        let s = try await make()
        defer { s.t.fixture.remove() }
        let admin = key(s.keys[.admin]!)
        try await s.t.application.test(.router) { client in
            for (method, uri) in [
                ("GET", "/api/keys"), ("POST", "/api/keys"), ("GET", "/api/audit"), ("POST", "/api/mode/training"),
                ("GET", "/api/v1/model-management/transfer-history"),
                ("GET", "/api/v1/model-management/training-service/models"),
                ("POST", "/api/v1/model-management/upload"), ("DELETE", "/api/v1/model-management/performance/cleanup"),
            ] {
                let r = try await client.execute(uri: uri, method: HTTPRequest.Method(method)!, headers: admin)
                #expect(r.status == .forbidden, "\(method) \(uri)")
                #expect(try r.body.json()["error"]?["code"]?.string == "model_out_of_scope", "\(method) \(uri)")
            }
            #expect(try await client.execute(uri: "/api/keys", method: .get, headers: key(s.root)).status == .ok)
        }
    }
}
