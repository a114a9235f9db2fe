import Foundation
import ModelRuntime
import Pickle
import Testing
import TestSupport

@Suite("Model loading errors")
struct LoaderErrorTests {
    @Test("an unsupported scikit-learn class is named, with the list of what is supported")
    func unsupportedClass() throws {
        let cases = try FixtureCase.all(in: Fixtures.directory("zoo")).filter { $0.kind == "unsupported" }
        #expect(!cases.isEmpty)
        for c in cases {
            let error = #expect(throws: ModelRuntimeError.self) { _ = try ModelLoader.load(path: c.file) }
            #expect(error?.code == .unsupportedModel)
            #expect(error?.message.contains(c.expectedError?.contains ?? "?") ?? false, "\(error?.message ?? "")")
            #expect(error?.message.contains("IsolationForest") ?? false, "the message should list supported models")
        }
    }

    @Test("a missing file is an io_error naming the path")
    func missingFile() {
        let error = #expect(throws: ModelRuntimeError.self) { _ = try ModelLoader.load(path: "/nonexistent/model.joblib") }
        #expect(error?.code == .ioError)
        #expect(error?.message.contains("/nonexistent/model.joblib") ?? false)
    }

    @Test("a file that is not a pickle is a corrupt_model naming its first bytes")
    func notAPickle() {
        let error = #expect(throws: ModelRuntimeError.self) { _ = try ModelLoader.load(bytes: Array("hello world".utf8)) }
        #expect(error?.code == .corruptModel)
        #expect(error?.message.contains("68 65 6c 6c") ?? false, "\(error?.message ?? "")")
    }

    @Test("a readable pickle of plain data (a list, a dict) is an unsupported_model, not a corrupt one (issue 11)",
          arguments: [
            // pickle.dumps([1, 2], protocol=2)
            ([0x80, 0x02, 0x5D, 0x71, 0x00, 0x28, 0x4B, 0x01, 0x4B, 0x02, 0x65, 0x2E], "list"),
            // pickle.dumps({'model': 1}, protocol=2)
            ([0x80, 0x02, 0x7D, 0x71, 0x00, 0x58, 0x05, 0x00, 0x00, 0x00, 0x6D, 0x6F, 0x64, 0x65, 0x6C, 0x71, 0x01,
              0x4B, 0x01, 0x73, 0x2E], "dict"),
          ] as [([UInt8], String)])
    func plainData(_ bytes: [UInt8], _ kind: String) {
        let error = #expect(throws: ModelRuntimeError.self) { _ = try ModelLoader.load(bytes: bytes) }
        #expect(error?.code == .unsupportedModel)
        #expect(error?.message.contains(kind) ?? false, "\(error?.message ?? "")")
        #expect(error?.message.contains("IsolationForest") ?? false, "the message should list supported models")
    }

    @Test("a transformer given as the model is refused with the remedy")
    func scalerAsModel() throws {
        let scaler = Fixtures.path("samples/wifi-iforest/scaler.joblib")
        let loaded = try ModelLoader.load(path: scaler)
        let error = #expect(throws: ModelRuntimeError.self) { _ = try loaded.detector() }
        #expect(error?.message.contains("--scaler") ?? false)
    }

    @Test("rows with the wrong width are refused")
    func featureCount() throws {
        let model = try ModelLoader.load(path: Fixtures.path("samples/wifi-iforest/model.joblib")).detector()
        let error = #expect(throws: ModelRuntimeError.self) { _ = try model.evaluate(FeatureMatrix([[1, 2, 3]])) }
        #expect(error?.code == .featureCountMismatch)
        #expect(error?.message.contains("17") ?? false)
    }
}

@Suite("Parsing rows to score")
struct FeatureRowsTests {
    let names = ["a", "b", "c"]

    @Test("JSON objects are ordered by the model's feature names; null is NaN")
    func jsonObjects() throws {
        let m = try FeatureRows.parse(#"[{"c": 3, "a": 1, "b": null}, {"b": 5, "a": 4, "c": 6}]"#, featureNames: names, nFeatures: 3)
        #expect(m.rows == 2)
        #expect(m.values[0] == 1 && m.values[1].isNaN && m.values[2] == 3)
        #expect(m.row(1) == [4, 5, 6])
    }

    @Test("a missing feature is named")
    func missingFeature() {
        let error = #expect(throws: ModelRuntimeError.self) {
            _ = try FeatureRows.parse(#"[{"a": 1, "b": 2}]"#, featureNames: names, nFeatures: 3)
        }
        #expect(error?.code == .missingFeature)
        #expect(error?.message.contains("c") ?? false)
    }

    @Test("CSV columns are matched by header name, in any order")
    func csvByName() throws {
        let m = try FeatureRows.parse("c,b,a,extra\n3,2,1,9\n6,,4,0\n", featureNames: names, nFeatures: 3)
        #expect(m.row(0) == [1, 2, 3])
        #expect(m.values[4].isNaN)
    }

    @Test("a UTF-8 byte order mark and CRLF line ends, as spreadsheets write them, are accepted")
    func spreadsheetCSV() throws {
        let m = try FeatureRows.parse("\u{FEFF}a,b,c\r\n1,2,3\r\n", featureNames: names, nFeatures: 3)
        #expect(m.row(0) == [1, 2, 3])
    }

    @Test("non-numeric values are named by row and feature")
    func nonNumeric() {
        let error = #expect(throws: ModelRuntimeError.self) {
            _ = try FeatureRows.parse(#"[[1, "x", 3]]"#, featureNames: names, nFeatures: 3)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("row 0") ?? false)
        #expect(error?.message.contains("'b'") ?? false)
    }

    @Test("NaN and Infinity literals, as Python's json module writes them, are accepted")
    func pythonLiterals() throws {
        let m = try FeatureRows.parse("[[NaN, Infinity, -Infinity]]", featureNames: names, nFeatures: 3)
        #expect(m.values[0].isNaN && m.values[1] == .infinity && m.values[2] == -.infinity)
    }

    @Test("JSON numbers are parsed to the nearest double")
    func exactNumbers() throws {
        // Shortest-repr doubles that Foundation's JSONSerialization on Linux rounds to a neighbour.
        let texts = ["-0.44044654955707985", "-0.39301004979998766", "-0.4364097091036793", "1e-05", "3.4028235677973366e+38"]
        let m = try FeatureRows.parse("[[" + texts.joined(separator: ",") + "]]", featureNames: nil, nFeatures: texts.count)
        for (i, t) in texts.enumerated() { #expect(m.values[i] == Double(t)!, "\(t)") }
    }

    @Test("booleans are not numbers")
    func booleans() {
        #expect(throws: ModelRuntimeError.self) { _ = try FeatureRows.parse("[[1, true, 3]]", featureNames: nil, nFeatures: 3) }
    }

    @Test("the /predict body shape is accepted")
    func predictBody() throws {
        let m = try FeatureRows.parse(#"{"features": [{"a": 1, "b": 2, "c": 3}]}"#, featureNames: names, nFeatures: 3)
        #expect(m.row(0) == [1, 2, 3])
    }
}
