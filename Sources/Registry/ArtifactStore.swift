public import Foundation
import ModelPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where package files live, content-addressed by SHA256: identical bytes are stored once whichever version or
/// file name refers to them. The ``RegistryStore`` records which versions reference which digests; this protocol
/// only holds the blobs.
///
/// Implementations must make ``put(_:)`` atomic: after a crash an object is either absent or whole.
public protocol ArtifactStore: Sendable {
    /// Stores bytes under their SHA256.
    ///
    /// - Returns: the digest, the size and whether the object was new (false when identical bytes were stored).
    /// - Throws: `storage_error` when the bytes cannot be written.
    func put(_ bytes: [UInt8]) async throws(RegistryError) -> StoredArtifact

    /// Stores a file written elsewhere (e.g. an upload spooled to disk), consuming it: the file is moved into place
    /// when possible, else copied and removed.
    ///
    /// - Throws: `storage_error` when the file cannot be read or stored.
    func put(stagedFile: URL) async throws(RegistryError) -> StoredArtifact

    /// Whether an object with this digest is stored.
    func contains(_ sha256: String) async -> Bool

    /// The bytes of an object, checked against its digest.
    ///
    /// - Throws: `storage_error` when the object is absent, unreadable or does not match its digest;
    ///   `invalid_record` for a malformed digest.
    func read(_ sha256: String) async throws(RegistryError) -> [UInt8]

    /// Removes objects; absent ones are ignored. Callers remove only digests no version references.
    ///
    /// - Returns: the digests that were present and are now removed.
    @discardableResult
    func remove(_ sha256: [String]) async throws(RegistryError) -> [String]

    /// Every stored digest, sorted.
    func digests() async throws(RegistryError) -> [String]

    /// Removes what an interrupted write left behind (temporary files).
    ///
    /// - Returns: how many leftovers were removed.
    @discardableResult
    func cleanLeftovers() async throws(RegistryError) -> Int
}

/// The result of ``ArtifactStore/put(_:)``.
public struct StoredArtifact: Sendable, Hashable {
    /// SHA256, 64 lowercase hex digits.
    public var sha256: String
    /// Size in bytes.
    public var size: Int
    /// Whether this call created the object (false when it was already stored).
    public var created: Bool

    /// Creates a result.
    public init(sha256: String, size: Int, created: Bool) {
        self.sha256 = sha256
        self.size = size
        self.created = created
    }
}

/// An ``ArtifactStore`` in a directory: `objects/<first 2 hex digits>/<sha256>`, written through `tmp/`.
///
/// Every write goes to `tmp/<uuid>`, is fsynced, renamed into `objects/` and the directory fsynced, so a crash
/// leaves either no object or a whole one, plus perhaps a temporary file that ``cleanLeftovers()`` removes.
///
/// ```swift
/// let artifacts = FileArtifactStore(root: dataDirectory.appendingPathComponent("artifacts"))
/// let stored = try await artifacts.put(modelBytes)
/// ```
public struct FileArtifactStore: ArtifactStore {
    /// The store's directory.
    public let root: URL

    /// Creates a store in `root`; directories are created on first write.
    public init(root: URL) {
        self.root = root
    }

    var objectsPath: String { root.appendingPathComponent("objects").path }
    var tmpPath: String { root.appendingPathComponent("tmp").path }

    /// The path of an object, whether or not it exists.
    public func path(of sha256: String) -> String {
        objectsPath + "/" + String(sha256.prefix(2)) + "/" + sha256
    }

    /// See ``ArtifactStore/put(_:)``.
    public func put(_ bytes: [UInt8]) async throws(RegistryError) -> StoredArtifact {
        let digest = PackageValidator.sha256Hex(bytes)
        let target = path(of: digest)
        if FileManager.default.fileExists(atPath: target) {
            return StoredArtifact(sha256: digest, size: bytes.count, created: false)
        }
        try makeDirectory(tmpPath)
        let staged = tmpPath + "/" + UUID().uuidString
        do {
            try Self.writeSynced(bytes, to: staged)
            try install(staged, digest: digest)
        } catch {
            unlink(staged)
            throw error
        }
        return StoredArtifact(sha256: digest, size: bytes.count, created: true)
    }

