import DataFormats
import Foundation
import ModelRuntime
import TestSupport
import Testing

/// Several `warden import` processes at once into one data directory: different versions all land, the same
/// version imported twice lands once and the other import fails with `duplicate_version`, and the registry is
/// consistent afterwards (each version whole, every object referenced, no temporary file, no "database is locked").
@Suite("warden import, concurrently")
struct ConcurrentImportTests {
    static let validFolder = "Tests/Fixtures/packages/valid_folder/model_20241201_143022_deployment"
    static let validZip = "Tests/Fixtures/packages/valid/model_20241201_143022_deployment.zip"
    static let rounds = 3

    @Test("concurrent imports of different packages and of the same package twice leave a consistent registry")
    func concurrentImports() throws {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("warden-concurrent-\(UUID())")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }

        // Four packages with their own versions, plus the fixture ZIP (version 20241201_143022) imported twice.
        let versions = (0..<4).map { String(format: "20241202_0900%02d", $0) }
        var packages: [String] = []
        for version in versions { packages.append(try Self.package(version: version, in: work).path) }
        let duplicated = Fixtures.path(Self.validZip)
        let all = versions + ["20241201_143022"]

        for round in 0..<Self.rounds {
            // A fresh data directory each round, so the first commands also race to create the database.
            let data = work.appendingPathComponent("data-\(round)")
            let imports = packages + [duplicated, duplicated]
            let processes = try imports.enumerated().map { index, path in
                try Child(["import", path, "--json", "--data-dir", data.path], in: work, name: "\(round)-\(index)")
            }
            let results = processes.map { $0.wait() }

            for (index, result) in results.enumerated() {
                #expect(!result.stderr.contains("locked"), "round \(round), \(imports[index]): \(result.stderr)")
            }
            for index in 0..<packages.count {
                #expect(results[index].status == 0, "round \(round), \(imports[index]): \(results[index].stderr)")
                #expect(results[index].json?["version"]?.string == versions[index])
            }
            let twice = results.suffix(2)
            #expect(twice.filter { $0.status == 0 }.count == 1, "round \(round): \(twice.map(\.stderr))")
            for result in twice where result.status != 0 {
                #expect(result.status == 42, "round \(round): \(result.stderr)")
                #expect(result.error?["code"]?.string == "duplicate_version", "round \(round): \(result.stderr)")
            }

            try Self.checkConsistent(data, versions: all, context: "round \(round)")
        }
    }

    /// Every version listed once, whole, its objects stored with the recorded size; no unreferenced object and no
    /// temporary file; the import history holds one `imported` entry per version and one `failed` duplicate.
    static func checkConsistent(_ data: URL, versions: [String], context: String) throws {
        let fm = FileManager.default
        let list = try WardenBinary.run(["models", "list", "--json", "--data-dir", data.path])
        #expect(list.status == 0, "\(context): \(list.stderr)")
        let listed = (list.json?["versions"]?.array ?? []).map { $0["version"]?.string ?? "" }
        #expect(listed.sorted() == versions.sorted(), "\(context): listed \(listed)")

        let objects = data.appendingPathComponent("artifacts/objects")
        var referenced = Set<String>()
        for version in versions {
            let show = try WardenBinary.run(["models", "show", version, "--json", "--data-dir", data.path])
            #expect(show.status == 0, "\(context): show \(version): \(show.stderr)")
            let files = show.json?["files"]?.array ?? []
            #expect(files.count == 8, "\(context): \(version) has \(files.count) files")
            for file in files {
                let digest = file["sha256"]?.string ?? ""
                referenced.insert(digest)
                let path = objects.appendingPathComponent("\(digest.prefix(2))/\(digest)").path
                let size = (try? fm.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
                #expect(
                    size.map(Double.init) == file["size"]?.double,
                    "\(context): \(version)/\(file["name"]?.string ?? "") at \(path)")
            }
        }
        var stored = Set<String>()
        for shard in (try? fm.contentsOfDirectory(atPath: objects.path)) ?? [] {
            for name in try fm.contentsOfDirectory(atPath: objects.appendingPathComponent(shard).path) {
                stored.insert(name)
            }
        }
        #expect(stored == referenced, "\(context): unreferenced \(stored.subtracting(referenced))")
        let tmp = (try? fm.contentsOfDirectory(atPath: data.appendingPathComponent("artifacts/tmp").path)) ?? []
        #expect(tmp.isEmpty, "\(context): artifacts/tmp holds \(tmp)")
    }

    /// A copy of the valid package folder whose manifest names `version`.
    static func package(version: String, in directory: URL) throws -> URL {
        let dir = directory.appendingPathComponent("model_\(version)_deployment")
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent(validFolder), to: dir)
        let manifest = dir.appendingPathComponent("deployment_manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: "\"model_version\": \"20241201_143022\"", with: "\"model_version\": \"\(version)\"")
        try #require(changed != text, "the fixture manifest's model_version was not found")
        try changed.write(to: manifest, atomically: true, encoding: .utf8)
        return dir
    }
}

/// A `warden` child process started at once, its output going to files so that many can run side by side.
private struct Child {
    let process = Process()
    let out: URL
    let err: URL

    init(_ args: [String], in directory: URL, name: String) throws {
        out = directory.appendingPathComponent("\(name).out")
        err = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.executableURL = WardenBinary.url
        process.arguments = args
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WARDEN_") }
        process.currentDirectoryURL = Fixtures.root
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
    }

    func wait() -> ChildResult {
        process.waitUntilExit()
        return ChildResult(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

/// What a ``Child`` printed, parsed as `CommandResult` parses it.
private struct ChildResult {
    var status: Int32
    var stdout: String
    var stderr: String

    var json: JSONValue? { try? JSONValue.parse(Data(stdout.utf8)) }
    var error: JSONValue? { (try? JSONValue.parse(Data(stderr.utf8)))?["error"] }
}
