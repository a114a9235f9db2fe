/// Reads CSV records straight from bytes: RFC 4180 quoting (`"a,b"`, `""` for a quote, line breaks inside quotes),
/// LF, CRLF or CR line ends, a UTF-8 byte order mark, blank lines skipped. Over a ``ByteStream`` it reads in chunks
/// and holds only the unfinished record between them, so a file of any size takes a few megabytes.
///
/// Each ``next()`` returns a ``CSVRecord``: a view of the record's fields as byte ranges in the reader's window, valid
/// until the next call. Fields are not copied or decoded unless asked (``CSVRecord/string(_:)``); numbers are read
/// from the bytes, correctly rounded (``CSVRecord/number(_:)``).
///
/// ```swift
/// let reader = CSVReader(stream: FileDescriptorStream(fd, name: path))
/// guard let header = try reader.next() else { return }
/// let names = (0..<header.count).map(header.string)
/// while let record = try reader.next() {
///     let rssi = record.number(3)  // nil when the cell is not a number
/// }
/// ```
public final class CSVReader {
    /// One field: its content's byte range in the window (quotes excluded) and how it was written.
    @usableFromInline
    struct Field {
        @usableFromInline var start: Int
        @usableFromInline var end: Int
        /// Written between quotes.
        @usableFromInline var quoted: Bool
        /// Holds `""` pairs that stand for one quote each.
        @usableFromInline var escaped: Bool
    }

    let window: ByteWindow
    @usableFromInline var fields: UnsafeMutablePointer<Field>
    var fieldCapacity = 64
    var position = 0
    var started = false
    /// The number of records returned so far (the header included).
    public private(set) var recordCount = 0
    /// The line on which the next record starts (1-based).
    public private(set) var line = 1
    /// The field separator.
    public let delimiter: UInt8

