import DataFormats
import Foundation
import TestSupport
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("numbers round exactly as Python's float() does (2,231 texts: reprs, long decimals, subnormals, overflow)")
    func numbers() throws {
        let data = try Data(contentsOf: Fixtures.directory("json/numbers.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
        #expect(cases.count > 2000)
        var mismatches: [String] = []
        for c in cases {
            let expected = UInt64(c[1].dropFirst(2), radix: 16)
            let parsed = try JSONValue.parse(Data(c[0].utf8)).double
            if parsed?.bitPattern != expected { mismatches.append("\(c[0]) → \(String(describing: parsed))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("the cursor's readNumber rounds every number text as the parser does")
    func cursorNumbers() throws {
        let data = try Data(contentsOf: Fixtures.directory("json/numbers.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
        for c in cases where c[0].first == "-" || c[0].first?.isNumber == true {
            let bytes = Array(c[0].utf8)
            let read = try bytes.withUnsafeBufferPointer { buffer in
                var cursor = JSONCursor(buffer)
                let d = try cursor.readNumber()
                #expect(cursor.isAtEnd)
                return d
            }
            #expect(read.bitPattern == UInt64(c[1].dropFirst(2), radix: 16), "\(c[0])")
        }
    }

    @Test("documents parse into the expected values")
    func values() throws {
        let v = try JSONValue.parse(
            Data(#" {"a": [1, -2.5e1, true, false, null, "x\"\u00e9\ud83d\ude00"], "b": {}, "a2": []} "#.utf8))
        #expect(
            v
                == .object([
                    "a": .array([.int(1), .double(-25), .bool(true), .bool(false), .null, .string("x\"é😀")]),
                    "b": .object([:]), "a2": .array([]),
                ]))
        #expect(
            try JSONValue.parse(Data("[NaN, Infinity, -Infinity]".utf8)).array?.map { $0.double?.isNaN ?? false }
                == [true, false, false])
    }

    @Test("an object that repeats a key is refused, naming the key and where it repeats (issue 18.6)",
          arguments: [
            (#"{"k": 1, "k": 2}"#, "k", 9), (#"{"a": {"rssi": 1, "snr": 2, "rssi": 3}}"#, "rssi", 28),
            (#"[{"x": 1}, {"x": 1, "\u0078": 2}]"#, "x", 20),
          ] as [(String, String, Int)])
    func duplicateKeys(_ text: String, _ key: String, _ offset: Int) {
        let error = #expect(throws: DataFormatsError.self) { try JSONValue.parse(Data(text.utf8)) }
        #expect(error?.code == .invalidJSON)
        #expect(error?.message.contains("the key \"\(key)\" appears twice") == true, "\(error?.message ?? "")")
        #expect(error?.offset == offset)
    }

    @Test(
        "malformed documents are refused with the byte offset",
        arguments: [
            "", "[1,]", "{\"a\":1,}", "01", "1.", "1e", "-", "[1 2]", "{\"a\" 1}", "\"\u{01}\"", "\"abc", "[1] x",
            "tru",
            "{1: 2}", "'a'", "// c\n1", "+1", ".5",
        ])
    func malformed(text: String) {
        let error = #expect(throws: DataFormatsError.self) { try JSONValue.parse(Data(text.utf8)) }
        #expect(error?.code == .invalidJSON)
        #expect(error?.message.hasPrefix("the input is not valid JSON: ") == true)
        #expect(error?.message.hasSuffix("at byte \(error?.offset ?? -1)") == true)
    }

    @Test("nesting deeper than 512 levels is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: DataFormatsError.self) { try JSONValue.parse(Data(deep.utf8)) }
        #expect(error?.message.contains("nesting deeper than 512") == true)
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONValue.parse(Data(ok.utf8)) }
    }

    @Test("any byte collection parses the same: Data, [UInt8], a String's UTF-8, a slice")
    func inputs() throws {
        let text = #"{"a": [1, 2.5, "é"]}"#
        let expected = try JSONValue.parse(Data(text.utf8))
        #expect(try JSONValue.parse(Array(text.utf8)) == expected)
        #expect(try JSONValue.parse(text.utf8) == expected)
        #expect(try JSONValue.parse(("xx" + text).utf8.dropFirst(2)) == expected)
        #expect(try JSONValue.parse(AnyCollection(Array(text.utf8))) == expected)  // not contiguous: copied
    }

    @Test("unpaired surrogates become U+FFFD instead of failing")
    func surrogates() throws {
        #expect(try JSONValue.parse(Data(#""\ud83d""#.utf8)) == .string("\u{FFFD}"))
        #expect(try JSONValue.parse(Data(#""\ud83dx""#.utf8)) == .string("\u{FFFD}x"))
        #expect(try JSONValue.parse(Data(#""\ud83d\u0041""#.utf8)) == .string("\u{FFFD}A"))
    }
}
