#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads records one at a time from JSON lines (one object or array per line), a JSON array of records, or an
/// object that holds the records under `"features"` or `"rows"` (the `/predict` body shape), straight from the
/// bytes. Over a ``ByteStream`` it reads in chunks and holds only the unfinished record between them.
///
/// Each ``next()`` returns a ``JSONRecord``: per member its key and value as byte ranges in the reader's window and
/// numbers already correctly rounded, valid until the next call. The text is checked as strictly as
/// ``JSONValue/parse(_:)`` checks it (a key twice in one record is refused too); errors name the line (JSON lines)
/// or the record and the byte offset. Hostile input is bounded: a record may have at most `maxMembers` members, and
/// a streamed record at most `maxRecordBytes` bytes (in JSON lines, exactly: a line's bytes before its line feed).
/// After an error in JSON lines, ``skipLine()`` steps past the bad line so the records after it can still be read.
///
/// ```swift
/// let reader = JSONRecordReader(stream: FileDescriptorStream(fd, name: "events.jsonl"), layout: .lines)
/// while let record = try reader.next() {
///     for i in 0..<record.count { _ = (record.key(i), record.kind(i), record.number(i)) }
/// }
/// ```
public final class JSONRecordReader {
    /// How records are laid out.
    public enum Layout: Sendable, Equatable {
        /// Decided from the first bytes: `[` followed by an object or array is an array of records; `{` whose
        /// object has a `"features"` or `"rows"` array is that object's records; anything else is JSON lines.
        case automatic
        /// One record per line (blank lines skipped).
        case lines
        /// One array of records.
        case array
        /// An object whose `"features"` (or `"rows"`) member is the array of records.
        case wrapped
    }

    private enum State {
        case start
        case lines
        case array(first: Bool)
        case afterArray
        case done
    }

    let window: ByteWindow
    let store: FieldStore
    var position = 0
    private var state = State.start
    /// The layout in use: as given, or as detected once the first record was read.
    public private(set) var layout: Layout
    /// The number of records returned so far.
    public private(set) var recordCount = 0
    /// The line the next record starts on (JSON lines).
    public private(set) var line = 1
    /// In the `wrapped` layout, the object's other members (`"model"`, `"outputs"`, ...), complete once ``next()``
    /// has returned nil.
    public private(set) var otherMembers: [String: JSONValue] = [:]
    /// The key the records were found under in the `wrapped` layout.
    public private(set) var recordsKey: String?

    /// A reader over a whole text in memory, which the caller keeps alive and unchanged while reading.
    ///
    /// - Parameters:
    ///   - bytes: the text.
    ///   - layout: how records are laid out; detected by default.
    ///   - maxMembers: the most members (or values) one record may have; a record with more is an `invalid_json`
    ///     error naming its line or number.
    ///   - maxRecordBytes: in JSON lines, the most bytes a line may have before its line feed (no limit by default).
    ///   - offset: for a part of a larger text (parsed apart, e.g. on another thread), the offset of its first byte
    ///     in the whole text, so errors name the byte as in the whole (a byte-order mark is skipped only at 0).
    ///   - firstLine: the part's first line number, so errors and ``JSONRecord/line`` count as in the whole.
    public init(
        bytes: UnsafeBufferPointer<UInt8>, layout: Layout = .automatic, maxMembers: Int = .max,
        maxRecordBytes: Int = .max, offset: Int = 0, firstLine: Int = 1
    ) {
        window = ByteWindow(borrowing: bytes, origin: offset, maxRecordBytes: maxRecordBytes)
        store = FieldStore(maxMembers: maxMembers)
        self.layout = layout
        line = firstLine
    }

