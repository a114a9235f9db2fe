import DataFormats
import Foundation
import ModelRuntime
import Testing
import TestSupport

let samplePath = "samples/wifi-iforest"

func expectedSample() throws -> JSONValue {
    try JSONValue.parse(Data(contentsOf: Fixtures.root.appendingPathComponent("\(samplePath)/expected.json")))
}

func doubles(_ v: JSONValue?) -> [Double] { (v?.array ?? []).map { $0.double ?? .nan } }

@Suite("warden inspect")
struct InspectCLITests {
    @Test("--json reports class, features, version, compression, protocol and globals")
    func json() throws {
        let r = try WardenBinary.run(["inspect", "\(samplePath)/model.joblib", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json)
        #expect(j["class"]?.string == "IsolationForest")
        #expect(j["n_features_in"]?.double == 17)
        #expect(j["sklearn_version"]?.string == "1.9.1")
        #expect(j["compression"]?.string == "zlib")
        #expect(j["protocol"]?.double == 4)
        #expect(j["globals"]?.array?.contains(.string("sklearn.ensemble._iforest.IsolationForest")) == true)
        #expect(j["parameters"]?["n_estimators"]?.double == 100)
    }

    @Test("the scaler's feature names are shown")
    func scalerNames() throws {
        let r = try WardenBinary.run(["inspect", "\(samplePath)/scaler.joblib"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("StandardScaler"))
        #expect(r.stdout.contains("auth_failure_ratio"))
    }
}

@Suite("warden score")
struct ScoreCLITests {
    @Test("scores the sample rows like scikit-learn, from CSV and from JSON", arguments: ["rows.csv", "rows.json"])
    func sample(_ rows: String) throws {
        let r = try WardenBinary.run([
            "score", "--model", "\(samplePath)/model.joblib", "--scaler", "\(samplePath)/scaler.joblib", "--input", "\(samplePath)/\(rows)",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json)
        let e = try expectedSample()
        let got = doubles(j["score_samples"]), want = doubles(e["score_samples"])
        #expect(Compare.firstMismatch(got, want, absolute: 1e-12) == nil, "\(Compare.firstMismatch(got, want, absolute: 1e-12) ?? "")")
        #expect(Compare.firstMismatch(doubles(j["decision_function"]), doubles(e["decision_function"]), absolute: 1e-12) == nil)
        #expect(doubles(j["predict"]) == doubles(e["predict"]))
    }

    @Test("CSV output and --output write one line per row")
    func csvOutput() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cli-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try WardenBinary.run([
            "score", "--model", "\(samplePath)/model.joblib", "--scaler", "\(samplePath)/scaler.joblib", "--input",
            "\(samplePath)/rows.csv", "--format", "csv", "--output", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "row,score_samples,decision_function,predict")
        #expect(lines.count == 21)
    }

    @Test("reads rows from standard input; null means NaN")
    func stdin() throws {
        let names = ["auth_failure_ratio", "deauth_ratio", "beacon_ratio", "unique_mac_count", "unique_ssid_count",
                     "mean_signal_strength", "std_signal_strength", "mean_data_rate", "mean_packet_loss", "error_ratio",
                     "warning_ratio", "mean_hour_of_day", "mean_day_of_week", "mean_time_between_events", "total_devices",
                     "max_device_activity", "mean_device_activity"]
        let row = "{" + names.enumerated().map { "\"\($0.element)\": \($0.offset == 0 ? "null" : "1")" }.joined(separator: ",") + "}"
        let r = try WardenBinary.run(
            ["score", "--model", "\(samplePath)/model.joblib", "--scaler", "\(samplePath)/scaler.joblib", "--input", "-"],
            stdin: "[\(row)]")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(doubles(r.json?["score_samples"]).count == 1)
    }

    static let errorCases: [([String], String, Int32)] = [
        (["score", "--model", "Tests/Fixtures/hostile/NONE", "--input", "x"], "io_error", 10),
        (["score", "--model", "\(samplePath)/model.joblib", "--scaler", "\(samplePath)/scaler.joblib", "--input", "Tests/Fixtures/cli/missing_feature.json"], "missing_feature", 12),
        (["score", "--model", "\(samplePath)/model.joblib", "--scaler", "\(samplePath)/scaler.joblib", "--input", "Tests/Fixtures/cli/bad_value.csv"], "invalid_input", 11),
        (["score", "--model", "\(samplePath)/model.joblib", "--input", "Tests/Fixtures/cli/short_rows.json"], "feature_count_mismatch", 13),
        (["inspect", "Tests/Fixtures/cli/not_a_model.txt"], "corrupt_model", 20),
        (["inspect", "Tests/Fixtures/zoo/unsupported_random_forest.joblib"], "unsupported_model", 22),
        (["inspect", "Tests/Fixtures/zoo/iforest_compress_lz4.joblib"], "unsupported_compression", 23),
        ]

    @Test("each failure category has its own exit code and a one-line JSON error", arguments: errorCases)
    func errors(_ c: ([String], String, Int32)) throws {
        let r = try WardenBinary.run(c.0)
        #expect(r.status == c.2, "\(c.0): status \(r.status), stderr \(r.stderr)")
        #expect(r.error?["code"]?.string == c.1, "stderr: \(r.stderr)")
        let message = r.error?["message"]?.string ?? ""
        #expect(!message.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stdout.isEmpty)
    }

    @Test("an unsafe pickle exits with unsafe_pickle and runs nothing")
    func unsafe() throws {
        let marker = "/tmp/warden_pickle_marker_cli"
        try? FileManager.default.removeItem(atPath: marker)
        let r = try WardenBinary.run(["score", "--model", "Tests/Fixtures/cli/os_system.pkl", "--input", "\(samplePath)/rows.csv"])
        #expect(r.status == 21)
        #expect(r.error?["code"]?.string == "unsafe_pickle")
        #expect(r.error?["message"]?.string?.contains("system") == true)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("missing features are named")
    func missingNamed() throws {
        let r = try WardenBinary.run([
            "score", "--model", "\(samplePath)/model.joblib", "--scaler", "\(samplePath)/scaler.joblib", "--input",
            "Tests/Fixtures/cli/missing_feature.json",
        ])
        #expect(r.error?["message"]?.string?.contains("deauth_ratio") == true, "\(r.stderr)")
    }

    @Test("bad usage exits 64")
    func usage() throws {
        let r = try WardenBinary.run(["score", "--model"])
        #expect(r.status == 64)
    }
}
