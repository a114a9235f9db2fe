import DataFormats
import Foundation
import Testing

/// A record flattened for comparison: `key=value` per member (`#i` for array members), values as `JSONValue`s.
private func flatten(_ r: JSONRecord) throws -> [String] {
    try (0..<r.count).map { i in
        "\(r.keyString(i) ?? "#\(i)")=\(JSONWriter.text(try r.value(i), nonFinite: .strings))"
    }
}

/// Every record of `text`, read whole and streamed in chunks of 1 to 9 bytes; also the reader's other members.
private func jsonRecords(_ text: String, layout: JSONRecordReader.Layout = .automatic) throws
    -> (records: [[String]], others: [String: JSONValue], layout: JSONRecordReader.Layout)
{
    let bytes = Array(text.utf8)
    let whole = try bytes.withUnsafeBufferPointer { buffer in
        let reader = JSONRecordReader(bytes: buffer, layout: layout)
        var out: [[String]] = []
        while let r = try reader.next() { out.append(try flatten(r)) }
        return (out, reader.otherMembers, reader.layout)
    }
    for chunk in 1...9 {
        let reader = JSONRecordReader(stream: MemoryStream(bytes), layout: layout, chunkSize: chunk)
        var out: [[String]] = []
        while let r = try reader.next() { out.append(try flatten(r)) }
        #expect(out == whole.0, "chunk \(chunk)")
        #expect(reader.otherMembers == whole.1, "chunk \(chunk)")
    }
    return whole
}

@Suite("JSONRecordReader")
struct JSONRecordReaderTests {
    @Test("reads JSON lines, an array of records and the /predict body, detecting which")
    func layouts() throws {
        let lines = try jsonRecords("{\"a\": 1, \"b\": \"x\"}\n\n{\"a\": null, \"b\": [1, {\"c\": true}]}\n")
        #expect(lines.layout == .lines)
        #expect(lines.records == [["a=1", "b=\"x\""], ["a=null", "b=[1,{\"c\":true}]"]])
        let array = try jsonRecords(" [ {\"a\": 1.5}, [2, NaN, -Infinity] ] ")
        #expect(array.layout == .array)
        #expect(array.records == [["a=1.5"], ["#0=2", "#1=\"NaN\"", "#2=\"-Infinity\""]])
        let body = try jsonRecords("{\"model\": \"m\", \"features\": [{\"a\": 1}, {\"a\": 2}], \"outputs\": [\"predict\"]}")
        #expect(body.layout == .wrapped)
        #expect(body.records == [["a=1"], ["a=2"]])
        #expect(body.others == ["model": "m", "outputs": .array(["predict"])])
        let arrays = try jsonRecords("[1, 2]\n[3, 4]")
        #expect(arrays.layout == .lines)
        #expect(arrays.records == [["#0=1", "#1=2"], ["#0=3", "#1=4"]])
        #expect(try jsonRecords("[]").records.isEmpty)
        #expect(try jsonRecords("  \n").records.isEmpty)
    }