    /// See ``ArtifactStore/put(stagedFile:)``.
    public func put(stagedFile: URL) async throws(RegistryError) -> StoredArtifact {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: stagedFile)) } catch {
            throw RegistryError(
                .storage, "cannot read the staged file \(stagedFile.path); check it exists and is readable",
                cause: error)
        }
        let digest = PackageValidator.sha256Hex(bytes)
        defer { unlink(stagedFile.path) }
        if FileManager.default.fileExists(atPath: path(of: digest)) {
            return StoredArtifact(sha256: digest, size: bytes.count, created: false)
        }
        // Moving keeps one copy; across file systems rename fails (EXDEV) and the bytes are written instead.
        let fd = open(stagedFile.path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            let synced = fsync(fd) == 0
            close(fd)
            if synced, (try? install(stagedFile.path, digest: digest)) != nil {
                return StoredArtifact(sha256: digest, size: bytes.count, created: true)
            }
        }
        return try await put(bytes)
    }

    /// See ``ArtifactStore/contains(_:)``.
    public func contains(_ sha256: String) async -> Bool {
        Artifact.isDigest(sha256) && FileManager.default.fileExists(atPath: path(of: sha256))
    }

    /// See ``ArtifactStore/read(_:)``.
    public func read(_ sha256: String) async throws(RegistryError) -> [UInt8] {
        try Self.checkDigest(sha256)
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(of: sha256)))) } catch {
            throw RegistryError(
                .storage, "artifact \(sha256) cannot be read from \(root.path); re-import the version that uses it",
                cause: error)
        }
        guard PackageValidator.sha256Hex(bytes) == sha256 else {
            throw RegistryError(
                .storage,
                "artifact \(sha256) in \(root.path) does not match its digest (damaged on disk); re-import the "
                    + "version that uses it")
        }
        return bytes
    }

    /// See ``ArtifactStore/remove(_:)``.
    @discardableResult
    public func remove(_ sha256: [String]) async throws(RegistryError) -> [String] {
        var removed: [String] = []
        var touched = Set<String>()
        for digest in Set(sha256).sorted() {
            try Self.checkDigest(digest)
            let target = path(of: digest)
            if unlink(target) == 0 {
                removed.append(digest)
                touched.insert(String(digest.prefix(2)))
            } else if errno != ENOENT {
                throw RegistryError(.storage, "cannot remove artifact \(target)", cause: SystemCallError(nil))
            }
        }
        for shard in touched.sorted() { Self.syncDirectory(objectsPath + "/" + shard) }
        return removed
    }

    /// See ``ArtifactStore/digests()``.
    public func digests() async throws(RegistryError) -> [String] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: objectsPath) else { return [] }
        var out: [String] = []
        do {
            for shard in try fm.contentsOfDirectory(atPath: objectsPath) {
                for name in try fm.contentsOfDirectory(atPath: objectsPath + "/" + shard)
                where Artifact.isDigest(name) && name.hasPrefix(shard) {
                    out.append(name)
                }
            }
        } catch {
            throw RegistryError(.storage, "cannot list the artifacts in \(objectsPath)", cause: error)
        }
        return out.sorted()
    }

    /// See ``ArtifactStore/cleanLeftovers()``.
    @discardableResult
    public func cleanLeftovers() async throws(RegistryError) -> Int {
        let fm = FileManager.default
        guard fm.fileExists(atPath: tmpPath) else { return 0 }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: tmpPath) } catch {
            throw RegistryError(.storage, "cannot list \(tmpPath)", cause: error)
        }
        var count = 0
        for name in names where unlink(tmpPath + "/" + name) == 0 { count += 1 }
        return count
    }

    /// Renames a synced file to its object path and makes the rename durable.
    private func install(_ staged: String, digest: String) throws(RegistryError) {
        let shard = objectsPath + "/" + String(digest.prefix(2))
        try makeDirectory(shard)
        guard rename(staged, path(of: digest)) == 0 else {
            throw RegistryError(
                .storage, "cannot move \(staged) to \(path(of: digest))", cause: SystemCallError(nil))
        }
        Self.syncDirectory(shard)
    }

    private func makeDirectory(_ path: String) throws(RegistryError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw RegistryError(
                .storage, "cannot create the directory \(path); check the data directory's permissions",
                cause: error)
        }
        // The new directory's entry in its parent must survive a crash too.
        Self.syncDirectory((path as NSString).deletingLastPathComponent)
    }

    static func writeSynced(_ bytes: [UInt8], to path: String) throws(RegistryError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RegistryError(.storage, "cannot create \(path)", cause: SystemCallError(nil))
        }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                // Invariant: written < count, so the buffer is non-empty and has a base address.
                write(fd, buffer.baseAddress! + written, bytes.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw RegistryError(.storage, "cannot write \(path)", cause: SystemCallError(nil))
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            throw RegistryError(.storage, "cannot fsync \(path)", cause: SystemCallError(nil))
        }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func checkDigest(_ sha256: String) throws(RegistryError) {
        guard Artifact.isDigest(sha256) else {
            throw RegistryError(
                .invalidRecord, "'\(sha256)' is not a SHA256 digest; give 64 lowercase hex digits")
        }
    }
}
