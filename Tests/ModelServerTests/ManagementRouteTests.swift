import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ModelRuntime
import ModelServer
import PackageImport
import NIOCore
import Registry
import Serving
import TestSupport
import WardenApp
import WardenConfig
import AccessControl
import Testing

/// Seed 000 / 002 / 004 management endpoints, through the router.
@Suite("Management routes")
struct ManagementRouteTests {
    @Test("seed 004: save bookmarks the serving version, load deploys it, promote makes it production")
    func saveLoadPromote() async throws {
        let t = try await TestServer.make(mode: .training)  // saves are registry writes: training mode
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let saved = try await client.execute(
                uri: "/api/model/save", method: .post, body: body(#"{"description": "Manual save", "tags": ["backup", "stable"]}"#))
            #expect(saved.status == .created)
            let version = try #require(try saved.body.json()["version"]?.string)
            #expect(version.hasPrefix("manual-"))
            let versions = try await client.execute(uri: "/api/model/versions", method: .get)
            let list = try #require(try versions.body.json()["versions"]?.array)
            #expect(list.count == 2)
            let entry = try #require(list.first { $0["version"]?.string == version })
            #expect(entry["tags"]?.array?.compactMap(\.string) == ["backup", "stable"])
            #expect(entry["description"]?.string == "Manual save")

            let loaded = try await client.execute(uri: "/api/model/load/\(version)", method: .post)
            #expect(loaded.status == .ok)
            #expect(try t.host.serving(nil).version == version)
            let promoted = try await client.execute(uri: "/api/model/promote/\(version)", method: .post)
            #expect(try promoted.body.json()["production_version"]?.string == version)
            #expect(try t.host.serving(nil).record.status == .production)
            let health = try await client.execute(uri: "/api/health/detailed", method: .get)
            let h = try health.body.json()
            #expect(h["version"]?["current"]?.string == version)
            #expect(h["version"]?["production"]?.string == version)
            #expect(h["status"]?.string == "healthy")
        }
    }

    @Test("seed 000: deactivate refuses the serving version; activate re-enables and deploys")
    func activateDeactivate() async throws {
        let other = "20250101_000000"
        let t = try await TestServer.make(copies: [other])
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let refused = try await client.execute(uri: "/api/v1/models/\(ServingFixture.version)/deactivate", method: .post)
            #expect(refused.status == .conflict)
            #expect(try refused.body.json()["error"]?["code"]?.string == "serving_version_protected")
            let off = try await client.execute(uri: "/api/v1/models/\(other)/deactivate", method: .post)
            #expect(off.status == .ok)
            #expect(try await t.fixture.store.record(model: ServingFixture.model, version: other).status == .deactivated)
            let on = try await client.execute(
                uri: "/api/v1/models/\(other)/activate", method: .post, headers: [.init("X-Actor")!: "alice"])
            #expect(on.status == .ok)
            #expect(try t.host.serving(nil).version == other)
            let last = try #require(try await t.fixture.store.deploymentHistory(model: ServingFixture.model).last)
            #expect(last.actor == "alice")
            #expect(last.to == other)
        }
    }

