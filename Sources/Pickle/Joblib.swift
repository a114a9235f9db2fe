import Foundation

/// The result of reading a joblib (or plain pickle) file: the value tree and how it was stored.
public struct JoblibFile: Sendable {
    /// The unpickled value (for a model file: the estimator object).
    public var root: PickleValue
    /// How the file was compressed.
    public var compression: Compression
    /// Size of the file on disk.
    public var fileSize: Int
    /// Size of the decompressed pickle stream.
    public var streamSize: Int
    /// Protocol, referenced globals, inline arrays.
    public var stream: PickleStreamInfo
}

/// Reads joblib files — and plain pickles — without executing anything.
///
/// ```swift
/// let policy = GlobalPolicy.numpyAndJoblib.adding(classes: [GlobalName("sklearn.ensemble._iforest", "IsolationForest")])
/// let file = try Joblib.load(path: "model.joblib", policy: policy)
/// print(file.root["n_estimators"]?.intValue ?? 0)
/// ```
public enum Joblib {
    /// Reads a file from disk.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - policy: The globals the file may reference.
    ///   - limits: Resource limits.
    /// - Throws: `PickleError` naming the problem, with the byte offset where known.
    public static func load(
        path: String, policy: GlobalPolicy, limits: PickleLimits = .default
    ) throws(PickleError) -> JoblibFile {
        let bytes = try readFile(path, limit: limits.maxDecompressedBytes)
        return try load(bytes: bytes, policy: policy, limits: limits)
    }

    /// Reads a whole file into one buffer (no intermediate `Data` copy), refusing files above `limit`.
    static func readFile(_ path: String, limit: Int) throws(PickleError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw PickleError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var info = stat()
        guard fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw PickleError(.io, "cannot read \(path): not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw PickleError(.limitExceeded, "\(path) is \(size) bytes, above the \(limit)-byte limit")
        }
        var read = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            read = size == 0 ? 0 : fread(buffer.baseAddress, 1, size, file)
            initialized = read
        }
        guard read == size else { throw PickleError(.io, "cannot read \(path): short read (\(read) of \(size) bytes)") }
        return bytes
    }

    /// Reads joblib or pickle bytes.
    ///
    /// - Throws: `PickleError` naming the problem, with the byte offset where known.
    public static func load(
        bytes: [UInt8], policy: GlobalPolicy, limits: PickleLimits = .default
    ) throws(PickleError) -> JoblibFile {
        let compression = try Compression.detect(bytes)
        let stream = try compression.decompress(bytes, limit: limits.maxDecompressedBytes)
        let (root, info) = try Unpickler(policy: policy, limits: limits).loadWithInfo(stream)
        return JoblibFile(
            root: root, compression: compression, fileSize: bytes.count, streamSize: stream.count, stream: info)
    }
}

/// Runs one pickle stream through the safe machine.
public struct Unpickler: Sendable {
    /// The globals the stream may reference.
    public var policy: GlobalPolicy
    /// Resource limits.
    public var limits: PickleLimits
    /// Out-of-band buffers for protocol 5's NEXT_BUFFER, in order.
    public var buffers: [[UInt8]]

    /// Creates an unpickler.
    public init(policy: GlobalPolicy, limits: PickleLimits = .default, buffers: [[UInt8]] = []) {
        self.policy = policy
        self.limits = limits
        self.buffers = buffers
    }

    /// Unpickles a stream (joblib's inline arrays included) into a value tree.
    public func load(_ stream: [UInt8]) throws(PickleError) -> PickleValue {
        try loadWithInfo(stream).0
    }

    /// Unpickles a stream and reports its protocol and referenced globals.
    public func loadWithInfo(_ stream: [UInt8]) throws(PickleError) -> (PickleValue, PickleStreamInfo) {
        try stream.withUnsafeBufferPointer { (buffer) throws(PickleError) -> (PickleValue, PickleStreamInfo) in
            var machine = PickleMachine(
                bytes: buffer, start: 0, policy: policy, limits: limits, buffers: buffers,
                budget: ByteBudget(limit: limits.maxTotalBytes), embeddingLevel: 0)
            let top = try machine.run()
            var freezer = ValueFreezer(limits: limits, arena: machine.arena)
            let value = try freezer.freeze(top)
            return (value, machine.info)
        }
    }
}