    /// A reader over a whole text in memory, which the caller keeps alive and unchanged while reading.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text.
    ///   - delimiter: the field separator, `,` by default.
    public init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = UInt8(ascii: ",")) {
        window = ByteWindow(borrowing: bytes)
        fields = .allocate(capacity: fieldCapacity)
        self.delimiter = delimiter
    }

    /// A reader over a stream, read `chunkSize` bytes at a time.
    ///
    /// - Parameters:
    ///   - stream: the bytes (a file, a pipe).
    ///   - chunkSize: bytes per read; 1 MiB by default.
    ///   - maxRecordBytes: the longest record accepted (64 MiB by default); an unclosed quote would otherwise
    ///     make the rest of the file one record held in memory.
    ///   - delimiter: the field separator, `,` by default.
    public init(
        stream: some ByteStream, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 64 << 20,
        delimiter: UInt8 = UInt8(ascii: ",")
    ) {
        window = ByteWindow(stream: stream, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
        fields = .allocate(capacity: fieldCapacity)
        self.delimiter = delimiter
    }

    deinit { fields.deallocate() }

    /// The next record, or nil at the end of the input. The record's bytes stay valid until the next call.
    ///
    /// - Throws: `invalid_csv` for an unclosed quote or text after a closing quote, naming the line and column;
    ///   `read_failed` or `record_too_large` from a stream.
    public func next() throws(DataFormatsError) -> CSVRecord? {
        if !started {
            started = true
            try skipByteOrderMark()
        }
        while true {
            let startLine = line
            switch try tokenize() {
            case .record(let count, let end):
                position = end
                if count == 1, !fields[0].quoted, isBlank(fields[0]) { continue }  // a blank line
                recordCount += 1
                return CSVRecord(
                    bytes: window.bytes, fields: UnsafeBufferPointer(start: fields, count: count), line: startLine,
                    number: recordCount)
            case .needMore:
                line = startLine
                let keep = position
                position = 0
                if try !window.refill(keeping: keep) {
                    // Nothing more came: tokenize again with the window complete.
                    continue
                }
            case .end:
                return nil
            }
        }
    }

    private func isBlank(_ f: Field) -> Bool {
        let b = window.bytes
        for k in f.start..<f.end where b[k] != 0x20 && b[k] != 0x09 { return false }
        return true
    }

    private func skipByteOrderMark() throws(DataFormatsError) {
        while window.count - position < 3, try window.refill(keeping: position) { position = 0 }
        let b = window.bytes
        if b.count - position >= 3, b[position] == 0xEF, b[position + 1] == 0xBB, b[position + 2] == 0xBF {
            position += 3
        }
    }

    private enum Step {
        case record(count: Int, end: Int)
        case needMore
        case end
    }

    static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    static let returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

    /// Non-zero when a byte of `word` equals the byte repeated in `splat` (the classic has-zero-byte test).
    @inline(__always)
    static func hasByte(_ word: UInt64, _ splat: UInt64) -> UInt64 {
        let x = word ^ splat
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Splits the record at `position` into fields.
    private func tokenize() throws(DataFormatsError) -> Step {
        let b = window.bytes
        let end = b.count
        let complete = window.isComplete
        var i = position
        if i == end { return complete ? .end : .needMore }
        var count = 0
        let delimiter = self.delimiter
        let splat = UInt64(delimiter) &* 0x0101_0101_0101_0101
        let recordLine = line
        // The hot loop works on locals (class properties would be checked for exclusive access on every use).
        var lines = line
        var fieldBase = fields
        var capacity = fieldCapacity
        defer {
            line = lines
            fields = fieldBase
            fieldCapacity = capacity
        }
        @inline(__always) func append(_ field: Field) {
            if count == capacity {
                let grown = UnsafeMutablePointer<Field>.allocate(capacity: capacity * 2)
                grown.moveInitialize(from: fieldBase, count: capacity)
                fieldBase.deallocate()
                fieldBase = grown
                capacity *= 2
            }
            (fieldBase + count).initialize(to: field)
        }
        while true {
            if i < end, b[i] == UInt8(ascii: "\"") {
                i += 1
                let contentStart = i
                var escaped = false
                var contentEnd = -1
                while i < end {
                    let c = b[i]
                    if c == UInt8(ascii: "\"") {
                        if i + 1 < end {
                            if b[i + 1] == UInt8(ascii: "\"") {
                                escaped = true
                                i += 2
                                continue
                            }
                        } else if !complete {
                            return .needMore
                        }
                        contentEnd = i
                        i += 1
                        break
                    }
                    if c == 0x0A { lines += 1 }
                    i += 1
                }
                if contentEnd < 0 {
                    if !complete { return .needMore }
                    throw DataFormatsError(
                        .invalidCSV,
                        "the CSV input is not valid: the quoted field in column \(count + 1) of the record on line "
                            + "\(recordLine) is never closed; close it with '\"' (write a quote inside a field as '\"\"')",
                        offset: window.origin + contentStart - 1)
                }
                while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
                append(Field(start: contentStart, end: contentEnd, quoted: true, escaped: escaped))
            } else {
                let fieldStart = i
                // Eight bytes at a time while none is the delimiter, a line feed or a carriage return.
                if let base = b.baseAddress {
                    while i + 8 <= end {
                        let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                        if Self.hasByte(w, splat) | Self.hasByte(w, Self.lineFeeds) | Self.hasByte(w, Self.returns) != 0 {
                            break
                        }
                        i += 8
                    }
                }
                while i < end {
                    let c = b[i]
                    if c == delimiter || c == 0x0A || c == 0x0D { break }
                    i += 1
                }
                append(Field(start: fieldStart, end: i, quoted: false, escaped: false))
            }
            count += 1
            if i == end {
                if !complete { return .needMore }
                return .record(count: count, end: i)
            }
            let c = b[i]
            if c == delimiter {
                i += 1
                continue
            }
            if c == 0x0A {
                lines += 1
                return .record(count: count, end: i + 1)
            }
            if c == 0x0D {
                if i + 1 < end {
                    lines += 1
                    return .record(count: count, end: b[i + 1] == 0x0A ? i + 2 : i + 1)
                }
                if !complete { return .needMore }
                lines += 1
                return .record(count: count, end: i + 1)
            }
            throw DataFormatsError(
                .invalidCSV,
                "the CSV input is not valid: column \(count) of the record on line \(recordLine) has text after its "
                    + "closing quote; quote the whole field, writing a quote inside it as '\"\"'",
                offset: window.origin + i)
        }
    }
}

/// One CSV record: a view of its fields in the reader's window, valid until the reader's next ``CSVReader/next()``.
public struct CSVRecord {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let fields: UnsafeBufferPointer<CSVReader.Field>
    /// The line the record starts on (1-based; the header is line 1 when the file starts with it).
    public let line: Int
    /// The record's position among the records read (1-based, the header included).
    public let number: Int

    init(bytes: UnsafeBufferPointer<UInt8>, fields: UnsafeBufferPointer<CSVReader.Field>, line: Int, number: Int) {
        self.bytes = bytes
        self.fields = fields
        self.line = line
        self.number = number
    }

    /// The number of fields.
    @inlinable public var count: Int { fields.count }

    /// The raw bytes of field `i` (0-based): quotes removed, `""` pairs left as they are (see ``isEscaped(_:)``).
    @inlinable
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        let f = fields[i]
        return UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
    }

    /// Whether field `i` holds `""` pairs, which ``string(_:)`` turns into quotes.
    @inlinable public func isEscaped(_ i: Int) -> Bool { fields[i].escaped }

    /// Whether field `i` was written between quotes.
    @inlinable public func isQuoted(_ i: Int) -> Bool { fields[i].quoted }

    /// Field `i` as text (UTF-8, invalid sequences replaced), `""` pairs decoded to quotes.
    public func string(_ i: Int) -> String {
        let f = fields[i]
        let raw = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
        guard f.escaped else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            out.append(raw[k])
            k += raw[k] == UInt8(ascii: "\"") && k + 1 < raw.count && raw[k + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Field `i` as a number, correctly rounded (``DecimalText``): surrounding spaces are ignored, an empty field
    /// and the missing-value words are NaN; nil when the field is not a number.
    @inlinable
    public func number(_ i: Int) -> Double? {
        let f = fields[i]
        return DecimalText.parse(bytes, from: f.start, to: f.end)
    }
}
