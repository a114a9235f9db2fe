import DataFormats
import Foundation
import ModelRuntime
import TestSupport
import Testing

@Suite("FeatureRowReader")
struct FeatureRowReaderTests {
    let names = ["a", "b", "c"]

    /// All rows of `text` read whole and streamed in chunks of 1…7 bytes with batches of 1 and 2 rows: the same
    /// matrix every way.
    func rows(_ text: String, names: [String]? = ["a", "b", "c"], n: Int = 3) throws -> FeatureMatrix {
        let whole = try FeatureRows.parse(text, featureNames: names, nFeatures: n)
        for chunk in 1...7 {
            for batch in [1, 2] {
                let reader = FeatureRowReader(
                    stream: MemoryStream(Array(text.utf8)), featureNames: names, nFeatures: n, chunkSize: chunk)
                var values: [Double] = []
                while let m = try reader.next(maxRows: batch) { values += m.values }
                #expect(values.count == whole.values.count && zip(values, whole.values).allSatisfy {
                    $0.bitPattern == $1.bitPattern
                }, "chunk \(chunk), batch \(batch)")
            }
        }
        return whole
    }

    @Test("CSV with quoted cells and headers, CRLF, a BOM and extra columns lands in training column order")
    func csv() throws {
        let m = try rows("\u{FEFF}\"c\",b,\"a\",note\r\n3,\"2\",1,\"x, y\"\r\n6,,4,\"say \"\"hi\"\"\"\r\n")
        #expect(m.rows == 2)
        #expect(m.row(0) == [1, 2, 3])
        #expect(m.values[3] == 4 && m.values[4].isNaN && m.values[5] == 6)
    }

    @Test("JSON lines, arrays of rows and the /predict body give the same matrix")
    func json() throws {
        let expected: [Double] = [1, 2, 3, 4, 5, 6]
        for text in [
            "{\"a\": 1, \"b\": 2, \"c\": 3}\n{\"c\": 6, \"b\": 5, \"a\": 4, \"other\": \"x\"}\n",
            "[[1, 2, 3], [4, 5, 6]]",
            "{\"model\": \"m\", \"features\": [{\"a\": 1, \"b\": 2, \"c\": 3}, {\"a\": 4, \"b\": 5, \"c\": 6}]}",
            "[{\"a\": \"1\", \"b\": 2, \"c\": 3}, {\"a\": 4, \"b\": 5, \"c\": 6}]",
        ] {
            #expect(try rows(text).values == expected, "\(text)")
        }
    }

    @Test("errors name the row, the line and the column or feature",
          arguments: [
            ("a,b,c\n1,2,3\n4,x,6\n", "row 1 (line 3), column 2 'b': 'x' is not a number"),
            ("a,b,c\n1,2,3\n4,5\n", "CSV row 1 (line 3) has 2 cells but the header has 3"),
            ("{\"a\": 1, \"b\": 2, \"c\": 3}\n{\"a\": 1, \"b\": true, \"c\": 3}\n",
             "row 1 (line 2), feature 'b': true is not a number"),
            ("[{\"a\": 1, \"b\": 2, \"c\": 3}, {\"a\": 1, \"c\": 3}]", "row 1 (record 2) lacks feature(s) b"),
            ("{\"a\": 1, \"b\": 2, \"c\": 3, \"a\": 4}\n", "the input is not valid JSON: the key \"a\" appears twice"),
            ("a,b,c\n\"1,2,3\n", "never closed"),
          ])
    func errors(_ text: String, _ message: String) {
        let error = #expect(throws: ModelRuntimeError.self) { _ = try rows(text) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test("CSV numbers are correctly rounded: the 2,231 texts of the JSON exactness tests as cells")
    func exactness() throws {
        let data = try Data(contentsOf: Fixtures.directory("json/numbers.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
            .filter { $0[0].first == "-" || $0[0].first?.isNumber == true }
        let csv = "x\n" + cases.map { $0[0] }.joined(separator: "\n") + "\n"
        let m = try FeatureRows.parse(csv, featureNames: ["x"], nFeatures: 1)
        #expect(m.rows == cases.count)
        var mismatches: [String] = []
        for (i, c) in cases.enumerated() where m.values[i].bitPattern != UInt64(c[1].dropFirst(2), radix: 16) {
            mismatches.append(c[0])
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
