import Foundation
import ModelRuntime
import Testing
import TestSupport

/// A temporary training service directory: `<root>/models/<name>/` copies of the valid package folder.
struct TrainingServiceDir {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cli-ts-\(UUID())")
    var path: String { url.path }

    /// Copies valid_folder's package into `models/<name>/`.
    func add(_ name: String) throws {
        let models = url.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.root.appendingPathComponent("\(packages)/valid_folder/model_20241201_143022_deployment"),
            to: models.appendingPathComponent(name))
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

@Suite("warden training-service")
struct TrainingServiceCLITests {
    @Test("scan, import-latest, scan again, nothing new, path traversal refused, transfer recorded")
    func importLatest() throws {
        let data = DataDir()
        let service = TrainingServiceDir()
        defer { data.cleanup(); service.cleanup() }
        try service.add("model_a")
        // A folder whose metadata cannot be read is listed with the problem.
        let broken = service.url.appendingPathComponent("models/broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "{not json".write(to: broken.appendingPathComponent("metadata.json"), atomically: true, encoding: .utf8)

        let scan = try data.run(["training-service", "scan", "--path", service.path, "--json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let rows = try #require(scan.json?["models"]?.array)
        #expect(rows.count == 2)
        #expect(rows[0]["version"]?.string == firstVersion)
        #expect(rows[0]["imported"] == .bool(false))
        #expect(rows[0]["model_type"]?.string == "IsolationForest")
        #expect(rows[0]["training_samples"]?.double == 2000)
        #expect(rows[0]["path"]?.string?.hasSuffix("models/model_a") == true)
        #expect(rows[1]["name"]?.string == "broken")
        #expect(rows[1]["problem"]?.string != nil)

        let imported = try data.run(["training-service", "import-latest", "--path", service.path, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.json?["version"]?.string == firstVersion)
        #expect(imported.json?["status"]?.string == "imported")
        #expect(try data.versions().map(\.0) == [firstVersion])

        let again = try data.run(["training-service", "scan", "--path", service.path, "--json"])
        #expect(again.json?["models"]?.array?.first?["imported"] == .bool(true))

        let none = try data.run(["training-service", "import-latest", "--path", service.path])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.contains("no new models"))

        for bad in ["../x", "..", "a/b", "/tmp"] {
            let r = try data.run(["training-service", "import", bad, "--path", service.path])
            #expect(r.status == 64, "\(bad): \(r.stderr)")
        }
        #expect(try data.run(["training-service", "import", "missing", "--path", service.path]).status == 52)  // package_not_found

        let history = try data.run(["history", "--kind", "transfers", "--json"])
        let transfers = try #require(history.json?["transfers"]?.array)
        #expect(transfers.count == 1)
        #expect(transfers.first?["version"]?.string == firstVersion)
        #expect(transfers.first?["status"]?.string == "imported")
        #expect(transfers.first?["source"]?.string?.hasSuffix("models/model_a") == true)
    }

    @Test("import NAME of an already imported version fails, is recorded as a failed transfer (42)")
    func importNamedDuplicate() throws {
        let data = DataDir()
        let service = TrainingServiceDir()
        defer { data.cleanup(); service.cleanup() }
        try service.add("model_a")
        let first = try data.run(["training-service", "import", "model_a", "--path", service.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("imported") && first.stdout.contains(firstVersion))
        let second = try data.run(["training-service", "import", "model_a", "--path", service.path, "--json"])
        #expect(second.status == 42, "\(second.stderr)")
        #expect(second.error?["code"]?.string == "duplicate_version")
        let transfers = try data.run(["history", "--kind", "transfers", "--json"]).json?["transfers"]?.array ?? []
        #expect(transfers.map { $0["status"]?.string ?? "" } == ["imported", "failed"])
        #expect(transfers.last?["message"]?.string?.contains("duplicate_version") == true)
    }

    @Test("a symbolic link under models/ leading elsewhere is refused and not listed")
    func symlinkRefused() throws {
        let data = DataDir()
        let service = TrainingServiceDir()
        defer { data.cleanup(); service.cleanup() }
        try service.add("model_a")
        try FileManager.default.createSymbolicLink(
            at: service.url.appendingPathComponent("models/escape"),
            withDestinationURL: Fixtures.root.appendingPathComponent(
                "\(packages)/valid_folder/model_20241201_143022_deployment"))
        let r = try data.run(["training-service", "import", "escape", "--path", service.path])
        #expect(r.status == 53, "\(r.stderr)")  // invalid_path: it leads outside models/
        #expect(try data.versions().isEmpty)
        let scan = try data.run(["training-service", "scan", "--path", service.path, "--json"])
        #expect(scan.json?["models"]?.array?.map { $0["name"]?.string ?? "" } == ["model_a"])
    }

    @Test("no --path and no integration.training_service_path is training_service_not_configured (92)")
    func noPath() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["training-service", "scan"])
        #expect(r.status == 92, "\(r.stderr)")
        #expect(r.error?["code"]?.string == "training_service_not_configured")
        #expect(r.stderr.contains("integration.training_service_path"))
    }

    @Test("the configuration's integration.training_service_path is used when --path is absent")
    func configuredPath() throws {
        let data = DataDir()
        let service = TrainingServiceDir()
        defer { data.cleanup(); service.cleanup() }
        try service.add("model_a")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cfg-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "integration:\n  training_service_path: \(service.path)\n".write(
            to: file, atomically: true, encoding: .utf8)
        let r = try data.run(["training-service", "scan", "--config", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(firstVersion) && r.stdout.contains("new"))
    }
}

@Suite("warden drop-folder")
struct DropFolderCLITests {
    @Test("scan imports a ZIP from <data-dir>/drop and moves it to processed/; a bad one goes to failed/")
    func scan() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let empty = try data.run(["drop-folder", "scan"])
        #expect(empty.status == 0, "\(empty.stderr)")
        let drop = data.url.appendingPathComponent("drop")
        #expect(FileManager.default.fileExists(atPath: drop.path))

        try FileManager.default.copyItem(
            at: Fixtures.root.appendingPathComponent(validZip), to: drop.appendingPathComponent("good.zip"))
        try FileManager.default.copyItem(
            at: Fixtures.root.appendingPathComponent("\(packages)/unsafe_pickle/model_20241201_143022_deployment.zip"),
            to: drop.appendingPathComponent("bad.zip"))
        let r = try data.run(["drop-folder", "scan", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(r.json?["items"]?.array)
        #expect(items.count == 2)
        let good = try #require(items.first { $0["name"]?.string == "good.zip" })
        #expect(good["outcome"]?.string == "imported")
        #expect(good["version"]?.string == firstVersion)
        #expect(good["moved_to"]?.string == "processed/good.zip")
        let bad = try #require(items.first { $0["name"]?.string == "bad.zip" })
        #expect(bad["outcome"]?.string == "failed")
        #expect(bad["code"]?.string == "unsafe_pickle")
        #expect(bad["moved_to"]?.string == "failed/bad.zip")
        #expect(FileManager.default.fileExists(atPath: drop.appendingPathComponent("processed/good.zip").path))
        #expect(!FileManager.default.fileExists(atPath: drop.appendingPathComponent("good.zip").path))
        #expect(try data.versions().map(\.0) == [firstVersion])
    }
}
