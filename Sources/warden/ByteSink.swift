import Foundation
import ModelRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Output written through a byte buffer flushed to a file descriptor in large writes: standard output, or a file
/// written under a temporary name and renamed into place only when complete (``commit()``).
final class ByteSink {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let path: String?
    private let temporary: String?
    private static let flushBytes = 1 << 20

    /// Standard output.
    init() {
        descriptor = STDOUT_FILENO
        path = nil
        temporary = nil
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    /// A file at `path`, written as `path.tmp-PID` until ``commit()``.
    ///
    /// - Throws: `io_error` when the file cannot be created.
    init(path: String) throws(ModelRuntimeError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ModelRuntimeError(.ioError, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        self.path = path
        self.temporary = temporary
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    deinit {
        // Not committed (an error on the way): leave no partial file behind.
        if let temporary, !committed {
            close(descriptor)
            unlink(temporary)
        }
    }

    @inline(__always) func append(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) func append(_ byte: UInt8) { buffer.append(byte) }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// An integer in decimal.
    @inline(__always) func append(_ value: Int) {
        if value >= 0 && value < 10 {
            buffer.append(UInt8(truncatingIfNeeded: 0x30 + value))
            return
        }
        var v = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits, written backwards
        var n = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[23 - n] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            if value < 0 { buffer.append(UInt8(ascii: "-")) }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(24 - n)...]))
        }
    }

    /// A double in Swift's shortest round-trip form (`nan`, `inf`, `-inf` for non-finite values), or JSON's
    /// strings `"NaN"`, `"Infinity"`, `"-Infinity"` when `json`.
    @inline(__always) func append(_ value: Double, json: Bool = false) {
        if json && !value.isFinite {
            append(value.isNaN ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"")
            return
        }
        var text = value.description
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Writes the buffer out when it holds a megabyte or more.
    ///
    /// - Throws: `io_error` when the write fails.
    @inline(__always) func flushIfFull() throws(ModelRuntimeError) {
        if buffer.count >= Self.flushBytes { try flush() }
    }

    /// Writes the buffer out.
    ///
    /// - Throws: `io_error` when the write fails.
    func flush() throws(ModelRuntimeError) {
        var written = 0
        while written < buffer.count {
            // Invariant: written < buffer.count, so the buffer is non-empty and has a base address.
            let n = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, buffer.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw ModelRuntimeError(
                    .ioError, "cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, renames it into place.
    ///
    /// - Throws: `io_error` when the write or the rename fails.
    func commit() throws(ModelRuntimeError) {
        try flush()
        guard let path, let temporary else { return }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ModelRuntimeError(.ioError, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    /// Whether the file was renamed into place (deinit then leaves it alone).
    private var committed = false
}
