import DataFormats
import Foundation
import TestSupport
import Testing

/// Every record of `text` as decoded strings, read whole and streamed in chunks of every size from 1 to 9 bytes (so
/// every record, quote and line end falls across a chunk boundary somewhere).
func csvRecords(_ text: String) throws -> [[String]] {
    let bytes = Array(text.utf8)
    let whole = try bytes.withUnsafeBufferPointer { buffer in
        let reader = CSVReader(bytes: buffer)
        var out: [[String]] = []
        while let r = try reader.next() { out.append((0..<r.count).map(r.string)) }
        return out
    }
    for chunk in 1...9 {
        let reader = CSVReader(stream: MemoryStream(bytes), chunkSize: chunk)
        var out: [[String]] = []
        while let r = try reader.next() { out.append((0..<r.count).map(r.string)) }
        #expect(out == whole, "chunk \(chunk)")
    }
    return whole
}

@Suite("CSVReader")
struct CSVReaderTests {
    @Test("splits records and fields: quotes, doubled quotes, line breaks inside quotes, CRLF, CR, a BOM, blank lines")
    func shapes() throws {
        #expect(try csvRecords("a,b\n1,2\n") == [["a", "b"], ["1", "2"]])
        #expect(try csvRecords("\u{FEFF}a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try csvRecords("a,b\r1,2") == [["a", "b"], ["1", "2"]])
        #expect(try csvRecords("\"x,y\",\"say \"\"hi\"\"\"\n") == [["x,y", "say \"hi\""]])
        #expect(try csvRecords("\"two\nlines\",z\n\n\n1,\n") == [["two\nlines", "z"], ["1", ""]])
        #expect(try csvRecords(",,\n") == [["", "", ""]])
        #expect(try csvRecords("") == [])
        #expect(try csvRecords("\n  \n") == [])
        #expect(try csvRecords("\"a\" ,b\n") == [["a", "b"]])
    }

    @Test("numbers are read from the bytes, correctly rounded, with the missing and non-finite words")
    func numbers() throws {
        let text = "1.5, -2 ,\"3e2\",,nan,NaN,-inf,Infinity,N/A,none,x,0x10,1_0,.5,5.,+7,007\n"
        let bytes = Array(text.utf8)
        let got: [Double?] = try bytes.withUnsafeBufferPointer { buffer in
            let reader = CSVReader(bytes: buffer)
            let r = try #require(try reader.next())
            return (0..<r.count).map(r.number)
        }
        let want: [Double?] = [1.5, -2, 300, .nan, .nan, .nan, -.infinity, .infinity, .nan, .nan, nil, nil, nil, 0.5, 5, 7, 7]
        #expect(got.count == want.count)
        for (g, w) in zip(got, want) {
            if let w, w.isNaN { #expect(g?.isNaN == true) } else { #expect(g == w) }
        }
    }

    @Test("a cell's number is rounded exactly as the JSON parser rounds the same digits (2,231 texts)")
    func exactness() throws {
        let data = try Data(contentsOf: Fixtures.directory("json/numbers.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
        var mismatches: [String] = []
        for c in cases where c[0].first == "-" || c[0].first?.isNumber == true {
            let parsed = DecimalText.parse(c[0])
            if parsed?.bitPattern != UInt64(c[1].dropFirst(2), radix: 16) { mismatches.append(c[0]) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("an unclosed quote and text after a closing quote are refused with the line and column",
          arguments: [
            ("a,b\n1,\"2\n", "column 2 of the record on line 2 is never closed"),
            ("a,b\n\"1\"x,2\n", "column 1 of the record on line 2 has text after its closing quote"),
          ])
    func malformed(_ text: String, _ message: String) {
        let error = #expect(throws: DataFormatsError.self) { _ = try csvRecords(text) }
        #expect(error?.code == .invalidCSV)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test("records report the line they start on")
    func lines() throws {
        let bytes = Array("h\n\"a\nb\"\n\nc\n".utf8)
        let lines = try bytes.withUnsafeBufferPointer { buffer in
            let reader = CSVReader(bytes: buffer)
            var out: [Int] = []
            while let r = try reader.next() { out.append(r.line) }
            return out
        }
        #expect(lines == [1, 2, 5])
    }

    @Test("a streamed record longer than the limit is refused instead of filling memory")
    func recordLimit() {
        let text = "a\n\"" + String(repeating: "x", count: 10_000)
        let reader = CSVReader(stream: MemoryStream(Array(text.utf8)), chunkSize: 512, maxRecordBytes: 4096)
        let error = #expect(throws: DataFormatsError.self) { while try reader.next() != nil {} }
        #expect(error?.code == .recordTooLarge)
    }
}
