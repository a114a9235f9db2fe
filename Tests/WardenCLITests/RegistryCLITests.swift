import Foundation
import ModelRuntime
import Testing
import TestSupport

/// A fresh data directory under the temporary directory, removed by `cleanup()`.
struct DataDir {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cli-data-\(UUID())")
    var path: String { url.path }

    /// Runs `warden args... --data-dir <dir>`.
    func run(_ args: [String]) throws -> CommandResult {
        try WardenBinary.run(args + ["--data-dir", path])
    }

    /// The versions `models list --json` shows, as (version, status).
    func versions() throws -> [(String, String)] {
        let r = try run(["models", "list", "--json"])
        let rows = r.json?["versions"]?.array ?? []
        return rows.map { ($0["version"]?.string ?? "", $0["status"]?.string ?? "") }
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

let packages = "Tests/Fixtures/packages"
let validZip = "\(packages)/valid/model_20241201_143022_deployment.zip"
let firstVersion = "20241201_143022"
let secondVersion = "20241202_090000"

/// A copy of the valid package folder whose manifest names another version (metadata.json is covered by
/// file_integrity, so it stays as it is).
func secondPackage() throws -> URL {
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appendingPathComponent("warden-cli-pkg-\(UUID())")
    try fm.copyItem(
        at: Fixtures.root.appendingPathComponent("\(packages)/valid_folder/model_20241201_143022_deployment"), to: dir)
    let url = dir.appendingPathComponent("deployment_manifest.json")
    let text = try String(contentsOf: url, encoding: .utf8)
        .replacingOccurrences(
            of: "\"model_version\": \"\(firstVersion)\"", with: "\"model_version\": \"\(secondVersion)\"")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return dir
}

@Suite("warden import")
struct ImportCLITests {
    @Test("the valid ZIP is imported; --json gives version, status and warnings; models list shows it")
    func valid() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["import", validZip, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json)
        #expect(j["version"]?.string == firstVersion)
        #expect(j["status"]?.string == "imported")
        #expect(j["warnings"]?.array != nil)
        #expect(try data.versions().map(\.0) == [firstVersion])
        #expect(try data.versions().map(\.1) == ["imported"])

        let text = try data.run(["models", "list"])
        #expect(text.status == 0)
        #expect(text.stdout.contains(firstVersion) && text.stdout.contains("imported"))
    }

    @Test("the folder layout imports too; importing the same version again is duplicate_version (42)")
    func duplicate() throws {
        let data = DataDir()
        defer { data.cleanup() }
        #expect(try data.run(["import", "\(packages)/valid_folder/model_20241201_143022_deployment"]).status == 0)
        let r = try data.run(["import", validZip])
        #expect(r.status == 42)
        #expect(r.error?["code"]?.string == "duplicate_version")
    }

    static let refusedCases: [(String, String, Int32)] = [
        ("missing_model", "missing_required_file", 30), ("tampered_model", "integrity_mismatch", 31),
        ("listed_absent", "integrity_mismatch", 31), ("corrupt_model", "corrupt_model", 32),
        ("unsafe_pickle", "unsafe_pickle", 33), ("unsupported_model", "unsupported_model", 34),
        ("bad_metadata", "invalid_metadata", 35), ("feature_count_mismatch", "feature_count_mismatch", 36),
    ]

    @Test("each refused fixture gives its code and exit status, lists every error, and registers nothing",
        arguments: refusedCases)
    func refused(_ fixture: (String, String, Int32)) throws {
        let (name, code, status) = fixture
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["import", "\(packages)/\(name)/model_20241201_143022_deployment.zip", "--json"])
        #expect(r.status == status, "\(name): \(r.stderr)")
        let error = try #require(r.error, "\(name): \(r.stderr)")
        #expect(error["code"]?.string == code)
        let errors = error["errors"]?.array ?? []
        #expect(errors.contains { $0["code"]?.string == code }, "\(name)")
        #expect(r.stdout.isEmpty)
        #expect(try data.versions().isEmpty)
        let history = try data.run(["history", "--kind", "imports", "--json"])
        #expect(history.json?["imports"]?.array?.first?["outcome"]?.string == "rejected")
    }

