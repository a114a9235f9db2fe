import Foundation
import ModelPackage
import PackageImport
import Registry
import Testing

@Suite("PackageImporter drop folder")
struct DropFolderTests {
    @Test("imports ZIPs and package folders, moving them to processed/ or failed/ with an error file")
    func scan() async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let drop = root.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        let fm = FileManager.default
        try fm.copyItem(at: ImportFixtures.url("valid"), to: drop.appendingPathComponent("a_valid.zip"))
        try fm.copyItem(at: ImportFixtures.url("unsafe_pickle"), to: drop.appendingPathComponent("b_unsafe.zip"))
        _ = try ImportFixtures.validFolder(version: "20241202_090000", in: drop, name: "c_folder")
        try Data("junk".utf8).write(to: drop.appendingPathComponent("d_garbage.zip"))
        try Data("notes".utf8).write(to: drop.appendingPathComponent("notes.txt"))
        try Data("partial".utf8).write(to: drop.appendingPathComponent("e_upload.zip.part"))

        let store = InMemoryRegistryStore()
        let (importer, _) = ImportFixtures.importer(store, root: root)
        let items = await importer.scanDropFolder(at: drop)

        #expect(items.map(\.name) == ["a_valid.zip", "b_unsafe.zip", "c_folder", "d_garbage.zip"])
        let codes = items.map { item -> String in
            switch item.outcome {
            case .success: return "ok"
            case .failure(let error): return error.code.rawValue
            }
        }
        #expect(codes == ["ok", "unsafe_pickle", "ok", "not_a_zip"])
        #expect(try fm.contentsOfDirectory(atPath: drop.appendingPathComponent("processed").path).sorted()
            == ["a_valid.zip", "c_folder"])
        #expect(try fm.contentsOfDirectory(atPath: drop.appendingPathComponent("failed").path).sorted()
            == ["b_unsafe.zip", "b_unsafe.zip.error.json", "d_garbage.zip", "d_garbage.zip.error.json"])
        #expect(try fm.contentsOfDirectory(atPath: drop.path).sorted()
            == ["e_upload.zip.part", "failed", "notes.txt", "processed"])
        let errorFile = drop.appendingPathComponent("failed/b_unsafe.zip.error.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: errorFile)) as? [String: Any]
        #expect(json?["code"] as? String == "unsafe_pickle")
        #expect(json?["report"] != nil)
        #expect(await store.records(model: "wifi-anomaly").map(\.version) == ["20241201_143022", "20241202_090000"])

        // A second scan finds nothing left to do.
        #expect(await importer.scanDropFolder(at: drop).isEmpty)
    }
}
