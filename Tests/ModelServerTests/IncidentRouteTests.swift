import AccessControl
import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Registry
import TestSupport
import Testing

/// `GET /api/v1/incidents[/{id}]` over HTTP, with keys scoped as for the anomalies routes.
@Suite("Incident routes")
struct IncidentRouteTests {
    func key(_ k: String) -> HTTPFields { [HTTPField.Name("X-API-Key")!: k] }

    /// Incidents of two models: wifi-anomaly (two windows of ap-1, then ap-2) and `other` (one window of ap-3).
    func seed(_ store: InMemoryRegistryStore) async throws -> (wifi: [Int64], other: Int64) {
        var rows = [
            AnomalyStoreConformance.anomaly("ap-1", minute: 0, severity: "medium"),
            AnomalyStoreConformance.anomaly("ap-1", minute: 1, severity: "critical"),
            AnomalyStoreConformance.anomaly("ap-2", minute: 1, severity: "low"),
            AnomalyStoreConformance.anomaly("ap-3", minute: 2, severity: "high"),
        ]
        for i in 0..<3 { rows[i].model = ServingFixture.model }
        rows[3].model = "other"
        let result = try await store.commitWindows(AnomalyStoreConformance.batch([], rows))
        let byEntity = Dictionary(grouping: result.raisedIncidents, by: \.entity)
        return ([try #require(byEntity["ap-1"]?.first?.id), try #require(byEntity["ap-2"]?.first?.id)],
                try #require(byEntity["ap-3"]?.first?.id))
    }

    @Test("lists incidents with filters; a key scoped to another model sees only its own, and 404 for the others")
    func listAndScope() async throws {
        let s = try await SecuredServer.make(scoped: ["other"], models: ["other"])
        defer { s.t.fixture.remove() }
        let ids = try await seed(s.store)
        try await s.t.application.test(.router) { client in
            let all = try await client.execute(uri: "/api/v1/incidents", method: .get, headers: key(s.root))
            #expect(all.status == .ok)
            let json = try all.body.json()
            #expect(json["total"]?.int == 3)
            let first = try #require(json["incidents"]?.array?.first)
            #expect(first["ap"]?.string == "ap-3" && first["peak_severity"]?.string == "high")
            let ap1 = try #require(json["incidents"]?.array?.first { $0["ap"]?.string == "ap-1" })
            #expect(ap1["window_count"]?.int == 2 && ap1["peak_severity"]?.string == "critical")
            #expect(ap1["status"]?.string == "open" && ap1["anomaly_ids"]?.array?.count == 2)

            let high = try await client.execute(
                uri: "/api/v1/incidents?severity=high&ap=ap-1", method: .get, headers: key(s.root))
            #expect(try high.body.json()["incidents"]?.array?.map { $0["id"]?.int } == [Int(ids.wifi[0])])

            let scoped = try await client.execute(uri: "/api/v1/incidents", method: .get, headers: key(s.keys[.viewer]!))
            let visible = try scoped.body.json()
            #expect(visible["total"]?.int == 1)
            #expect(visible["incidents"]?.array?.map { $0["id"]?.int } == [Int(ids.other)])
            #expect(!String(buffer: scoped.body).contains(ServingFixture.model))

            for id in ids.wifi {
                let hidden = try await client.execute(
                    uri: "/api/v1/incidents/\(id)", method: .get, headers: key(s.keys[.admin]!))
                #expect(hidden.status == .notFound)
                #expect(try hidden.body.json()["error"]?["code"]?.string == "not_found")
                #expect(!String(buffer: hidden.body).contains(ServingFixture.model))
            }
        }
    }

    @Test("bad input is a 400 with a stable code", arguments: [
        "/api/v1/incidents?severity=urgent", "/api/v1/incidents?status=pending", "/api/v1/incidents?limit=0",
        "/api/v1/incidents?from=yesterday", "/api/v1/incidents/0", "/api/v1/incidents/abc",
    ])
    func badInput(_ uri: String) async throws {
        let s = try await SecuredServer.make()
        defer { s.t.fixture.remove() }
        try await s.t.application.test(.router) { client in
            let r = try await client.execute(uri: uri, method: .get, headers: key(s.root))
            #expect(r.status == .badRequest, "\(uri): \(r.status)")
            let code = try r.body.json()["error"]?["code"]?.string
            #expect(["invalid_request", "invalid_limit"].contains(code ?? ""), "\(uri): \(code ?? "none")")
        }
    }
}
