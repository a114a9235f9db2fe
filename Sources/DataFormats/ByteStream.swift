#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source of bytes read in chunks: a file, a pipe, standard input. The record readers (``CSVReader``,
/// ``JSONRecordReader``) pull from one, so a file of any size is read with a window of a few megabytes.
public protocol ByteStream {
    /// Reads up to `buffer.count` bytes into `buffer`.
    ///
    /// - Returns: the number of bytes read; 0 at the end of the stream.
    /// - Throws: ``DataFormatsError`` (`read_failed`) when the underlying read fails.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataFormatsError) -> Int
}

/// A file descriptor read with `read(2)` (retried on `EINTR`). The descriptor is not closed by the stream.
///
/// ```swift
/// let fd = open("rows.csv", O_RDONLY)
/// let reader = CSVReader(stream: FileDescriptorStream(fd, name: "rows.csv"))
/// ```
public struct FileDescriptorStream: ByteStream {
    /// The descriptor.
    public let descriptor: Int32
    /// The name used in error messages (a path, or `standard input`).
    public let name: String

    /// Creates a stream over an open descriptor.
    public init(_ descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Reads up to `buffer.count` bytes.
    ///
    /// - Throws: `read_failed` naming the file and the errno.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataFormatsError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
                let n = Glibc.read(descriptor, base, buffer.count)
            #else
                let n = Darwin.read(descriptor, base, buffer.count)
            #endif
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            throw DataFormatsError(.readFailed, "cannot read \(name): \(String(cString: strerror(code))) (errno \(code))")
        }
    }
}

/// Bytes already in memory, handed out in chunks (tests, and callers that hold a small file whole).
public struct MemoryStream: ByteStream {
    let bytes: [UInt8]
    var position = 0

    /// Creates a stream over `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies the next bytes.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataFormatsError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + n]))
        }
        position += n
        return n
    }
}

/// The bytes a record reader works on: either a caller's buffer (whole text, nothing copied) or a window over a
/// ``ByteStream`` that is refilled in chunks, keeping the unfinished record at its front.
final class ByteWindow {
    /// The bytes: `base[0..<count]` are valid.
    private(set) var base: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private var capacity = 0
    private let owned: Bool
    private var stream: (any ByteStream)?
    private let chunkSize: Int
    /// Whether every byte of the input is in the window (no more to read).
    private(set) var isComplete: Bool
    /// The offset in the whole input of `base[0]`.
    private(set) var origin = 0
    /// The most bytes one record may span in a stream.
    let maxRecordBytes: Int

    /// A window over a whole text the caller keeps alive: the whole input, or a part of it starting at `origin`.
    init(borrowing bytes: UnsafeBufferPointer<UInt8>, origin: Int = 0, maxRecordBytes: Int = .max) {
        base = UnsafeMutablePointer(mutating: bytes.baseAddress)
        count = bytes.count
        capacity = bytes.count
        owned = false
        stream = nil
        chunkSize = 0
        isComplete = true
        self.origin = origin
        self.maxRecordBytes = maxRecordBytes
    }

    /// A window over a stream, read `chunkSize` bytes at a time.
    init(stream: any ByteStream, chunkSize: Int, maxRecordBytes: Int) {
        owned = true
        self.stream = stream
        self.chunkSize = max(1, chunkSize)
        isComplete = false
        self.maxRecordBytes = maxRecordBytes
    }

    deinit { if owned { base?.deallocate() } }

    /// The valid bytes.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Drops the bytes before `keep` and reads at least one more chunk (less at the end of the stream).
    ///
    /// - Returns: false when there was nothing more to read (the window is then complete).
    /// - Throws: `read_failed`, or `record_too_large` when the record starting at `keep` would need more than
    ///   ``maxRecordBytes``.
    func refill(keeping keep: Int) throws(DataFormatsError) -> Bool {
        guard !isComplete, var stream else { return false }
        let kept = count - keep
        if kept > maxRecordBytes {
            throw DataFormatsError(
                .recordTooLarge,
                "a record starting at byte \(origin + keep) is longer than \(maxRecordBytes) bytes; check the "
                    + "file's format (an unclosed quote or bracket makes the rest of the file one record)",
                offset: origin + keep)
        }
        let needed = kept + chunkSize
        if needed > capacity {
            let grown = max(needed, capacity * 2)
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            if let base, kept > 0 { fresh.update(from: base + keep, count: kept) }
            base?.deallocate()
            base = fresh
            capacity = grown
        } else if let base, keep > 0, kept > 0 {
            base.update(from: base + keep, count: kept)
        }
        origin += keep
        count = kept
        // Invariant: capacity >= kept + chunkSize > 0, so base is allocated.
        let target = UnsafeMutableRawBufferPointer(start: base! + count, count: capacity - count)
        var read = 0
        // Fill at least one chunk (pipes deliver less per read).
        while read < chunkSize {
            let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: target[read...]))
            if n == 0 {
                isComplete = true
                break
            }
            read += n
        }
        count += read
        self.stream = isComplete ? nil : stream
        return read > 0
    }
}