    @Test("model-management: info, validate, compatibility, validation report, rollback")
    func management() async throws {
        let other = "20250101_000000"
        let t = try await TestServer.make(copies: [other])
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let info = try await client.execute(uri: "/api/v1/model-management/models/\(ServingFixture.version)", method: .get)
            let i = try info.body.json()
            #expect(i["status"]?.string == "deployed")
            #expect(i["serving"]?["threshold"]?.double == (try ServingExpected.load()).threshold)
            #expect(i["files"]?.array?.count ?? 0 >= 3)

            let validated = try await client.execute(uri: "/api/v1/model-management/\(other)/validate", method: .post)
            let v = try validated.body.json()
            #expect(v["valid"] == .bool(true))
            #expect(v["load_check"]?["n_features"]?.double == 17)

            let compatible = try await client.execute(
                uri: "/api/v1/model-management/\(other)/validate-compatibility", method: .post)
            #expect(try compatible.body.json()["compatible"] == .bool(true))

            let report = try await client.execute(
                uri: "/api/v1/model-management/\(ServingFixture.version)/validation-report", method: .get)
            #expect(report.status == .ok)
            #expect(try report.body.json()["report"]?["score"]?.double != nil)

            let deployed = try await client.execute(uri: "/api/v1/model-management/\(other)/deploy", method: .post)
            #expect(try deployed.body.json()["previous_version"]?.string == ServingFixture.version)
            let back = try await client.execute(
                uri: "/api/v1/model-management/\(ServingFixture.version)/rollback", method: .post,
                body: body(#"{"reason": "bad alerts"}"#))
            #expect(back.status == .ok)
            #expect(try t.host.serving(nil).version == ServingFixture.version)
            let last = try #require(try await t.fixture.store.deploymentHistory(model: ServingFixture.model).last)
            #expect(last.reason == "bad alerts")
            #expect(last.kind == .rollback)

            let missing = try await client.execute(uri: "/api/v1/models/19990101_000000/info", method: .get)
            #expect(missing.status == .notFound)
            #expect(try missing.body.json()["error"]?["message"]?.string?.contains("19990101_000000") == true)
        }
    }

    @Test("training service: scan, import-latest once, then nothing new; transfers recorded and cleared")
    func trainingService() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("warden-ts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let models = root.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.directory("packages/valid_folder/model_20241201_143022_deployment"),
            to: models.appendingPathComponent("export_1"))
        let fixture = try await ServingFixture.make(deploy: false)
        defer { fixture.remove() }
        // A registry without the package: remove nothing, use a fresh store instead.
        let store = InMemoryRegistryStore()
        var configuration = WardenConfiguration(dataDirectory: fixture.directory.path)
        configuration.integration.trainingServicePath = root.path
        var settings = AppSettings(configuration: configuration, wardenVersion: "t", instance: "t")
        settings.serving = true
        let app = try await WardenServices.build(
            settings: settings, stores: AppStores(store, artifacts: fixture.artifacts), issuer: nil, metrics: nil,
            logger: Logger(label: "t"))
        _ = app.modes.enter(.training)
        let server = WardenServer(app: app, http: HTTPSettings(), logger: Logger(label: "t"))
        try await Application(router: server.router()).test(.router) { client in
            let connection = try await client.execute(uri: "/api/v1/model-management/training-service/connection", method: .get)
            #expect(try connection.body.json()["connected"] == .bool(true))
            let scan = try await client.execute(uri: "/api/v1/model-management/training-service/models", method: .get)
            #expect(try scan.body.json()["models"]?.array?.first?["name"]?.string == "export_1")
            let first = try await client.execute(uri: "/api/v1/model-management/import-latest", method: .post)
            #expect(first.status == .created)
            #expect(try first.body.json()["version"]?.string == ServingFixture.version)
            let second = try await client.execute(uri: "/api/v1/model-management/import-latest", method: .post)
            #expect(try second.body.json()["message"]?.string == "no new models")
            let again = try await client.execute(uri: "/api/v1/model-management/import/export_1", method: .post)
            #expect(again.status == .conflict)
            let escape = try await client.execute(uri: "/api/v1/model-management/import/..", method: .post)
            #expect(escape.status.code >= 400)
            let history = try await client.execute(uri: "/api/v1/model-management/transfer-history", method: .get)
            #expect(try history.body.json()["count"]?.double == 2)
            let refused = try await client.execute(uri: "/api/v1/model-management/transfer-history", method: .delete)
            #expect(refused.status == .conflict)  // housekeeping waits for maintenance mode
            _ = try await client.execute(uri: "/api/mode/maintenance", method: .post)
            let cleared = try await client.execute(uri: "/api/v1/model-management/transfer-history", method: .delete)
            #expect(try cleared.body.json()["removed"]?.double == 2)
        }
    }
}

@Suite("Promotion gate")
struct PromotionGateTests {
    @Test("promotion to production needs a passing validation report; an admin may force it with a reason")
    func gate() async throws {
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        var unvalidated = try await t.fixture.store.record(model: ServingFixture.model, version: ServingFixture.version)
        unvalidated.version = "20250102_000000"
        unvalidated.status = .imported
        unvalidated.validationReport = nil
        try await t.fixture.store.insert(unvalidated)
        try await t.application.test(.router) { client in
            let refused = try await client.execute(uri: "/api/model/promote/20250102_000000", method: .post)
            #expect(refused.status == .conflict)
            #expect(try refused.body.json()["error"]?["code"]?.string == "validation_required")
            let noReason = try await client.execute(uri: "/api/model/promote/20250102_000000?force=true", method: .post)
            #expect(noReason.status == .badRequest)
            let forced = try await client.execute(
                uri: "/api/model/promote/20250102_000000", method: .post,
                body: body(#"{"force": true, "reason": "hotfix for incident 42"}"#))
            #expect(forced.status == .ok)
            #expect(try forced.body.json()["forced"] == .bool(true))
            let history = await t.fixture.store.deploymentHistory(model: ServingFixture.model)
            #expect(history.last?.reason == "hotfix for incident 42")
            // A validated version is promoted without force.
            let validated = try await client.execute(
                uri: "/api/model/promote/\(ServingFixture.version)", method: .post)
            #expect(validated.status == .ok)
        }
    }
}
