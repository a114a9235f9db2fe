import Foundation
import ModelPackage
import PackageImport
import Registry
import Testing

@Suite("PackageImporter")
struct PackageImporterTests {
    @Test("the sample package's training_info.feature_statistics stays readable from the imported record")
    func featureStatistics() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/wifi-anomaly/model_20260105_000000_deployment.zip")
        let (record, files) = try await PackageImporter.read(packageAt: url)
        #expect(files["reference_sample.csv"] != nil)
        let stats = try #require(record.featureStatistics)
        #expect(stats.count == 17)
        #expect(stats["total_devices"]?.p99 == 50)
        #expect(record.trainingInfo?.featureNames?.count == 17)
        let bare = VersionRecord(model: "m", version: "v", importSource: "test", importedAt: Date())
        #expect(bare.featureStatistics == nil)
    }

    @Test("imports the valid package from a ZIP, a folder and a nested ZIP with the same record content")
    func layouts() async throws {
        var records: [VersionRecord] = []
        for fixture in ["valid", "valid_folder", "valid_nested"] {
            let root = try ImportFixtures.scratch()
            defer { try? FileManager.default.removeItem(at: root) }
            let store = InMemoryRegistryStore()
            let (importer, artifacts) = ImportFixtures.importer(store, root: root)
            let url = ImportFixtures.url(fixture)
            let result = try await importer.import(fileAt: url, origin: .file(url))
            #expect(result.record.model == "wifi-anomaly")
            #expect(result.record.version == "20241201_143022")
            #expect(result.record.status == .imported)
            #expect(result.record.importSource == url.path)
            #expect(result.record.importedAt == ImportFixtures.now)
            #expect(try await store.record(model: "wifi-anomaly", version: "20241201_143022") == result.record)
            #expect(result.record.inferenceConfig.batchSize == 1000)
            #expect(result.record.validationReport?.isValid == true)
            for file in result.record.files {
                #expect(try await artifacts.read(file.sha256).count == file.size)
            }
            #expect(await store.importHistory(model: "wifi-anomaly").map(\.outcome) == [.imported])
            records.append(result.record)
        }
        let content = records.map {
            [$0.model, $0.version, $0.metadataJSON ?? "", $0.manifestJSON ?? "", "\($0.files)", "\($0.inferenceConfig)"]
        }
        #expect(content[0] == content[1])
        #expect(content[0] == content[2])
        #expect(records[0].files.map(\.name).contains("model.joblib"))
    }

    @Test(
        "refuses an invalid package with its stable code, the report attached, and writes nothing",
        arguments: [
            ("missing_model", ImportError.Code.missingRequiredFile), ("tampered_model", .integrityMismatch),
            ("listed_absent", .integrityMismatch), ("corrupt_model", .corruptModel), ("unsafe_pickle", .unsafePickle),
            ("unsupported_model", .unsupportedModel), ("bad_metadata", .invalidMetadata),
            ("feature_count_mismatch", .featureCountMismatch),
        ])
    func refusals(_ fixture: String, _ code: ImportError.Code) async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = InMemoryRegistryStore()
        let (importer, artifacts) = ImportFixtures.importer(store, root: root)
        let url = ImportFixtures.url(fixture)
        let error = await #expect(throws: ImportError.self) { try await importer.import(fileAt: url, origin: .file(url)) }
        #expect(error?.code == code)
        #expect(error?.report?.isValid == false)
        #expect(ImportFixtures.objectFiles(artifacts).isEmpty)
        #expect(await store.models().isEmpty)
        #expect(await store.importHistory(model: nil).map(\.outcome) == [.rejected])
    }

    @Test("refuses an empty file and a file that is not a ZIP with empty_file and not_a_zip")
    func notZips() async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = InMemoryRegistryStore()
        let (importer, artifacts) = ImportFixtures.importer(store, root: root)
        let empty = root.appendingPathComponent("model_1.0.0_deployment.zip")
        try Data().write(to: empty)
        let text = root.appendingPathComponent("model_1.0.1_deployment.zip")
        try Data("not a zip at all, just some text".utf8).write(to: text)
        let e1 = await #expect(throws: ImportError.self) { try await importer.import(fileAt: empty, origin: .file(empty)) }
        let e2 = await #expect(throws: ImportError.self) { try await importer.import(fileAt: text, origin: .file(text)) }
        #expect(e1?.code == .emptyFile)
        #expect(e2?.code == .notAZip)
        #expect(ImportFixtures.objectFiles(artifacts).isEmpty)
        #expect(await store.models().isEmpty)
    }

    @Test("refuses an existing version with duplicate_version before writing artifacts")
    func duplicate() async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = InMemoryRegistryStore()
        let (importer, artifacts) = ImportFixtures.importer(store, root: root)
        let zip = ImportFixtures.url("valid")
        _ = try await importer.import(fileAt: zip, origin: .file(zip))
        let before = ImportFixtures.objectFiles(artifacts)
        // The folder differs in nothing but layout; a tampered copy would also be refused before any write.
        let folder = ImportFixtures.url("valid_folder")
        let error = await #expect(throws: ImportError.self) {
            try await importer.import(fileAt: folder, origin: .file(folder))
        }
        #expect(error?.code == .duplicateVersion)
        #expect(ImportFixtures.objectFiles(artifacts) == before)
        #expect(await store.records(model: "wifi-anomaly").count == 1)
        #expect(await store.importHistory(model: nil).map(\.outcome) == [.imported, .failed])
    }

    @Test("stores identical files of two versions once")
    func deduplication() async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = InMemoryRegistryStore()
        let (importer, artifacts) = ImportFixtures.importer(store, root: root)
        let zip = ImportFixtures.url("valid")
        let first = try await importer.import(fileAt: zip, origin: .file(zip))
        let folder = try ImportFixtures.validFolder(version: "20241202_090000", in: root)
        let second = try await importer.import(fileAt: folder, origin: .file(folder))
        let manifest = second.record.files.first { $0.name == "deployment_manifest.json" }
        #expect(second.createdArtifacts == [manifest?.sha256].compactMap { $0 })
        #expect(second.reusedArtifacts.count == second.record.files.count - 1)
        let model1 = first.record.files.first { $0.name == "model.joblib" }
        let model2 = second.record.files.first { $0.name == "model.joblib" }
        #expect(model1 == model2)
        let distinct = Set((first.record.files + second.record.files).map(\.sha256))
        #expect(ImportFixtures.objectFiles(artifacts).count == distinct.count)
        #expect(try await artifacts.digests() == distinct.sorted())
    }

    @Test("removes the artifacts of an import whose insert fails, and recover() removes a crash's leftovers")
    func crash() async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let failing = FailingInsertStore()
        let (importer, artifacts) = ImportFixtures.importer(failing, root: root)
        let zip = ImportFixtures.url("valid")
        let error = await #expect(throws: ImportError.self) { try await importer.import(fileAt: zip, origin: .file(zip)) }
        let code = error?.code
        #expect(code == .storage)
        #expect(ImportFixtures.objectFiles(artifacts).isEmpty)
        #expect(try await failing.models().isEmpty)

        // kill -9 after the artifacts were written, before the insert: objects nothing references, a tmp file.
        let store = InMemoryRegistryStore()
        let (restarted, _) = ImportFixtures.importer(store, root: root)
        let kept = try await restarted.import(fileAt: zip, origin: .file(zip))
        let orphan = try await artifacts.put(Array("written, never registered".utf8))
        let tmp = artifacts.root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: tmp.appendingPathComponent("partial"))
        let removed = try await restarted.recover()
        #expect(removed == [orphan.sha256])
        #expect(try await artifacts.digests() == Set(kept.record.files.map(\.sha256)).sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test("recover() removes the artifacts of deleted versions and the store forgets them")
    func recoverDeleted() async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = InMemoryRegistryStore()
        let (importer, artifacts) = ImportFixtures.importer(store, root: root)
        let zip = ImportFixtures.url("valid")
        let first = try await importer.import(fileAt: zip, origin: .file(zip))
        let folder = try ImportFixtures.validFolder(version: "20241202_090000", in: root)
        let second = try await importer.import(fileAt: folder, origin: .file(folder))
        let plan = try await store.lifecycle(model: "wifi-anomaly").plan(
            .delete("20241201_143022"), actor: "test", at: ImportFixtures.now)
        try await store.commit(plan)
        let removed = try await importer.recover()
        let onlyFirst = Set(first.record.files.map(\.sha256)).subtracting(second.record.files.map(\.sha256))
        #expect(removed == onlyFirst.sorted())
        #expect(try await artifacts.digests() == Set(second.record.files.map(\.sha256)).sorted())
        #expect(await store.unreferencedArtifacts().isEmpty)
    }

    @Test("lands concurrent imports of different versions")
    func concurrent() async throws {
        let root = try ImportFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = InMemoryRegistryStore()
        let (importer, artifacts) = ImportFixtures.importer(store, root: root)
        let versions = (1...4).map { "2024120\($0)_120000" }
        let folders = try versions.map { try ImportFixtures.validFolder(version: $0, in: root) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for folder in folders {
                group.addTask { _ = try await importer.import(fileAt: folder, origin: .file(folder)) }
            }
            try await group.waitForAll()
        }
        #expect(await store.records(model: "wifi-anomaly").map(\.version) == versions)
        let referenced = Set(await store.records(model: "wifi-anomaly").flatMap { $0.files.map(\.sha256) })
        #expect(try await artifacts.digests() == referenced.sorted())
    }
}
