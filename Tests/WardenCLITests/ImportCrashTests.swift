import Foundation
import ModelRuntime
import Testing
import TestSupport

#if canImport(Crypto)
    import Crypto
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kill -9` of `warden import` at random moments, then the next command's start-up recovery: the registry must be
/// consistent (a version whole or absent, its artifacts stored with the right bytes) and leftovers cleaned.
///
/// The run is reproducible: the seed is printed, and `IMPORT_CRASH_SEED=<n>` replays it.
@Suite("warden import, killed")
struct ImportCrashTests {
    static let validFolder = "Tests/Fixtures/packages/valid_folder/model_20241201_143022_deployment"
    static let baseVersion = "20241201_143022"
    static let versionCount = 8
    static let rounds = 25

    @Test("kill -9 at any moment during an import leaves the registry consistent, and the next start cleans leftovers")
    func killedImports() throws {
        let seed = ProcessInfo.processInfo.environment["IMPORT_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64.max)
        print("ImportCrashTests seed: \(seed) (replay with IMPORT_CRASH_SEED=\(seed))")
        var rng = SplitMix64(seed: seed)
        let started = Date()

        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("warden-crash-\(UUID())")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let data = work.appendingPathComponent("data")
        let objects = data.appendingPathComponent("artifacts/objects")
        let tmp = data.appendingPathComponent("artifacts/tmp")

        // The package versions: copies of the valid folder that differ only in model_version.
        var folders: [String: URL] = [:]
        var expectedFiles: [String: [String: FileFacts]] = [:]
        let versions = (0..<Self.versionCount).map { String(format: "20241201_1430%02d", 30 + $0) }
        for version in versions {
            let dir = work.appendingPathComponent("pkg-\(version)")
            try fm.copyItem(at: Fixtures.root.appendingPathComponent(Self.validFolder), to: dir)
            let manifest = dir.appendingPathComponent("deployment_manifest.json")
            let text = try String(contentsOf: manifest, encoding: .utf8)
            let changed = text.replacingOccurrences(
                of: "\"model_version\": \"\(Self.baseVersion)\"", with: "\"model_version\": \"\(version)\"")
            try #require(changed != text, "the fixture manifest's model_version was not found")
            try changed.write(to: manifest, atomically: true, encoding: .utf8)
            folders[version] = dir
            var files: [String: FileFacts] = [:]
            for name in try fm.contentsOfDirectory(atPath: dir.path) {
                files[name] = FileFacts(bytes: try Data(contentsOf: dir.appendingPathComponent(name)))
            }
            expectedFiles[version] = files
        }

        // The typical duration of one whole import (process start to exit), measured in a separate data dir.
        let probe = work.appendingPathComponent("probe")
        var durations: [TimeInterval] = []
        for version in versions.prefix(2) {
            let t0 = Date()
            let r = try WardenBinary.run(["import", folders[version]!.path, "--data-dir", probe.path])
            durations.append(Date().timeIntervalSince(t0))
            try #require(r.status == 0, "probe import failed: \(r.stderr)")
        }
        let importDuration = durations.max()!
        print(
            "ImportCrashTests: one import takes about \(Int(importDuration * 1000)) ms; objects checked by "
                + (FileFacts(bytes: Data()).sha256 == nil ? "size only" : "SHA256 and size"))

        var present = Set<String>()
        var killedMidway = 0
        var tmpLeftovers = 0, objectsWritten = 0
        for round in 0..<Self.rounds {
            let version = versions[Int(rng.next() % UInt64(versions.count))]
            let delay = importDuration * Double(rng.next() % 1_000_001) / 1_000_000
            let context = "round \(round), seed \(seed), version \(version), delay \(Int(delay * 1000)) ms"

            // Start the import and kill it after the delay.
            let process = Process()
            process.executableURL = WardenBinary.url
            process.arguments = ["import", folders[version]!.path, "--data-dir", data.path]
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WARDEN_") }
            process.currentDirectoryURL = Fixtures.root
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                #expect(process.terminationStatus == SIGKILL, "\(context)")
                killedMidway += 1
            } else {
                // It finished before the kill: imported (0) or already there (42).
                #expect([0, 42].contains(process.terminationStatus), "\(context): exit \(process.terminationStatus)")
            }

            // What was on disk after the kill (counted and printed only, to show the kills reach the write phase).
            if !((try? fm.contentsOfDirectory(atPath: tmp.path)) ?? []).isEmpty { tmpLeftovers += 1 }
            if !present.contains(version), let digest = expectedFiles[version]?["deployment_manifest.json"]?.sha256,
                fm.fileExists(atPath: objects.appendingPathComponent("\(digest.prefix(2))/\(digest)").path)
            {
                objectsWritten += 1
            }

            // The next start runs recover(); everything must be consistent afterwards.
            let list = try run(["models", "list", "--json"], data)
            #expect(list.status == 0, "\(context): \(list.stderr)")
            let rows = try #require(list.json?["versions"]?.array, "\(context): \(list.stdout)")
            // What that recovery left on disk, taken now: every later command runs recover() again.
            let leftovers = (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? []
            var stored: [String] = []
            for shard in (try? fm.contentsOfDirectory(atPath: objects.path)) ?? [] {
                for name in try fm.contentsOfDirectory(atPath: objects.appendingPathComponent(shard).path) {
                    stored.append("\(shard)/\(name)")
                }
            }
            var listed = Set<String>()
            for row in rows {
                let v = row["version"]?.string ?? ""
                #expect(versions.contains(v), "\(context): unexpected version \(v)")
                #expect(row["status"]?.string == "imported", "\(context): \(v) is \(row["status"]?.string ?? "-")")
                listed.insert(v)
            }
            #expect(rows.count == listed.count, "\(context): a version is listed twice")
            // Only the killed import may have added a version; none may have disappeared.
            #expect(
                present.isSubset(of: listed) && listed.subtracting([version]) == present.subtracting([version]),
                "\(context): listed \(listed.sorted()), expected \(present.sorted()) and perhaps \(version)")

            // Every listed version is whole: its files are the package's files, each stored with the right bytes.
            var referenced = Set<String>()
            for v in listed.sorted() {
                let show = try run(["models", "show", v, "--json"], data)
                #expect(show.status == 0, "\(context): show \(v): \(show.stderr)")
                #expect(show.json?["status"]?.string == "imported", "\(context): show \(v)")
                let files = show.json?["files"]?.array ?? []
                let expected = expectedFiles[v] ?? [:]
                #expect(
                    Set(files.map { $0["name"]?.string ?? "" }) == Set(expected.keys),
                    "\(context): \(v) has files \(files.map { $0["name"]?.string ?? "" })")
                for file in files {
                    let name = file["name"]?.string ?? ""
                    let digest = file["sha256"]?.string ?? ""
                    referenced.insert(digest)
                    guard let facts = expected[name] else { continue }
                    if let sha256 = facts.sha256 {
                        #expect(digest == sha256, "\(context): \(v)/\(name) recorded as \(digest)")
                    }
                    let object = objects.appendingPathComponent("\(digest.prefix(2))/\(digest)")
                    guard let bytes = fm.contents(atPath: object.path) else {
                        Issue.record("\(context): \(v)/\(name): object \(digest) is missing")
                        continue
                    }
                    #expect(FileFacts(bytes: bytes) == facts, "\(context): \(v)/\(name): object \(digest) is damaged")
                }
            }

            // The recovery of `models list` left no temporary file and no object that no version references.
            #expect(leftovers.isEmpty, "\(context): artifacts/tmp holds \(leftovers)")
            for path in stored {
                let name = String(path.split(separator: "/").last ?? "")
                #expect(
                    referenced.contains(name) && path.hasPrefix(name.prefix(2)),
                    "\(context): objects/\(path) is not referenced by any version")
            }

            // Importing the same version again: a new import if it was absent, duplicate_version if present.
            let again = try run(["import", folders[version]!.path], data)
            if listed.contains(version) {
                #expect(again.status == 42, "\(context): re-import gave \(again.status): \(again.stderr)")
                #expect(again.error?["code"]?.string == "duplicate_version", "\(context): \(again.stderr)")
            } else {
                #expect(again.status == 0, "\(context): re-import gave \(again.status): \(again.stderr)")
            }
            present = listed.union([version])

            // Delete it again half of the time, so later rounds keep interrupting real writes.
            if rng.next() % 2 == 0 {
                let deleted = try run(["models", "delete", version], data)
                #expect(deleted.status == 0, "\(context): delete gave \(deleted.status): \(deleted.stderr)")
                present.remove(version)
            }
        }
        print(
            "ImportCrashTests: \(killedMidway) of \(Self.rounds) imports were killed before they finished; "
                + "\(tmpLeftovers) left a temporary file, \(objectsWritten) had the absent version's manifest object "
                + "on disk before recovery")

        // Import every remaining version normally; the list then holds all of them.
        for version in versions where !present.contains(version) {
            let r = try run(["import", folders[version]!.path], data)
            #expect(r.status == 0, "final import of \(version): \(r.stderr)")
        }
        let final = try run(["models", "list", "--json"], data)
        #expect(final.status == 0, "\(final.stderr)")
        let all = (final.json?["versions"]?.array ?? []).map { $0["version"]?.string ?? "" }
        #expect(all.sorted() == versions, "seed \(seed): final list \(all)")
        let elapsed = Date().timeIntervalSince(started)
        print("ImportCrashTests: \(Self.rounds) rounds in \(String(format: "%.1f", elapsed)) s")
    }

    private func run(_ args: [String], _ data: URL) throws -> CommandResult {
        try WardenBinary.run(args + ["--data-dir", data.path])
    }
}

/// What is checked of a stored file: its SHA256 when swift-crypto is available to the tests, and its size.
private struct FileFacts: Equatable {
    var size: Int
    var sha256: String?

    init(bytes: Data) {
        size = bytes.count
        #if canImport(Crypto)
            sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        #else
            sha256 = nil
        #endif
    }
}

/// A small seeded generator (SplitMix64), so a failing run can be replayed from its seed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_4CE5_E9B7_7BB9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
