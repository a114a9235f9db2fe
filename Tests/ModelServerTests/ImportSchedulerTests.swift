import AccessControl
import Foundation
import Logging
import ModelServer
import PackageImport
import Registry
import TestSupport
import WardenApp
import WardenConfig
import Testing

@Suite("Import scheduler")
struct ImportSchedulerTests {
    @Test("a dropped package is imported on the scheduler's pass and moved to processed/, but not in maintenance")
    func dropFolder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-drop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let drop = dir.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ServingFixture.package, to: drop.appendingPathComponent("pkg.zip"))
        let store = InMemoryRegistryStore()
        var settings = AppSettings(
            configuration: WardenConfiguration(dataDirectory: dir.path), wardenVersion: "test", instance: "test")
        settings.serving = true
        let app = try await WardenServices.build(
            settings: settings,
            stores: AppStores(store, artifacts: FileArtifactStore(root: dir.appendingPathComponent("artifacts"))),
            issuer: nil, metrics: nil, logger: Logger(label: "test"))
        let modes = app.modes
        _ = modes.enter(.maintenance)
        let scheduler = ImportScheduler(
            imports: app.imports, autoImport: false, interval: .seconds(3600), modes: modes, logger: Logger(label: "test"))
        await scheduler.scanOnce()
        #expect(try await store.records(model: ServingFixture.model).isEmpty)  // paused in maintenance
        _ = modes.enter(.inference)
        await scheduler.scanOnce()
        #expect(try await store.records(model: ServingFixture.model).map(\.version) == [ServingFixture.version])
        #expect(!FileManager.default.fileExists(atPath: drop.appendingPathComponent("pkg.zip").path))
        #expect(FileManager.default.fileExists(atPath: drop.appendingPathComponent("processed/pkg.zip").path))
    }
}
