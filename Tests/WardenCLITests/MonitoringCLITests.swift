import Foundation
import ModelRuntime
import Testing
import TestSupport

@Suite("warden stats, drift and baseline")
struct MonitoringCLITests {
    /// The expected rows as a CSV file (header of feature names), `copies` times, values transformed by `f`.
    static func csvFile(copies: Int, _ f: (Double) -> Double = { $0 }) throws -> URL {
        let e = try ServingExpected.load()
        var lines = [e.featureNames.joined(separator: ",")]
        for _ in 0..<copies {
            for row in e.rows { lines.append(e.featureNames.map { "\(f(row[$0]?.double ?? 0))" }.joined(separator: ",")) }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-ref-\(UUID()).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a reference CSV becomes the serving version's baseline; show, clear and the error statuses")
    func baselineLifecycle() throws {
        let data = DataDir()
        defer { data.cleanup() }
        #expect(try data.run(["import", validZip]).status == 0)
        #expect(try data.run(["models", "deploy", firstVersion]).status == 0)
        let csv = try Self.csvFile(copies: 2)
        defer { try? FileManager.default.removeItem(at: csv) }

        // No window persisted yet: capturing one is refused with its own status.
        let early = try data.run(["baseline", "set"])
        #expect(early.status == 72, "\(early.stderr)")
        #expect(early.stderr.contains("insufficient_data"))

        let set = try data.run(["baseline", "set", "--csv", csv.path, "--json"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.json?["source"]?.string == "upload")
        #expect(set.json?["rows"]?.double == 40)
        let show = try data.run(["baseline", "show", firstVersion, "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.json?["features"]?.array?.count == 17)
        #expect(show.json?["score_baseline"]?["mean"]?.double != nil)

        // Nothing served yet: the drift report says why each part is missing, and exits 0 even with --fail-on-drift.
        let drift = try data.run(["drift", "--fail-on-drift"])
        #expect(drift.status == 0, "\(drift.stderr)")
        #expect(drift.stdout.contains("data drift: unavailable"))
        let stats = try data.run(["stats"])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("no statistics stored yet"))

        #expect(try data.run(["baseline", "clear"]).status == 0)
        let again = try data.run(["baseline", "clear"])
        #expect(again.status == 71)
        #expect(again.stderr.contains("no_baseline"))
        let bad = try data.run(["baseline", "set", "--csv", "/nonexistent/ref.csv"])
        #expect(bad.status == 73)
        let unknown = try data.run(["drift", "19990101_000000"])
        #expect(unknown.status == 80)
    }
}
