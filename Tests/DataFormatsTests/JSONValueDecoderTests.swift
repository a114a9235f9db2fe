import DataFormats
import Foundation
import Testing

@Suite("JSONValueDecoder")
struct JSONValueDecoderTests {
    struct Record: Codable, Equatable {
        struct Inner: Codable, Equatable {
            var name: String
            var weights: [Double]
        }

        var id: Int
        var size: Int64
        var score: Double
        var ratio: Double?
        var active: Bool
        var tags: [String]
        var inner: Inner?
        var counts: [String: Int]
    }

    static let record = Record(
        id: 7, size: 1 << 40, score: 0.1, ratio: nil, active: true, tags: ["a", "b"],
        inner: Record.Inner(name: "n", weights: [1, 2.5, 1e-300]), counts: ["x": 1, "y": -2])

    @Test("decodes what JSONEncoder wrote, equal to JSONDecoder's result")
    func matchesJSONDecoder() throws {
        let data = try JSONEncoder().encode(Self.record)
        let fast = try JSONValueDecoder.decode(Record.self, from: data)
        #expect(fast == Self.record)
        #expect(fast == (try JSONDecoder().decode(Record.self, from: data)))
        #expect(try JSONValueDecoder.decode(Record.self, from: try JSONValue.parse(data)) == Self.record)
    }

    @Test("integers written as 3.0 decode as Int; fractions and out-of-range integers do not")
    func integers() throws {
        #expect(try JSONValueDecoder.decode(Int.self, from: Array("3.0".utf8)) == 3)
        #expect(throws: DataFormatsError.self) { try JSONValueDecoder.decode(Int.self, from: Array("3.5".utf8)) }
        #expect(throws: DataFormatsError.self) { try JSONValueDecoder.decode(Int8.self, from: Array("300".utf8)) }
        #expect(try JSONValueDecoder.decode(Double.self, from: Array("3".utf8)) == 3)
    }

    @Test("a shape mismatch throws type_mismatch, bad text invalid_json; Float is left to JSONDecoder")
    func errors() {
        let mismatch = #expect(throws: DataFormatsError.self) {
            try JSONValueDecoder.decode(Record.self, from: Array(#"{"id": "seven"}"#.utf8))
        }
        #expect(mismatch?.code == .typeMismatch)
        let invalid = #expect(throws: DataFormatsError.self) {
            try JSONValueDecoder.decode(Record.self, from: Array("{".utf8))
        }
        #expect(invalid?.code == .invalidJSON)
        #expect(throws: DataFormatsError.self) { try JSONValueDecoder.decode(Float.self, from: Array("0.1".utf8)) }
    }

    @Test("error codes are stable strings")
    func codes() {
        #expect(
            DataFormatsError.Code.allCases.map(\.rawValue)
                == ["invalid_json", "type_mismatch", "invalid_csv", "read_failed", "record_too_large"])
        #expect(DataFormatsError.Code(rawValue: "invalid_json") == .invalidJSON)
        #expect(DataFormatsError.Code(rawValue: "nope") == nil)
        #expect("\(DataFormatsError.Code.typeMismatch)" == "type_mismatch")
    }
}
