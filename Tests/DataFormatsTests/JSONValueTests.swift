import DataFormats
import Foundation
import Testing

@Suite("JSONValue: integers and doubles")
struct JSONValueTests {
    @Test(
        "an integer literal that fits in Int is .int; a fraction, an exponent or a bigger integer is .double",
        arguments: [
            ("0", JSONValue.int(0)), ("42", .int(42)), ("-7", .int(-7)),
            ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
            ("9223372036854775808", .double(9_223_372_036_854_775_808)),
            ("12345678901234567890123", .double(12_345_678_901_234_567_890_123.0)),
            ("1.0", .double(1)), ("1e2", .double(100)), ("1E+2", .double(100)), ("2.5", .double(2.5)),
            ("-0.0", .double(-0.0)),
        ])
    func integerLiterals(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(Array(text.utf8)) == expected)
    }

    @Test("-0 keeps its sign as a double")
    func negativeZero() throws {
        let v = try JSONValue.parse(Array("-0".utf8))
        #expect(v.double?.sign == .minus)
        #expect(JSONWriter.text(v) == "-0.0")
    }

    @Test(
        "an integer reads as the same Double as the digits parsed as a double",
        arguments: [
            "1", "-1", "9007199254740993", "9223372036854775807", "-9223372036854775808", "123456789012345678",
        ])
    func integerAsDouble(text: String) throws {
        let asInt = try JSONValue.parse(Array(text.utf8))
        let asDouble = try JSONValue.parse(Array((text + ".0").utf8))
        guard case .int = asInt else {
            Issue.record("\(text) is not an int")
            return
        }
        #expect(asInt.double?.bitPattern == asDouble.double?.bitPattern)
        #expect(asInt.number?.bitPattern == asDouble.number?.bitPattern)
    }

    @Test("accessors")
    func accessors() throws {
        let v = try JSONValue.parse(
            Array(#"{"i": 3, "d": 3.0, "e": 1e300, "s": "NaN", "b": true, "n": null, "o": {}}"#.utf8))
        #expect(v["i"]?.int == 3 && v["i"]?.double == 3 && v["i"]?.number == 3)
        #expect(v["d"]?.int == 3 && v["d"]?.double == 3)
        #expect(v["e"]?.int == nil && v["e"]?.double == 1e300)
        #expect(v["s"]?.double?.isNaN == true && v["s"]?.number == nil && v["s"]?.string == "NaN")
        #expect(v["b"]?.bool == true && v["b"]?.double == nil)
        #expect(v["n"]?.isNull == true && v["o"]?.object == [:] && v["o"]?.array == nil)
        #expect(v["missing"] == nil && v["i"]?["x"] == nil)
        #expect(JSONValue.string("Infinity").double == .infinity && JSONValue.string("-Infinity").double == -.infinity)
    }

    @Test(
        "parse → write → parse gives the same tree, and writing again the same text",
        arguments: [
            #"{"a": [1, 2.5, -3, 1e-7, 0.1, 1e300, -0.0, 9223372036854775807], "b": {"c": null, "d": [true, false]}}"#,
            #"["é\u0001\"\\\n\t", {"": ""}, [], {}]"#,
            #"[0.30000000000000004, 5e-324, 1.7976931348623157e308, 123456789.123]"#,
        ])
    func roundTrip(text: String) throws {
        let v = try JSONValue.parse(Array(text.utf8))
        let written = JSONWriter.text(v)
        let again = try JSONValue.parse(Array(written.utf8))
        #expect(again == v)
        #expect(JSONWriter.text(again) == written)
    }

    @Test("Codable: JSONEncoder and JSONDecoder keep integers and doubles apart")
    func codable() throws {
        let v: JSONValue = .object([
            "i": 3, "d": 2.5, "s": "x", "b": true, "n": .null, "a": .array([1, .double(1.5)]),
        ])
        let data = try JSONEncoder().encode(v)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == v)
        #expect(try JSONValue.parse(data) == v)
    }

    @Test("literals build values")
    func literals() {
        let v: JSONValue = .object(["t": true, "s": "x", "i": 1, "d": 0.5])
        #expect(v == .object(["t": .bool(true), "s": .string("x"), "i": .int(1), "d": .double(0.5)]))
    }
}
