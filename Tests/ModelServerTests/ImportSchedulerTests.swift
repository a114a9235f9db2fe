import AccessControl
import Foundation
import Logging
import ModelServer
import PackageImport
import Registry
import TestSupport
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
        let importer = PackageImporter(
            store: store, artifacts: FileArtifactStore(root: dir.appendingPathComponent("artifacts")),
            configuration: PackageImporter.Configuration(defaultModel: ServingFixture.model))
        let modes = ModeController(mode: .maintenance)
        let scheduler = ImportScheduler(
            importer: importer, dropFolder: drop, trainingService: nil, autoImport: false, interval: .seconds(3600),
            fallbackModel: ServingFixture.model, logger: Logger(label: "test"), modes: modes)
        await scheduler.scanOnce()
        #expect(try await store.records(model: ServingFixture.model).isEmpty)  // paused in maintenance
        _ = modes.enter(.inference)
        await scheduler.scanOnce()
        #expect(try await store.records(model: ServingFixture.model).map(\.version) == [ServingFixture.version])
        #expect(!FileManager.default.fileExists(atPath: drop.appendingPathComponent("pkg.zip").path))
        #expect(FileManager.default.fileExists(atPath: drop.appendingPathComponent("processed/pkg.zip").path))
    }
}
