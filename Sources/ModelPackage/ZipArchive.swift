public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ZIP archive from an untrusted source (a deployment package), parsed and validated before any entry is read.
///
/// Opening an archive reads only its structure: the end-of-central-directory record (ZIP64 included), the central
/// directory and every local file header. Every entry is checked (safe relative name, no symbolic link, no
/// encryption, supported method, sizes within `ZipLimits`, plausible compression ratio, local header agreeing with
/// the central directory, no overlap with other entries) and all problems are reported together in one
/// `ModelPackageError`. Reading an entry inflates at most its declared size and verifies its CRC-32.
///
/// ```swift
/// let archive = try ZipArchive(contentsOf: URL(fileURLWithPath: "model_20241201_143022_deployment.zip"))
/// let prefix = archive.commonTopLevelFolder ?? ""
/// if let manifest = archive.entry(named: prefix + "deployment_manifest.json") {
///     let json = try archive.data(for: manifest)
/// }
/// ```
public struct ZipArchive: Sendable {
    /// The entries to use, in central-directory order: files and folders, without the ignored macOS entries.
    public let entries: [ZipEntry]
    /// Names of entries set aside as operating-system debris: anything under `__MACOSX/` and `.DS_Store` files.
    /// They passed the same safety checks; `data(for:)` and `extract(to:)` skip them.
    public let ignoredEntries: [String]
    /// The folder (with its trailing `/`) under which every file of the archive sits, e.g.
    /// `model_20241201_143022_deployment/`, or nil when files sit at the root or under several folders.
    /// Callers that accept both package layouts strip this prefix from entry names.
    public let commonTopLevelFolder: String?
    /// The limits the archive was checked against; reading applies them again.
    public let limits: ZipLimits
    /// The whole archive.
    let bytes: [UInt8]

    /// Opens an archive held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the archive's bytes.
    ///   - limits: resource limits; see `ZipLimits`.
    /// - Throws: `ModelPackageError` with code `empty_file`, `not_a_zip`, `too_large`, `unsupported_zip`,
    ///   `corrupt_zip`, `unsafe_zip_entry` or `zip_bomb`; entry problems are all listed in `issues`.
    public init(bytes: [UInt8], limits: ZipLimits = .default) throws(ModelPackageError) {
        guard !bytes.isEmpty else {
            throw ModelPackageError(.emptyFile, "the archive is empty (0 bytes); upload the deployment package again")
        }
        guard bytes.count <= limits.maxArchiveBytes else {
            throw ModelPackageError(
                .tooLarge,
                "the archive is \(bytes.count) bytes, above the limit of \(limits.maxArchiveBytes) bytes; "
                    + "remove unneeded files from the package or raise ZipLimits.maxArchiveBytes")
        }
        let parsed = try CentralDirectoryParser(bytes: bytes, limits: limits).parse()
        self.bytes = bytes
        self.limits = limits
        self.entries = parsed.entries
        self.ignoredEntries = parsed.ignored
        self.commonTopLevelFolder = Self.topLevelFolder(of: parsed.entries)
    }

    /// Opens an archive file, reading at most `limits.maxArchiveBytes` bytes.
    ///
    /// - Parameters:
    ///   - url: a file URL.
    ///   - limits: resource limits; see `ZipLimits`.
    /// - Throws: `io_error` when the file cannot be read or is not a regular file, `too_large` when it is bigger than
    ///   the limit (checked before reading), and every error of `init(bytes:limits:)`.
    public init(contentsOf url: URL, limits: ZipLimits = .default) throws(ModelPackageError) {
        try self.init(bytes: Self.readFile(url.path, limit: limits.maxArchiveBytes), limits: limits)
    }

    /// The entry (file or folder) with exactly this name, if any.
    public func entry(named name: String) -> ZipEntry? {
        entries.first { $0.name == name }
    }

    static func topLevelFolder(of entries: [ZipEntry]) -> String? {
        guard let firstFile = entries.first(where: { !$0.isDirectory }),
            let slash = firstFile.name.firstIndex(of: "/")
        else { return nil }
        let prefix = String(firstFile.name[...slash])
        let all = entries.allSatisfy { entry in
            entry.name.hasPrefix(prefix) && (entry.isDirectory || entry.name.utf8.count > prefix.utf8.count)
        }
        return all ? prefix : nil
    }

    static func readFile(_ path: String, limit: Int) throws(ModelPackageError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ModelPackageError(
                .io, "cannot open the archive \(path); check the path", cause: SystemCallError("open"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw ModelPackageError(.io, "cannot stat the archive \(path)", cause: SystemCallError("fstat"))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ModelPackageError(.io, "\(path) is not a regular file; pass the path of the .zip file")
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw ModelPackageError(
                .tooLarge,
                "the archive \(path) is \(size) bytes, above the limit of \(limit) bytes; remove unneeded files "
                    + "from the package or raise ZipLimits.maxArchiveBytes")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            // Invariant: filled < size, so the buffer is non-empty and has a base address.
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, size - filled) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw ModelPackageError(.io, "cannot read the archive \(path)", cause: SystemCallError("read"))
            }
            if n == 0 { break }
            filled += n
        }
        var extra: UInt8 = 0
        guard filled == size, read(fd, &extra, 1) == 0 else {
            throw ModelPackageError(.io, "the archive \(path) changed size while being read; retry once it is complete")
        }
        return bytes
    }
}
