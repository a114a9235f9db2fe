import DataFormats
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kill -9` of `warden agents run` at random moments: after every round and a last uninterrupted run, the agent's
/// stored windows and anomalies equal those of one uninterrupted run — none lost, none twice.
///
/// Reproducible: the seed is printed, and `AGENT_CRASH_SEED=<n>` replays it.
@Suite("warden agents run, killed")
struct AgentCrashTests {
    static let rounds = 20
    static let package = "samples/wifi-anomaly/model_20260105_000000_deployment.zip"
    static let logs = "samples/wifi-anomaly/logs.jsonl"
    static let config = """
        model:
          name: wifi-anomaly
        agents:
          - id: wifi-campus
            source: embedded
            model: wifi-anomaly
            version: production
            page_size: 150
            interval: 0.05
        """

    /// A data directory with the sample package deployed and the sample logs ingested (or not).
    static func prepare(_ dir: URL, ingest: Bool = true) throws -> [String] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let configFile = dir.appendingPathComponent("warden.yaml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let common = ["--data-dir", dir.path, "--config", configFile.path]
        let imported = try WardenBinary.run(["import", package, "--json"] + common)
        try #require(imported.status == 0, "\(imported.stderr)")
        let version = try #require(imported.json?["version"]?.string)
        try #require(try WardenBinary.run(["models", "deploy", version] + common).status == 0)
        if ingest {
            let ingested = try WardenBinary.run(["logs", "ingest", logs] + common)
            try #require(ingested.status == 0, "\(ingested.stderr)")
        }
        return common
    }

    /// The stored anomalies and incidents as comparable lines, and the agent's counters.
    static func state(_ common: [String]) throws -> (anomalies: [String], incidents: [String], scored: Int) {
        let list = try WardenBinary.run(["anomalies", "list", "--limit", "1000", "--json"] + common)
        try #require(list.status == 0, "\(list.stderr)")
        let anomalies = (list.json?["anomalies"]?.array ?? []).map { a in
            [a["entity"]?.string, a["window_start"]?.string, a["type"]?.string, a["severity"]?.string,
             a["model_version"]?.string, a["score"]?.double.map { String($0) }].map { $0 ?? "-" }.joined(separator: " ")
        }.sorted()
        let listed = try WardenBinary.run(["incidents", "list", "--limit", "1000", "--json"] + common)
        try #require(listed.status == 0, "\(listed.stderr)")
        let incidents = (listed.json?["incidents"]?.array ?? []).map { i in
            [i["ap"]?.string, i["start"]?.string, i["end"]?.string, i["type"]?.string, i["peak_severity"]?.string,
             i["window_count"]?.double.map { String(Int($0)) }, i["status"]?.string].map { $0 ?? "-" }
                .joined(separator: " ")
        }.sorted()
        // Every anomaly is in exactly one incident.
        let grouped = (listed.json?["incidents"]?.array ?? []).flatMap { $0["anomaly_ids"]?.array ?? [] }
        try #require(grouped.count == anomalies.count, "\(grouped.count) anomalies in incidents of \(anomalies.count)")
        let status = try WardenBinary.run(["agents", "status", "wifi-campus"] + common)
        return (anomalies, incidents, Int(status.json?["windows_scored"]?.double ?? -1))
    }

    @Test("kill -9 at any moment neither loses nor duplicates a window")
    func killedAgents() throws {
        let seed = ProcessInfo.processInfo.environment["AGENT_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64.max)
        print("AgentCrashTests seed: \(seed) (replay with AGENT_CRASH_SEED=\(seed))")
        var rng = SeededGenerator(seed: seed)
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("warden-agent-crash-\(UUID())")
        defer { try? fm.removeItem(at: work) }

        // The reference: one uninterrupted run.
        let reference = try Self.prepare(work.appendingPathComponent("reference"))
        let t0 = Date()
        let whole = try WardenBinary.run(["agents", "run", "wifi-campus", "--until-idle"] + reference)
        try #require(whole.status == 0, "\(whole.stderr)")
        let duration = Date().timeIntervalSince(t0)
        let expected = try Self.state(reference)
        try #require(expected.anomalies.count >= 5 && expected.scored > 250, "\(expected)")

        // The time a run needs before it reads anything (start-up, opening the registry).
        let s0 = Date()
        _ = try WardenBinary.run(["agents", "status", "wifi-campus"] + reference)
        let startup = Date().timeIntervalSince(s0)

        // The same logs arrive in slices, one before each round, so every round has windows to commit when it is
        // killed; the ids (arrival order) are the same as the reference's.
        let crashed = try Self.prepare(work.appendingPathComponent("crashed"), ingest: false)
        let lines = try String(contentsOf: Fixtures.root.appendingPathComponent(Self.logs), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let slice = (lines.count + Self.rounds - 1) / Self.rounds
        let work1 = max(0.02, (duration - startup) / Double(Self.rounds) * 2)
        var killed = 0
        for round in 0..<Self.rounds {
            let part = work.appendingPathComponent("part-\(round).jsonl")
            try (lines[min(lines.count, round * slice)..<min(lines.count, (round + 1) * slice)].joined(separator: "\n")
                + "\n").write(to: part, atomically: true, encoding: .utf8)
            let ingested = try WardenBinary.run(["logs", "ingest", part.path] + crashed)
            try #require(ingested.status == 0, "\(ingested.stderr)")
            let delay = startup * 0.8 + work1 * Double(rng.next() % 1_000_001) / 1_000_000
            let process = Process()
            process.executableURL = WardenBinary.url
            process.arguments = ["agents", "run", "wifi-campus", "--until-idle"] + crashed
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
                killed += 1
            } else {
                #expect(process.terminationStatus == 0, "round \(round), seed \(seed): exit \(process.terminationStatus)")
            }
        }
        let last = try WardenBinary.run(["agents", "run", "wifi-campus", "--until-idle"] + crashed)
        #expect(last.status == 0, "\(last.stderr)")
        let got = try Self.state(crashed)
        #expect(got.anomalies == expected.anomalies, "seed \(seed)")
        #expect(got.incidents == expected.incidents, "seed \(seed)")
        #expect(got.scored == expected.scored, "seed \(seed)")
        print("AgentCrashTests: \(killed) of \(Self.rounds) runs killed midway; \(got.anomalies.count) anomalies")
        #expect(killed >= 3, "too few kills landed midway (\(killed)); the runs are too short to test")
    }
}

/// SplitMix64: a small seeded generator (the test's own, so a seed replays the same kills).
struct SeededGenerator: RandomNumberGenerator {
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