    @Test("bad_metadata reports all of its errors")
    func allErrors() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["import", "\(packages)/bad_metadata/model_20241201_143022_deployment.zip"])
        #expect(r.status == 35)
        #expect((r.error?["errors"]?.array?.count ?? 0) >= 8)
        #expect(r.stdout.contains("refused: invalid_metadata"))
    }

    @Test("a file that is not a ZIP is not_a_zip (40); a missing path is storage_error (51)")
    func notAZip() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["import", "\(packages)/index.json"])
        #expect(r.status == 40, "\(r.stderr)")
        #expect(r.error?["code"]?.string == "not_a_zip")
        let missing = try data.run(["import", "\(packages)/nope.zip"])
        #expect(missing.status == 51)
    }

    @Test("--help documents the exit codes")
    func help() throws {
        let r = try WardenBinary.run(["--help"])
        #expect(r.stdout.contains("33 unsafe_pickle"))
        #expect(r.stdout.contains("80 version_not_found"))
    }
}

@Suite("warden models")
struct ModelsCLITests {
    @Test("deploy, second version, deploy, rollback, history, compare, tag, describe, validate, delete")
    func lifecycle() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let second = try secondPackage()
        defer { try? FileManager.default.removeItem(at: second) }
        #expect(try data.run(["import", validZip]).status == 0)

        let deploy = try data.run(["models", "deploy", firstVersion, "--reason", "first", "--by", "ops", "--json"])
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.json?["command"]?.string == "deploy")
        #expect(try data.versions().map(\.1) == ["deployed"])

        let imported = try data.run(["import", second.path, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.json?["version"]?.string == secondVersion)

        #expect(try data.run(["models", "deploy", secondVersion]).status == 0)
        #expect(try data.versions().map(\.1) == ["available", "deployed"])

        let rollback = try data.run(["models", "rollback", "--json"])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.json?["version"]?.string == firstVersion)
        #expect(try data.versions().map(\.1) == ["deployed", "available"])

        let history = try data.run(["history", "--json"])
        let kinds = (history.json?["deployments"]?.array ?? []).map { $0["kind"]?.string ?? "" }
        #expect(kinds == ["deploy", "deploy", "rollback"])
        #expect(history.json?["deployments"]?.array?.first?["actor"]?.string == "ops")

        let compare = try data.run(["models", "compare", firstVersion, secondVersion, "--json"])
        #expect(compare.status == 0)
        #expect(compare.json?["metrics"]?.array?.contains { $0["name"]?.string == "f1_score" } == true)

        #expect(try data.run(["models", "tag", secondVersion, "stable", "candidate"]).status == 0)
        #expect(try data.run(["models", "describe", secondVersion, "retrained"]).status == 0)
        let show = try data.run(["models", "show", secondVersion, "--json"])
        #expect(show.json?["tags"]?.array?.map { $0.string } == ["stable", "candidate"])
        #expect(show.json?["description"]?.string == "retrained")

        let validate = try data.run(["validate", secondVersion, "--json"])
        #expect(validate.status == 0)
        #expect(validate.json?["score"]?.double != nil)

        let protected = try data.run(["models", "delete", firstVersion])
        #expect(protected.status == 82)
        #expect(protected.error?["code"]?.string == "serving_version_protected")

        #expect(try data.run(["models", "deactivate", secondVersion]).status == 0)
        let refused = try data.run(["models", "deploy", secondVersion])
        #expect(refused.status == 81)
        #expect(refused.error?["code"]?.string == "invalid_transition")
        #expect(try data.run(["models", "activate", secondVersion]).status == 0)
        #expect(try data.run(["models", "promote", secondVersion]).status == 0)
        #expect(try data.versions().map(\.1) == ["available", "production"])
        #expect(try data.run(["models", "delete", firstVersion]).status == 0)
        #expect(try data.versions().map(\.0) == [secondVersion])

        let unknown = try data.run(["models", "show", "20200101_000000"])
        #expect(unknown.status == 80)
        #expect(unknown.error?["code"]?.string == "version_not_found")
    }

    @Test("a version whose model does not load is marked failed and not deployed")
    func deployFailure() throws {
        let data = DataDir()
        defer { data.cleanup() }
        #expect(try data.run(["import", validZip]).status == 0)
        let show = try data.run(["models", "show", firstVersion, "--json"])
        let files = show.json?["files"]?.array ?? []
        let digest = try #require(files.first { $0["name"]?.string == "model.joblib" }?["sha256"]?.string)
        let blob = data.url.appendingPathComponent("artifacts/objects/\(digest.prefix(2))/\(digest)")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: blob.path)
        try Data("not a pickle".utf8).write(to: blob)

        let r = try data.run(["models", "deploy", firstVersion])
        #expect(r.status != 0)
        #expect(r.error?["code"]?.string != nil)
        #expect(try data.versions().map(\.1) == ["failed"])
        #expect(try data.run(["history", "--json"]).json?["deployments"]?.array?.isEmpty == true)
    }

    @Test("rollback without an earlier version is no_previous_version (83)")
    func noPrevious() throws {
        let data = DataDir()
        defer { data.cleanup() }
        #expect(try data.run(["import", validZip]).status == 0)
        #expect(try data.run(["models", "deploy", firstVersion]).status == 0)
        let r = try data.run(["models", "rollback"])
        #expect(r.status == 83)
        #expect(r.error?["code"]?.string == "no_previous_version")
    }
}

