import DataFormats
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("compact, keys sorted, integers as integers, doubles in shortest round-trip form")
    func compact() {
        let v: JSONValue = .object([
            "b": .array([.int(3), .double(3), .double(0.1), .double(1e-7), .double(1e22)]), "a": .null,
            "c": .object(["y": true, "x": "s"]),
        ])
        #expect(JSONWriter.text(v) == #"{"a":null,"b":[3,3.0,0.1,1e-07,1e+22],"c":{"x":"s","y":true}}"#)
    }

    @Test(
        "non-finite numbers: null, strings or Python's literals",
        arguments: [
            (JSONWriter.NonFiniteNumbers.null, "[null,null,null,1.5]"),
            (.strings, #"["NaN","Infinity","-Infinity",1.5]"#),
            (.literals, "[NaN,Infinity,-Infinity,1.5]"),
        ])
    func nonFinite(mode: JSONWriter.NonFiniteNumbers, expected: String) throws {
        let values = [Double.nan, .infinity, -.infinity, 1.5]
        #expect(JSONWriter.text(.array(values.map(JSONValue.double)), nonFinite: mode) == expected)
        #expect(JSONWriter.numbers(values, nonFinite: mode) == expected)
        if mode != .null {
            // What the writer spells, the parser reads back.
            let back = try JSONValue.parse(Array(expected.utf8)).array?.compactMap(\.double) ?? []
            #expect(back.map(\.bitPattern).dropFirst() == values.map(\.bitPattern).dropFirst())
            #expect(back.first?.isNaN == true)
        }
    }

    @Test("bare numbers and integer arrays")
    func bare() {
        #expect(JSONWriter.number(0.5) == "0.5")
        #expect(JSONWriter.number(.nan) == "null")
        var out = ""
        JSONWriter.ints([1, -2, 3], into: &out)
        #expect(out == "[1,-2,3]")
    }

    @Test("strings escape quote, backslash, newline, return, tab and other control characters, nothing else")
    func quoting() {
        #expect(JSONString.quoted("a\"b\\c\nd\re\tf\u{01}g\u{1F}é😀/") == #""a\"b\\c\nd\re\tf\u0001g\u001fé😀/""#)
        #expect(JSONWriter.text(.object(["k\"": .string("v")])) == #"{"k\"":"v"}"#)
    }
}
