import DataFormats
import Foundation
import ModelPackage
import Testing
import TestSupport

/// The serving fixture's rows written to a temporary file: JSON objects, or CSV with the columns in reverse order and
/// an extra column.
func writeRows(_ expected: ServingExpected, csv: Bool) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-rows-\(UUID()).\(csv ? "csv" : "json")")
    var text: String
    if csv {
        let columns = Array(expected.featureNames.reversed())
        text = (columns + ["note"]).joined(separator: ",") + "\r\n"
        for row in expected.rows {
            text += columns.map { JSONWriter.text(row[$0] ?? .null) }.joined(separator: ",") + ",\"a, b\"\r\n"
        }
    } else {
        text = JSONWriter.text(.array(expected.rows))
    }
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}

@Suite("warden score with a package or a registered version")
struct ScorePackageCLITests {
    /// Checks the JSON output against scikit-learn's outputs and the manifest threshold, exactly.
    func check(_ r: CommandResult, _ e: ServingExpected) throws {
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json, "\(r.stdout.prefix(300))")
        #expect(j["model"]?.string == "wifi-anomaly")
        #expect(j["version"]?.string == "20241201_143022")
        #expect(j["threshold"]?.double == e.threshold)
        #expect(j["threshold_source"]?.string == "manifest")
        #expect(doubles(j["scores"]) == e.scores)
        #expect(doubles(j["predictions"]).map { Int($0) } == e.predictions)
        #expect(doubles(j["score_samples"]) == e.scoreSamples)
        #expect(doubles(j["decision_function"]) == e.decisionFunction)
        #expect(doubles(j["predict"]).map { Int($0) } == e.predict)
        #expect(j["anomaly_count"]?.double == Double(e.predictions.reduce(0, +)))
    }

    @Test("--package FILE.zip and DIR take the feature order from the metadata and apply the scaler and threshold",
          arguments: [validZip, "\(packages)/valid_folder/model_20241201_143022_deployment"])
    func package(_ path: String) throws {
        let e = try ServingExpected.load()
        for csv in [false, true] {
            let rows = try writeRows(e, csv: csv)
            defer { try? FileManager.default.removeItem(at: rows) }
            try check(try WardenBinary.run(["score", "--package", path, "--input", rows.path]), e)
            // Two threads read ahead while scoring: the same output.
            try check(try WardenBinary.run(["score", "--package", path, "--input", rows.path, "--threads", "2"]), e)
        }
    }

    @Test("--version V [--model NAME] --data-dir D scores with the registered version, like the server")
    func version() throws {
        let e = try ServingExpected.load()
        let data = DataDir()
        defer { data.cleanup() }
        #expect(try data.run(["import", validZip]).status == 0)
        let rows = try writeRows(e, csv: true)
        defer { try? FileManager.default.removeItem(at: rows) }
        try check(try data.run(["score", "--version", firstVersion, "--input", rows.path]), e)
        try check(try data.run(["score", "--version", firstVersion, "--model", "wifi-anomaly", "--input", rows.path]), e)
        let missing = try data.run(["score", "--version", "20991231_000000", "--input", rows.path])
        #expect(missing.status == 80, "\(missing.stderr)")
    }

    @Test("CSV output: row, score, label, the raw outputs; written to --output in one piece")
    func csvOutput() throws {
        let e = try ServingExpected.load()
        let rows = try writeRows(e, csv: false)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("warden-out-\(UUID()).csv")
        defer {
            try? FileManager.default.removeItem(at: rows)
            try? FileManager.default.removeItem(at: out)
        }
        let r = try WardenBinary.run([
            "score", "--package", validZip, "--input", rows.path, "--format", "csv", "--output", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "row,score,label,score_samples,decision_function,predict")
        #expect(lines.count == e.rows.count + 1)
        for (i, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",")
            #expect(Double(cells[1]) == e.scores[i] && Int(cells[2]) == e.predictions[i])
            #expect(Double(cells[3]) == e.scoreSamples[i] && Double(cells[4]) == e.decisionFunction[i])
            #expect(Int(cells[5]) == e.predict[i])
        }
    }

    @Test("one way to give the model: --model, --package or --version")
    func exclusive() throws {
        let r = try WardenBinary.run(["score", "--package", validZip, "--model", "m.joblib", "--input", "x"])
        #expect(r.status == 64)
        #expect(try WardenBinary.run(["score", "--input", "x"]).status == 64)
    }
}

