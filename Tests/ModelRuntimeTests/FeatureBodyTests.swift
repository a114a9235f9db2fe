import DataFormats
import Foundation
import ModelRuntime
import TestSupport
import Testing

/// The fast body parser agrees with the general JSON path, and steps aside (nil) for anything unusual.
@Suite("FeatureBody fast path")
struct FeatureBodyTests {
    static let names = ["a", "b", "c"]

    static func parse(_ text: String, maxRows: Int = 100) -> FeatureBody.Parsed? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer {
            FeatureBody.parse($0, columns: FeatureBody.Columns(names: names), maxRows: maxRows)
        }
    }

    @Test("rows in any key order land in training column order; other members are kept")
    func parsesRows() throws {
        let parsed = try #require(Self.parse(
            #" {"outputs": ["predict"], "features": [{"a": 1, "b": -2.5e-3, "c": 3}, {"c": 0.1, "a": 1e300, "b": 0}]} "#))
        #expect(parsed.matrix.rows == 2)
        #expect(parsed.matrix.values == [1, -0.0025, 3, 1e300, 0, 0.1])
        #expect(parsed.options["outputs"] == .array([.string("predict")]))
    }

    @Test("numbers equal the general parser's on the sample rows (2,231 texts cover rounding)")
    func sameNumbers() throws {
        let data = try Data(contentsOf: Fixtures.directory("json/numbers.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
        for c in cases.prefix(500) {
            let general = try JSONValue.parse(Data(c[0].utf8)).double
            guard let g = general, g.isFinite else { continue }
            let parsed = Self.parse(#"{"features": [{"a": \#(c[0]), "b": 0, "c": 0}]}"#)
            #expect(parsed?.matrix.values.first?.bitPattern == g.bitPattern, "\(c[0])")
        }
    }

    @Test("anything unusual steps aside for the general path", arguments: [
        #"{"features": [{"a": 1, "b": 2}]}"#,  // missing feature
        #"{"features": [{"a": 1, "b": 2, "c": 3, "d": 4}]}"#,  // unknown feature
        #"{"features": [{"a": 1, "b": 2, "c": null}]}"#,  // null
        #"{"features": [{"a": 1, "b": 2, "c": NaN}]}"#,  // NaN
        #"{"features": [{"a": 1, "b": 2, "c": "3"}]}"#,  // string
        #"{"features": [{"a": 1, "a": 2, "b": 2, "c": 3}]}"#,  // duplicate key
        #"{"features": [{"\u0061": 1, "b": 2, "c": 3}]}"#,  // escaped key
        #"{"features": []}"#, #"{"features": [[1, 2, 3]]}"#, #"{}"#, #"[]"#,
        #"{"features": [{"a": 1, "b": 2, "c": 3}]} x"#, #"{"features": [{"a": 1, "b": 2, "c": 3}]"#,
        #"{"features": [{"a": 01, "b": 2, "c": 3}]}"#,
    ])
    func declines(text: String) {
        #expect(Self.parse(text) == nil)
    }

    @Test("a key given twice, in a row or at the top, steps aside and the general parser refuses it, naming the key",
          arguments: [
            (#"{"features": [{"a": 1, "b": 2, "c": 3, "b": 4}]}"#, "b"),
            (#"{"model": "m", "features": [{"a": 1, "b": 2, "c": 3}], "model": "n"}"#, "model"),
            (#"{"features": [{"a": 1, "b": 2, "c": 3}], "features": [{"a": 1, "b": 2, "c": 3}]}"#, "features"),
          ])
    func duplicateKeys(_ text: String, _ key: String) {
        #expect(Self.parse(text) == nil)
        let error = #expect(throws: DataFormatsError.self) { try JSONValue.parse(Data(text.utf8)) }
        #expect(error?.message.contains("the key \"\(key)\" appears twice") == true, "\(error?.message ?? "")")
    }

    @Test("more rows than the limit step aside (the general path answers 413)")
    func rowLimit() {
        let row = #"{"a": 1, "b": 2, "c": 3}"#
        let body = #"{"features": [\#(row), \#(row), \#(row)]}"#
        #expect(Self.parse(body, maxRows: 3) != nil)
        #expect(Self.parse(body, maxRows: 2) == nil)
    }
}