    /// A reader over a stream, read `chunkSize` bytes at a time.
    ///
    /// - Parameters:
    ///   - stream: the bytes (a file, a pipe).
    ///   - layout: how records are laid out; detected by default.
    ///   - chunkSize: bytes per read; 1 MiB by default.
    ///   - maxRecordBytes: the longest record accepted (64 MiB by default); in JSON lines, the most bytes a line may
    ///     have before its line feed (a longer one is a `record_too_large` error naming the line).
    ///   - maxMembers: the most members (or values) one record may have; a record with more is an `invalid_json`
    ///     error naming its line or number.
    public init(
        stream: some ByteStream, layout: Layout = .automatic, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 64 << 20,
        maxMembers: Int = .max
    ) {
        window = ByteWindow(stream: stream, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
        store = FieldStore(maxMembers: maxMembers)
        self.layout = layout
    }

    /// The next record, or nil at the end of the input. The record's bytes stay valid until the next call.
    ///
    /// - Throws: `invalid_json` naming the problem, the line or record and the byte; `read_failed` or
    ///   `record_too_large` from a stream.
    public func next() throws(DataFormatsError) -> JSONRecord? {
        while true {
            switch try step() {
            case .record(let record): return record
            case .moved: continue
            case .done: return nil
            case .needMore(let pending):
                // The window ended inside the value: read more, keeping it, and try again (only an incomplete
                // window asks, so each retry has more bytes or the whole input). A record over the size limit
                // reports the error the parser found in it. A step that asks commits nothing but the blank lines
                // it passed, so `position` is where the unfinished record starts.
                let keep = position
                position = 0
                do throws(DataFormatsError) {
                    _ = try window.refill(keeping: keep)
                } catch {
                    if error.code == .recordTooLarge, let pending { throw pending }
                    throw error
                }
            }
        }
    }

    private enum Outcome {
        case record(JSONRecord)
        case moved
        case needMore(DataFormatsError?)
        case done
    }

    /// Runs `body`; an error while the input is not all in the window may be the window's end, so it asks for more.
    private func tolerant(_ body: () throws(DataFormatsError) -> Outcome) throws(DataFormatsError) -> Outcome {
        do throws(DataFormatsError) { return try body() } catch {
            if window.isComplete { throw error }
            return .needMore(error)
        }
    }

    /// One step of the state machine. Commits `position` and `state` only when it succeeds.
    private func step() throws(DataFormatsError) -> Outcome {
        switch state {
        case .start:
            return try tolerant { () throws(DataFormatsError) -> Outcome in
                var c = JSONCursor(window.bytes, at: position, origin: window.origin)
                // A byte-order mark can be seen only once 3 bytes (or the whole input) are in the window.
                if window.origin == 0, c.bytes.count < 3, !window.isComplete { return .needMore(nil) }
                if window.origin == 0, c.index == 0, c.bytes.count >= 3, c.bytes[0] == 0xEF, c.bytes[1] == 0xBB,
                    c.bytes[2] == 0xBF
                {
                    c.index = 3
                }
                let afterMark = c.index
                if layout == .lines {
                    // Lines count their own blank lines (see nextLine), so leading ones are not skipped here.
                    state = .lines
                    position = afterMark
                    return .moved
                }
                c.skipWhitespace()
                guard let first = c.peek else {
                    if !window.isComplete { return .needMore(nil) }
                    state = .done
                    return .done
                }
                let (layout, state) = try detect(&c, first: first)
                self.layout = layout
                self.state = state
                position = layout == .lines ? afterMark : c.index
                return .moved
            }
        case .lines:
            return try nextLine()
        case .array(let first):
            return try tolerant { () throws(DataFormatsError) -> Outcome in
                var c = JSONCursor(window.bytes, at: position, origin: window.origin)
                c.skipWhitespace()
                guard let b = c.peek else { throw c.fail("unexpected end of input in the array of records") }
                if b == UInt8(ascii: "]") {
                    c.advance()
                    if layout == .wrapped {
                        state = .afterArray
                    } else {
                        try finish(&c)
                        state = .done
                    }
                    position = c.index
                    return .moved
                }
                if !first {
                    guard b == UInt8(ascii: ",") else {
                        throw c.fail("expected ',' or ']' after record \(recordCount)")
                    }
                    c.advance()
                    c.skipWhitespace()
                }
                let start = c.index
                let isObject = try c.record(into: store)
                position = c.index
                state = .array(first: false)
                recordCount += 1
                return .record(makeRecord(isObject: isObject, line: nil, start: start))
            }
        case .afterArray:
            return try tolerant { () throws(DataFormatsError) -> Outcome in
                var c = JSONCursor(window.bytes, at: position, origin: window.origin)
                var others = otherMembers
                _ = try members(&c, into: &others, afterRecords: true)
                try finish(&c)
                otherMembers = others
                position = c.index
                state = .done
                return .done
            }
        case .done:
            return .done
        }
    }

    private func makeRecord(isObject: Bool, line: Int?, start: Int) -> JSONRecord {
        JSONRecord(
            bytes: window.bytes, fields: UnsafeBufferPointer(start: store.base, count: store.count),
            isObject: isObject, number: recordCount, line: line, offset: window.origin + start)
    }

    /// Only whitespace may follow the top-level value (all of it must be in the window to say so).
    private func finish(_ c: inout JSONCursor) throws(DataFormatsError) {
        c.skipWhitespace()
        guard c.isAtEnd else { throw c.fail("unexpected data after the records") }
        if !window.isComplete { throw c.fail("more input needed") }
    }

    /// Chooses the layout at the first non-blank byte and steps into the records.
    private func detect(_ c: inout JSONCursor, first: UInt8) throws(DataFormatsError) -> (Layout, State) {
        switch layout {
        case .lines:
            return (.lines, .lines)
        case .array:
            guard first == UInt8(ascii: "[") else { throw c.fail("expected an array of records") }
            c.advance()
            return (.array, .array(first: true))
        case .wrapped:
            guard first == UInt8(ascii: "{") else { throw c.fail("expected an object holding \"features\"") }
            c.advance()
            var others: [String: JSONValue] = [:]
            guard try members(&c, into: &others, afterRecords: false) else {
                throw c.fail("the object has no \"features\" (or \"rows\") array of records")
            }
            otherMembers = others
            return (.wrapped, .array(first: true))
        case .automatic:
            if first == UInt8(ascii: "[") {
                var probe = c
                probe.advance()
                probe.skipWhitespace()
                guard let next = probe.peek else { throw c.fail("unexpected end of input") }
                if next == UInt8(ascii: "{") || next == UInt8(ascii: "[") || next == UInt8(ascii: "]") {
                    c = probe
                    return (.array, .array(first: true))
                }
                return (.lines, .lines)  // one array of values per line
            }
            guard first == UInt8(ascii: "{") else {
                throw c.fail("expected records: JSON lines of objects, or an array of objects or arrays")
            }
            var probe = c
            probe.advance()
            var others: [String: JSONValue] = [:]
            if try members(&probe, into: &others, afterRecords: false) {
                c = probe
                otherMembers = others
                return (.wrapped, .array(first: true))
            }
            // No records member: the first object is the first record of JSON lines.
            return (.lines, .lines)
        }
    }

    /// Reads the wrapping object's members into `others` up to the records array, which it opens (returning true),
    /// or to the object's end (returning false). After the records (`afterRecords`), reads the remaining members and
    /// the closing brace.
    private func members(_ c: inout JSONCursor, into others: inout [String: JSONValue], afterRecords: Bool)
        throws(DataFormatsError) -> Bool
    {
        var first = !afterRecords
        while true {
            c.skipWhitespace()
            guard let b = c.peek else { throw c.fail("unexpected end of input in an object") }
            if b == UInt8(ascii: "}") {
                c.advance()
                return false
            }
            if !first {
                guard b == UInt8(ascii: ",") else { throw c.fail("expected ',' or '}'") }
                c.advance()
                c.skipWhitespace()
            }
            first = false
            guard c.peek == UInt8(ascii: "\"") else { throw c.fail("expected a string key") }
            let keyAt = c.index
            let key = try c.readString()
            c.skipWhitespace()
            guard c.peek == UInt8(ascii: ":") else { throw c.fail("expected ':'") }
            c.advance()
            c.skipWhitespace()
            if !afterRecords, key == "features" || key == "rows", c.peek == UInt8(ascii: "[") {
                c.advance()
                recordsKey = key
                return true
            }
            if others[key] != nil || key == recordsKey { throw c.duplicateKey(key, at: keyAt) }
            others[key] = try c.readValue()
        }
    }

    /// The next non-blank line as a record. A line without its newline before the window's end asks for more; a
    /// complete line that is not a record is an error at once. Blank lines are consumed (and counted) as they are
    /// passed; a line longer than the limit is an error naming it, whether or not its end is in the window.
    private func nextLine() throws(DataFormatsError) -> Outcome {
        let b = window.bytes
        while true {
            let start = position
            let end = lineEnd(from: start)
            if end - start > window.maxRecordBytes { throw lineTooLong(start) }
            if end == b.count, !window.isComplete { return .needMore(nil) }
            let lineBytes = UnsafeBufferPointer(rebasing: b[0..<end])
            var c = JSONCursor(lineBytes, at: start, origin: window.origin)
            c.skipWhitespace()
            if c.isAtEnd {
                line += 1
                position = Swift.min(end + 1, b.count)
                if end >= b.count {
                    state = .done
                    return .done
                }
                continue
            }
            let recordStart = c.index
            let isObject: Bool
            do throws(DataFormatsError) {
                isObject = try c.record(into: store)
                c.skipWhitespace()
                guard c.isAtEnd else { throw c.fail("unexpected data after the record") }
            } catch {
                throw DataFormatsError(error.code, "line \(line): \(error.message)", offset: error.offset)
            }
            let recordLine = line
            line += 1
            position = Swift.min(end + 1, b.count)
            recordCount += 1
            return .record(makeRecord(isObject: isObject, line: recordLine, start: recordStart))
        }
    }

    /// Steps past the line the last error of ``next()`` was found in (JSON lines), so reading goes on with the
    /// line after it: how a caller keeps the good records of a file with bad lines. It only looks for the line
    /// feed (a line over the size limit is skipped too, its bytes read and dropped). Does nothing in the other
    /// layouts, whose errors end the reading.
    ///
    /// - Throws: `read_failed` from the stream.
    public func skipLine() throws(DataFormatsError) {
        guard case .lines = state else { return }
        while true {
            let b = window.bytes
            let end = lineEnd(from: position)
            if end < b.count || window.isComplete {
                line += 1
                position = Swift.min(end + 1, b.count)
                return
            }
            // Nothing of this line is kept: read on to its end.
            position = 0
            if try !window.refill(keeping: b.count) {
                line += 1
                position = window.bytes.count
                return
            }
        }
    }

    /// The index of the first line feed at or after `start`, or the window's end.
    @inline(__always)
    private func lineEnd(from start: Int) -> Int {
        let b = window.bytes
        guard start < b.count, let base = b.baseAddress else { return b.count }
        guard let found = memchr(base + start, 0x0A, b.count - start) else { return b.count }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    private func lineTooLong(_ start: Int) -> DataFormatsError {
        DataFormatsError(
            .recordTooLarge,
            "line \(line) is longer than \(window.maxRecordBytes) bytes (it starts at byte \(window.origin + start)); "
                + "split the record, or check that the file is JSON lines (one record per line)",
            offset: window.origin + start)
    }
}