    @Test("gives keys and values as bytes, numbers correctly rounded, strings decoded on demand")
    func fields() throws {
        let text = #"{"rssi": -0.44044654955707985, "mac": "aa:bb", "note": "a\"b", "k\u00e9y": 1e-05}"#
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let reader = JSONRecordReader(bytes: buffer)
            let r = try #require(try reader.next())
            #expect(r.count == 4 && r.isObject && r.line == 1)
            #expect(r.key(0, equals: Array("rssi".utf8)))
            #expect(r.keyHash(0) == JSONRecord.hash(Array("rssi".utf8)))
            #expect(r.number(0) == -0.44044654955707985)
            #expect(r.kind(1) == .string && r.string(1) == "aa:bb" && Array(r.raw(1)) == Array("aa:bb".utf8))
            #expect(r.string(2) == "a\"b" && r.isEscaped(2))
            #expect(r.keyString(3) == "kéy" && r.keyHash(3) == JSONRecord.hash(Array("kéy".utf8)))
            #expect(r.key(3, equals: Array("kéy".utf8)))
            #expect(r.number(3) == 1e-05)
            #expect(try reader.next() == nil)
        }
    }

    @Test("refuses what the parser refuses, a repeated key included, naming the line or the record",
          arguments: [
            ("{\"a\": 1}\n{\"a\": 1, \"a\": 2}\n", "line 2: the input is not valid JSON: the key \"a\" appears twice"),
            ("[{\"a\": 1}, {\"b\": 1, \"b\": 2}]", "the key \"b\" appears twice"),
            ("{\"a\": 1}\n{\"a\": [1,]}\n", "line 2: the input is not valid JSON"),
            ("[{\"a\": 1} {\"a\": 2}]", "expected ',' or ']' after record 1"),
            ("{\"a\": 1} x\n", "line 1: the input is not valid JSON: unexpected data after the record"),
            ("[{\"a\": tru}]", "invalid literal"),
            ("{\"model\": 1, \"model\": 2, \"features\": []}", "the key \"model\" appears twice"),
          ])
    func malformed(_ text: String, _ message: String) {
        let error = #expect(throws: DataFormatsError.self) { _ = try jsonRecords(text) }
        #expect(error?.code == .invalidJSON)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test("JSON lines are read as lines when asked, even when a record has a \"features\" array")
    func explicitLines() throws {
        let r = try jsonRecords("{\"features\": [1], \"x\": 2}\n", layout: .lines)
        #expect(r.records == [["features=[1]", "x=2"]])
    }

    @Test("skipLine steps past a bad line, so the lines after it are read, with their line numbers")
    func skipLine() throws {
        let text = "{\"a\": 1}\n\n{\"a\": }\n\n{\"a\": 3}\n"
        for chunk in [1, 3, 1 << 20] {
            let reader = JSONRecordReader(stream: MemoryStream(Array(text.utf8)), layout: .lines, chunkSize: chunk)
            var seen: [String] = []
            while true {
                do {
                    guard let r = try reader.next() else { break }
                    seen.append("\(r.location): \(try flatten(r))")
                } catch {
                    seen.append(String(((error as? DataFormatsError)?.message ?? "\(error)").prefix(6)))
                    try reader.skipLine()
                }
            }
            #expect(seen == ["line 1: [\"a=1\"]", "line 3", "line 5: [\"a=3\"]"], "chunk \(chunk)")
        }
    }

    @Test("a JSON line may have exactly maxRecordBytes bytes before its line feed; a longer one names its line")
    func lineLimit() throws {
        let exact = "{\"a\": \"" + String(repeating: "x", count: 11) + "\"}"  // 20 bytes
        #expect(exact.utf8.count == 20)
        for chunk in [1, 7, 64] {
            let ok = JSONRecordReader(
                stream: MemoryStream(Array(("\n" + exact + "\n" + exact).utf8)), layout: .lines, chunkSize: chunk,
                maxRecordBytes: 20)
            #expect(try ok.next()?.line == 2)
            #expect(try ok.next()?.line == 3)
            #expect(try ok.next() == nil)
            let long = JSONRecordReader(
                stream: MemoryStream(Array((exact + "\n" + exact + " \n" + exact).utf8)), layout: .lines,
                chunkSize: chunk, maxRecordBytes: 20)
            #expect(try long.next()?.line == 1)
            let error = #expect(throws: DataFormatsError.self) { _ = try long.next() }
            #expect(error?.code == .recordTooLarge)
            #expect(error?.message.hasPrefix("line 2 is longer than 20 bytes") == true, "\(error?.message ?? "")")
            try long.skipLine()
            #expect(try long.next()?.line == 3)
        }
    }

    @Test("a record with more than maxMembers members is refused, naming its line")
    func memberLimit() throws {
        let text = "{\"a\": 1, \"b\": 2}\n{\"a\": 1, \"b\": 2, \"c\": 3}\n[1, 2, 3]\n"
        let reader = JSONRecordReader(stream: MemoryStream(Array(text.utf8)), layout: .lines, maxMembers: 2)
        #expect(try reader.next()?.count == 2)
        let error = #expect(throws: DataFormatsError.self) { _ = try reader.next() }
        #expect(error?.message.hasPrefix("line 2: the input is not valid JSON: the record has more than 2 members") == true)
        try reader.skipLine()
        #expect(throws: DataFormatsError.self) { _ = try reader.next() }
    }

    @Test("integer(_:) follows JSONValue's rule for integers", arguments: ["1", "-7", "0", "-0", "1.0", "1e2", "NaN",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "12345678901234567890123", "-Infinity"])
    func integers(_ literal: String) throws {
        var expected: Int? = nil
        if case .int(let i) = try JSONValue.parse(literal.utf8) { expected = i }
        let text = Array("{\"v\": \(literal)}".utf8)
        try text.withUnsafeBufferPointer { buffer in
            let reader = JSONRecordReader(bytes: buffer, layout: .lines)
            let record = try #require(try reader.next())
            #expect(record.integer(0) == expected)
        }
    }
}
