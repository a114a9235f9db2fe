import Foundation
import ModelRuntime

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Text appended to a byte buffer without going through `String` concatenation: the output of `warden score` is
/// formatted batch by batch into one `[UInt8]` and written with ``ByteSink``.
enum ByteText {
    @inline(__always) static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// An integer in decimal.
    @inline(__always) static func append(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + value))
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(truncatingIfNeeded: 0x30 + v % 10))
            v /= 10
        } while v > 0
        out[start...].reverse()
    }

    /// A double in Swift's shortest round-trip form (`nan`, `inf`, `-inf` for non-finite values), or JSON's strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"` when `json`.
    @inline(__always) static func append(_ value: Double, json: Bool = false, to out: inout [UInt8]) {
        if json && !value.isFinite {
            append(value.isNaN ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"", to: &out)
            return
        }
        var text = value.description
        text.withUTF8 { out.append(contentsOf: $0) }
    }
}

/// Output written to a file descriptor in large writes: standard output, or a file written under a temporary name
/// and renamed into place only when complete (``commit()``); an uncommitted file is removed.
final class ByteSink {
    private let descriptor: Int32
    private let path: String?
    private let temporary: String?
    /// Whether the file was renamed into place (deinit then leaves it alone).
    private var committed = false

    /// Standard output.
    init() {
        descriptor = STDOUT_FILENO
        path = nil
        temporary = nil
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
    }

    deinit {
        if let temporary, !committed {
            close(descriptor)
            unlink(temporary)
        }
    }

    /// Writes `bytes` out.
    ///
    /// - Throws: `io_error` when the write fails.
    func write(_ bytes: [UInt8]) throws(ModelRuntimeError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                // Invariant: written < bytes.count, so the buffer is non-empty and has a base address.
                systemWrite(descriptor, raw.baseAddress! + written, bytes.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw ModelRuntimeError(
                    .ioError, "cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))")
            }
            written += n
        }
    }

    /// For a file, renames it into place.
    ///
    /// - Throws: `io_error` when the rename fails.
    func commit() throws(ModelRuntimeError) {
        guard let path, let temporary else { return }
        close(descriptor)
        committed = true
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ModelRuntimeError(.ioError, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Batches read on a thread of their own while the caller scores the previous one (two in flight at most), so
/// parsing and scoring overlap on two cores.
final class BatchPipeline: @unchecked Sendable {
    // Invariant: `items`, `finished` and `cancelled` are only touched while `condition` is locked.
    private let condition = NSCondition()
    private var items: [FeatureMatrix] = []
    private var failure: ModelRuntimeError?
    private var finished = false
    private var cancelled = false

    /// Calls `body` with each batch of `rows`, reading ahead on another thread when `parallel`.
    ///
    /// - Throws: the reader's error, or `body`'s.
    static func forEach(
        _ rows: FeatureRowReader, maxRows: Int, parallel: Bool, _ body: (FeatureMatrix) throws -> Void
    ) throws {
        guard parallel else {
            while let batch = try rows.next(maxRows: maxRows) { try body(batch) }
            return
        }
        let pipeline = BatchPipeline()
        let reader = UncheckedBox(rows)
        let thread = Thread {
            while true {
                do throws(ModelRuntimeError) {
                    guard let batch = try reader.value.next(maxRows: maxRows) else { break }
                    guard pipeline.put(batch) else { return }
                } catch {
                    pipeline.finish(error)
                    return
                }
            }
            pipeline.finish(nil)
        }
        thread.stackSize = 1 << 20
        thread.start()
        defer { pipeline.cancel() }
        while let batch = try pipeline.take() { try body(batch) }
    }

    private func put(_ batch: FeatureMatrix) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= 2 && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(batch)
        condition.broadcast()
        return true
    }

    private func finish(_ error: ModelRuntimeError?) {
        condition.lock()
        failure = error
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func take() throws(ModelRuntimeError) -> FeatureMatrix? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if !items.isEmpty {
            let batch = items.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}

/// A reader handed to the one thread that uses it from then on.
private final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
