public import Agents
public import DataFormats
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LogRecords {
    /// The most bytes one line of a JSON-lines log file may have before its line feed (1 MiB): a longer line is an
    /// error naming it, so a file that is not JSON lines cannot make one record of everything.
    public static let maxLineBytes = 1 << 20

    /// The most members one log record may have: the contract's 12 fields and `timestamp`, with room for many
    /// fields of other tools (ignored); a record with more is malformed (`not_a_record`).
    public static let maxMembers = 256

    /// Reads JSON lines from a stream, 1 MiB at a time, straight from the bytes into events: no JSON tree, no
    /// dictionary, and text is copied only into the events' own strings. The rules are those of
    /// ``parse(text:format:parser:firstArrivalID:)`` (which reads JSON lines the same way): blank lines are
    /// skipped, a line that is not a JSON object is `not_a_record` (its `value` says what is wrong, and where), and
    /// ``LogRecordParser`` decides everything about the fields; arrival ids count the non-blank lines from
    /// `firstArrivalID`.
    ///
    /// ```swift
    /// let fd = open("logs.jsonl", O_RDONLY)
    /// let parsed = try LogRecords.readLines(from: FileDescriptorStream(fd, name: "logs.jsonl"),
    ///                                       parser: LogRecordParser(keepsMessages: false))
    /// ```
    ///
    /// - Parameters:
    ///   - stream: the bytes (a file, a pipe).
    ///   - parser: the record parser (its patterns, whether events keep their message).
    ///   - firstArrivalID: the arrival id of the first record.
    ///   - maxLineBytes: the longest line accepted (``maxLineBytes`` by default).
    ///   - chunkSize: bytes per read (and, with several workers, per worker and round).
    ///   - workers: threads parsing at once. With more than one, each round of `workers × chunkSize` bytes is cut
    ///     at line feeds into one part per worker, the parts are parsed at once and appended in order: the result
    ///     is the same as with one.
    /// - Throws: ``AppError`` `invalid_request` for a line over `maxLineBytes` (naming the line) or a failed read.
    public static func readLines(
        from stream: some ByteStream, parser: LogRecordParser, firstArrivalID: Int64 = 1,
        maxLineBytes: Int = LogRecords.maxLineBytes, chunkSize: Int = 1 << 20, workers: Int = 1
    ) throws(AppError) -> Parsed {
        do throws(DataFormatsError) {
            if workers > 1 {
                return try readLinesInParallel(
                    stream, parser: parser, firstArrivalID: firstArrivalID, maxLineBytes: maxLineBytes,
                    partBytes: chunkSize, workers: workers)
            }
            let reader = JSONRecordReader(
                stream: stream, layout: .lines, chunkSize: chunkSize, maxRecordBytes: maxLineBytes,
                maxMembers: maxMembers)
            return try readLines(reader, parser: parser, firstArrivalID: firstArrivalID)
        } catch {
            throw AppError(.invalidRequest, error.message, cause: error)
        }
    }

    /// JSON lines held in memory (a request body, bounded by its own limit), read as ``readLines(from:parser:firstArrivalID:maxLineBytes:chunkSize:)``
    /// reads a stream.
    static func readLines(bytes: [UInt8], parser: LogRecordParser, firstArrivalID: Int64) throws(AppError) -> Parsed {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(DataFormatsError) -> Parsed in
                let reader = JSONRecordReader(bytes: buffer, layout: .lines, maxMembers: maxMembers)
                return try readLines(reader, parser: parser, firstArrivalID: firstArrivalID)
            }
        }
        switch result {
        case .success(let parsed): return parsed
        case .failure(let error): throw AppError(.invalidRequest, error.message, cause: error)
        }
    }

    /// The loop: each line's members go into a ``RawRecord`` as views of the reader's window (valid until its next
    /// record, so each record is parsed before the next is read).
    fileprivate static func readLines(_ reader: JSONRecordReader, parser: LogRecordParser, firstArrivalID: Int64)
        throws(DataFormatsError) -> Parsed
    {
        var parsed = Parsed(events: [], malformed: [])
        var arrival = firstArrivalID
        let names = FieldNames()
        while true {
            let record: JSONRecord
            do throws(DataFormatsError) {
                guard let next = try reader.next() else { break }
                record = next
            } catch {
                // A line that is not JSON (or has too many members) is one malformed record; the rest is read on.
                guard error.code == .invalidJSON else { throw error }
                parsed.malformed.append(
                    MalformedRecord(arrivalID: arrival, field: nil, reason: .notARecord, value: error.message))
                arrival += 1
                try reader.skipLine()
                continue
            }
            defer { arrival += 1 }
            guard record.isObject else {
                parsed.malformed.append(
                    MalformedRecord(
                        arrivalID: arrival, field: nil, reason: .notARecord,
                        value: "\(record.location): an array, not an object"))
                continue
            }
            var raw = RawRecord()
            for i in 0..<record.count {
                guard let field = names.field(record, i) else { continue }
                raw[field] = value(record, i, field)
            }
            add(parser, raw, arrival, into: &parsed)
        }
        return parsed
    }

    /// Rounds of `workers` parts of about `partBytes` each, cut at line feeds, parsed at once on `workers` threads
    /// and appended in order. A first pass over each round counts its non-blank and physical lines, so each part
    /// knows the arrival id and the line number it starts at, and the result is exactly the sequential reader's.
    private static func readLinesInParallel(
        _ stream: some ByteStream, parser: LogRecordParser, firstArrivalID: Int64, maxLineBytes: Int, partBytes: Int,
        workers: Int
    ) throws(DataFormatsError) -> Parsed {
        var stream = stream
        let roundBytes = max(1, partBytes) * workers
        // A round, plus the unfinished line carried into it (at most maxLineBytes, else it is an error).
        let capacity = roundBytes + min(maxLineBytes, Int.max - roundBytes - 1) + 1
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var count = 0
        var origin = 0
        var line = 1
        var arrival = firstArrivalID
        var ended = false
        var parsed = Parsed(events: [], malformed: [])
        while true {
            let target = min(capacity, count + roundBytes)
            while count < target, !ended {
                let n = try stream.read(into: UnsafeMutableRawBufferPointer(start: buffer + count, count: target - count))
                if n == 0 { ended = true } else { count += n }
            }
            if count == 0 { break }
            // The round ends after its last line feed; at the end of the input, with it.
            var cut = count
            if !ended {
                var last = count - 1
                while last >= 0, buffer[last] != 0x0A { last -= 1 }
                if last < 0, count <= maxLineBytes { continue }  // one unfinished line: read on
                if last >= 0 { cut = last + 1 }  // (else: a line too long; its part reports it)
            }
            let round = UnsafeBufferPointer(start: buffer, count: cut)
            let parts = Self.parts(of: round, into: workers, origin: origin, line: line, arrival: arrival)
            let work = ParallelParts(bytes: round, parts: parts.parts, parser: parser, maxLineBytes: maxLineBytes,
                                     origin: origin)
            DispatchQueue.concurrentPerform(iterations: work.parts.count) { k in work.parse(k) }
            for result in work.results {
                let part = try result.get()
                parsed.events.append(contentsOf: part.events)
                parsed.malformed.append(contentsOf: part.malformed)
            }
            line = parts.nextLine
            arrival = parts.nextArrival
            origin += cut
            if cut < count { buffer.update(from: buffer + cut, count: count - cut) }
            count -= cut
            if ended && count == 0 { break }
        }
        return parsed
    }

    /// Where a part of a round starts: its byte range, first line and first arrival id.
    private struct Part {
        var start: Int
        var end: Int
        var line: Int
        var arrival: Int64
    }

    /// Splits a round (whole lines) into up to `n` parts of about equal size at line feeds, numbering their lines
    /// and records as the sequential reader would (blank lines: only spaces, tabs and a CR; a byte-order mark at
    /// the start of the input is not part of the first line).
    private static func parts(of round: UnsafeBufferPointer<UInt8>, into n: Int, origin: Int, line: Int, arrival: Int64)
        -> (parts: [Part], nextLine: Int, nextArrival: Int64)
    {
        let base = round.baseAddress!  // a round is never empty
        var parts: [Part] = []
        var start = 0
        var line = line
        var arrival = arrival
        for k in 1...n where start < round.count {
            var end = round.count
            if k < n {
                let target = max(start, round.count * k / n)
                if let lf = memchr(base + target, 0x0A, round.count - target) {
                    end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(lf)) + 1
                }
            }
            parts.append(Part(start: start, end: end, line: line, arrival: arrival))
            // Count this part's lines and its non-blank ones.
            var i = start
            if origin == 0, start == 0, round.count >= 3, round[0] == 0xEF, round[1] == 0xBB, round[2] == 0xBF { i = 3 }
            while i < end {
                var blank = true
                var j = i
                while j < end, round[j] != 0x0A {
                    let b = round[j]
                    if b != 0x20, b != 0x09, b != 0x0D {
                        blank = false
                        break
                    }
                    j += 1
                }
                if !blank { arrival += 1 }
                let rest = end - j
                if let lf = memchr(base + j, 0x0A, rest) {
                    j = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(lf))
                    line += 1
                    i = j + 1
                } else {
                    i = end
                }
            }
            start = end
        }
        return (parts, line, arrival)
    }

    /// The parts of one round and their results, each written by the one thread that parses that part.
    private final class ParallelParts: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let parts: [Part]
        let parser: LogRecordParser
        let maxLineBytes: Int
        let origin: Int
        /// One result per part, written by the one thread that parses that part (disjoint elements of a buffer:
        /// no exclusivity check, no lock), read once `concurrentPerform` has returned.
        let results: UnsafeMutableBufferPointer<Result<Parsed, DataFormatsError>>

        init(bytes: UnsafeBufferPointer<UInt8>, parts: [Part], parser: LogRecordParser, maxLineBytes: Int, origin: Int) {
            self.bytes = bytes
            self.parts = parts
            self.parser = parser
            self.maxLineBytes = maxLineBytes
            self.origin = origin
            results = .allocate(capacity: parts.count)
            results.initialize(repeating: .success(Parsed(events: [], malformed: [])))
        }

        deinit {
            _ = results.deinitialize()
            results.deallocate()
        }

        /// Parses part `k` into `results[k]`.
        func parse(_ k: Int) {
            let part = parts[k]
            let reader = JSONRecordReader(
                bytes: UnsafeBufferPointer(rebasing: bytes[part.start..<part.end]), layout: .lines,
                maxMembers: LogRecords.maxMembers, maxRecordBytes: maxLineBytes, offset: origin + part.start,
                firstLine: part.line)
            let result = Result { () throws(DataFormatsError) -> Parsed in
                try LogRecords.readLines(reader, parser: parser, firstArrivalID: part.arrival)
            }
            results[k] = result
        }
    }

    /// Member `i` as the parser's raw field, as ``fields(_:)`` makes it from a JSON tree: numbers keep their
    /// integer or double form, arrays and objects are no field's value.
    @inline(__always)
    private static func value(_ record: JSONRecord, _ i: Int, _ field: LogField) -> RawField {
        switch record.kind(i) {
        case .null: return .null
        case .bool: return .bool(record.bool(i) ?? false)
        case .string:
            if record.isEscaped(i) { return .string((record.string(i) ?? "")[...]) }
            return .utf8(record.raw(i))
        case .number:
            let number = record.number(i) ?? .nan
            switch field {
            case .signalDBm, .dataRateMbps, .packetLoss:
                // A measurement reads an integer and the same literal as a double to the same value (both
                // correctly rounded), so the second look at the literal is spared.
                return .number(number)
            default:
                if let integer = record.integer(i) { return .integer(Int64(integer)) }
                return .number(number)
            }
        case .object, .array: return .bool(false)
        }
    }

    /// The contract's field names with their key hashes (``JSONRecord/hash(_:)``): a member's key is compared by
    /// hash first, so most unknown keys cost one comparison per field.
    private struct FieldNames {
        let fields: [(hash: UInt64, field: LogField, name: [UInt8])] = LogField.allCases.map {
            (JSONRecord.hash($0.name.utf8), $0, Array($0.name.utf8))
        }

        @inline(__always)
        func field(_ record: JSONRecord, _ i: Int) -> LogField? {
            let hash = record.keyHash(i)
            for entry in fields where entry.hash == hash {
                return record.key(i, equals: entry.name) ? entry.field : nil
            }
            return nil
        }
    }
}