@Suite("warden registry migrate-json")
struct MigrateCLITests {
    @Test("legacy entries become versions; unusable ones are reported as skipped")
    func migrate() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warden-legacy-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let legacy = """
            {"1.0.0": {"status": "available", "created_at": "2024-01-01T00:00:00", "metrics": {"f1_score": 0.8}},
             "1.1.0": {"status": "deployed", "created_at": "2024-02-01T00:00:00", "metrics": {"f1_score": 0.9}},
             "not a version": {"status": "available"}}
            """
        try legacy.write(to: file, atomically: true, encoding: .utf8)
        let r = try data.run(["registry", "migrate-json", file.path, "--model", "legacy", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.json?["migrated"]?.array?.map { $0.string } == ["1.0.0", "1.1.0"])
        #expect(r.json?["skipped"]?.array?.count == 1)

        let list = try data.run(["models", "list", "--model", "legacy", "--json"])
        #expect(list.json?["versions"]?.array?.map { $0["status"]?.string } == ["available", "deployed"])
        let compare = try data.run(["models", "compare", "1.0.0", "1.1.0", "--model", "legacy", "--json"])
        let f1 = compare.json?["metrics"]?.array?.first { $0["name"]?.string == "f1_score" }
        #expect(abs((f1?["difference"]?.double ?? 0) - 0.1) < 1e-9)

        let again = try data.run(["registry", "migrate-json", file.path, "--model", "legacy", "--json"])
        #expect(again.status == 0)
        #expect(again.json?["migrated"]?.array?.isEmpty == true)
        #expect(again.json?["skipped"]?.array?.count == 3)
    }

    @Test("a file that is not JSON is invalid_record (87)")
    func notJSON() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["registry", "migrate-json", "\(packages)/valid/model_20241201_143022_deployment.zip"])
        #expect(r.status == 87)
        #expect(r.error?["code"]?.string == "invalid_record")
    }
}

@Suite("warden registry options")
struct RegistryOptionsCLITests {
    @Test("an unknown configuration key is unknown_key (90)")
    func badConfig() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cfg-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "storage:\n  directoryy: x\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try data.run(["models", "list", "--config", file.path])
        #expect(r.status == 90, "\(r.stderr)")
        #expect(r.error?["code"]?.string == "unknown_key")
    }
}