/// A zoo model's probe rows as JSON objects keyed by the valid package's feature names (NaN as null).
func probeRows(_ c: FixtureCase, names: [String]) throws -> URL {
    let rows: [JSONValue] = c.probe.map { row in
        .object(Dictionary(uniqueKeysWithValues: zip(names, row.map { $0.isNaN ? JSONValue.null : .double($0) })))
    }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-probe-\(UUID()).json")
    try Data(JSONWriter.text(.array(rows), nonFinite: .strings).utf8).write(to: url)
    return url
}

@Suite("Packages the training service really writes (issue 11)")
struct TrainingPackageCLITests {
    static let cases: [(String, TrainingPackage.NoScaler)] = [
        ("iforest_n100", .null), ("iforest_n100", .absent), ("pipe_std_iforest", .null), ("pipe_std_iforest", .absent),
    ]

    @Test(
        "a package without a scaler (files.scaler_file null or left out), a model alone or a Pipeline carrying its scaler, imports, deploys and scores like scikit-learn",
        arguments: cases)
    func noScaler(_ c: (String, TrainingPackage.NoScaler)) throws {
        let (name, noScaler) = c
        let zoo = try FixtureCase(url: Fixtures.directory("zoo/\(name).json"))
        let package = try TrainingPackage.make(model: "Tests/Fixtures/zoo/\(name).joblib", noScaler: noScaler)
        defer { package.remove() }
        let data = DataDir()
        defer { data.cleanup() }
        let imported = try data.run(["import", package.url.path, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let warnings = imported.json?["warnings"]?.array ?? []
        #expect(!warnings.contains { $0["file"]?.string == "scaler.joblib" }, "\(warnings)")
        let deployed = try data.run(["models", "deploy", firstVersion])
        #expect(deployed.status == 0, "\(deployed.stderr)")

        let e = try ServingExpected.load()
        let rows = try probeRows(zoo, names: e.featureNames)
        defer { try? FileManager.default.removeItem(at: rows) }
        for r in [
            try data.run(["score", "--version", firstVersion, "--input", rows.path]),
            try WardenBinary.run(["score", "--package", package.url.path, "--input", rows.path]),
        ] {
            #expect(r.status == 0, "\(r.stderr)")
            let j = try #require(r.json, "\(r.stdout.prefix(200))")
            let want = try #require(zoo.expected["score_samples"])
            let got = doubles(j["score_samples"])
            #expect(got.count == want.count)
            #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(name)")
            // The label is the manifest's threshold applied to the anomaly score.
            let labels = doubles(j["predictions"]).map { Int($0) }
            #expect(labels == doubles(j["scores"]).map { $0 > e.threshold ? 1 : 0 })
            #expect(j["threshold_source"]?.string == "manifest")
        }
    }

    @Test("a model fitted on an array has no feature names: --model refuses rows keyed by name, --package takes them from the metadata")
    func namesFromMetadata() throws {
        let zoo = try FixtureCase(url: Fixtures.directory("zoo/iforest_n100.json"))
        let package = try TrainingPackage.make(model: "Tests/Fixtures/zoo/iforest_n100.joblib")
        defer { package.remove() }
        let rows = try probeRows(zoo, names: try ServingExpected.load().featureNames)
        defer { try? FileManager.default.removeItem(at: rows) }
        let alone = try WardenBinary.run(["score", "--model", zoo.file, "--input", rows.path])
        #expect(alone.status == 11)
        #expect(alone.error?["message"]?.string?.contains("no feature names") == true)
        let r = try WardenBinary.run(["score", "--package", package.url.path, "--input", rows.path, "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == zoo.probe.count + 1)
    }

    @Test("a model.joblib holding a plain dict is unsupported_model: import exit 34, score exit 22")
    func dictModel() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-dict-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // pickle.dumps({'model': 1}, protocol=2)
        let dict: [UInt8] = [
            0x80, 0x02, 0x7D, 0x71, 0x00, 0x58, 0x05, 0x00, 0x00, 0x00, 0x6D, 0x6F, 0x64, 0x65, 0x6C, 0x71, 0x01, 0x4B,
            0x01, 0x73, 0x2E,
        ]
        let file = dir.appendingPathComponent("dict.joblib")
        try Data(dict).write(to: file)
        let package = try TrainingPackage.make(model: file.path)
        defer { package.remove() }
        let data = DataDir()
        defer { data.cleanup() }
        let imported = try data.run(["import", package.url.path, "--json"])
        #expect(imported.status == 34, "\(imported.stderr)")
        #expect(imported.error?["code"]?.string == "unsupported_model")
        let scored = try WardenBinary.run(["score", "--model", file.path, "--input", "\(samplePath)/rows.csv"])
        #expect(scored.status == 22, "\(scored.stderr)")
        #expect(scored.error?["code"]?.string == "unsupported_model")
    }
}
