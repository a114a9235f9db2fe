public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a deployment package comes from: an opened ZIP archive or an extracted folder.
public enum PackageSource: Sendable {
    /// A ZIP archive; files may sit at its root or under one top-level folder (`commonTopLevelFolder`).
    case archive(ZipArchive)
    /// An extracted package folder.
    case folder(URL)

    /// Reads every file of the package.
    ///
    /// Archive entries are read with the archive's own limits (CRC-checked, bounded inflation). Folders are read
    /// with the same limits: at most `maxEntries` files, each at most `maxEntryBytes` and together at most
    /// `maxTotalUncompressedBytes`; symbolic links (anywhere below the folder) and anything but regular files and
    /// folders are refused, and files are opened with `O_NOFOLLOW` so a link swapped in after listing is refused too.
    ///
    /// - Parameter limits: limits for folders (archives use the limits they were opened with).
    /// - Returns: the files by name, relative to the package root; entries that could not be read are listed in
    ///   `unreadable` rather than thrown, so the validator can report them with everything else.
    /// - Throws: `ModelPackageError` for a folder that cannot be listed, holds a symbolic link or special file, or
    ///   exceeds a limit (`io_error`, `unsafe_zip_entry`, `too_large`).
    public func contents(limits: ZipLimits = .default) throws(ModelPackageError) -> PackageContents {
        switch self {
        case .archive(let archive): return PackageContents(archive: archive)
        case .folder(let url): return try PackageContents(folder: url, limits: limits)
        }
    }
}

/// The files of a deployment package by name (relative to the package root, `/`-separated), with their bytes.
public struct PackageContents: Sendable {
    /// How the package was laid out.
    public enum Layout: String, Sendable, Codable {
        /// A ZIP with the files at its root.
        case zip
        /// A ZIP with every file under one top-level folder.
        case nestedZip = "nested_zip"
        /// An extracted folder.
        case folder
    }

    /// Every readable file, by name.
    public var files: [String: [UInt8]]
    /// Files that are listed but could not be read, with the reason (e.g. a CRC-32 mismatch).
    public var unreadable: [String: ModelPackageError]
    /// The layout.
    public var layout: Layout
    /// The top-level folder stripped from archive entry names (with its trailing `/`), if any.
    public var rootFolder: String?

    /// Creates contents from files in memory (tests, uploads already unpacked).
    public init(files: [String: [UInt8]], layout: Layout = .folder) {
        self.files = files
        self.unreadable = [:]
        self.layout = layout
        self.rootFolder = nil
    }

    /// The names of the readable files, sorted.
    public var names: [String] { files.keys.sorted() }

    /// The bytes of one file, if present and readable.
    public subscript(name: String) -> [UInt8]? { files[name] }

    init(archive: ZipArchive) {
        let prefix = archive.commonTopLevelFolder ?? ""
        var files: [String: [UInt8]] = [:]
        var unreadable: [String: ModelPackageError] = [:]
        for entry in archive.entries where !entry.isDirectory {
            let name = String(entry.name.dropFirst(prefix.count))
            do { files[name] = try archive.data(for: entry) } catch { unreadable[name] = error }
        }
        self.files = files
        self.unreadable = unreadable
        self.layout = prefix.isEmpty ? .zip : .nestedZip
        self.rootFolder = prefix.isEmpty ? nil : prefix
    }

    init(folder: URL, limits: ZipLimits) throws(ModelPackageError) {
        var files: [String: [UInt8]] = [:]
        var total = 0
        var pending: [String] = [""]
        var count = 0
        let root = folder.path
        while let relative = pending.popLast() {
            let dir = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted() } catch {
                throw ModelPackageError(
                    .io, "cannot list the package folder \(dir); check the path and its permissions",
                    cause: error)
            }
            for name in names {
                let rel = relative.isEmpty ? name : relative + "/" + name
                let path = root + "/" + rel
                count += 1
                guard count <= limits.maxEntries else {
                    throw ModelPackageError(
                        .tooLarge,
                        "the package folder \(root) holds more than \(limits.maxEntries) entries; remove unneeded "
                            + "files or raise ZipLimits.maxEntries")
                }
                var info = stat()
                guard lstat(path, &info) == 0 else {
                    throw ModelPackageError(.io, entry: rel, "cannot stat \(path)", cause: SystemCallError("lstat"))
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(rel)
                case S_IFREG:
                    let bytes = try Self.readRegular(path, entry: rel, limit: limits.maxEntryBytes)
                    total += bytes.count
                    guard total <= limits.maxTotalUncompressedBytes else {
                        throw ModelPackageError(
                            .tooLarge,
                            "the files of \(root) add up to more than \(limits.maxTotalUncompressedBytes) bytes; "
                                + "remove unneeded files or raise ZipLimits.maxTotalUncompressedBytes")
                    }
                    files[rel] = bytes
                case S_IFLNK:
                    throw ModelPackageError(
                        .unsafeZipEntry, entry: rel,
                        "\(rel) in the package folder is a symbolic link, which could point outside the package; "
                            + "replace it with the file itself")
                default:
                    throw ModelPackageError(
                        .unsafeZipEntry, entry: rel,
                        "\(rel) in the package folder is not a regular file or folder; remove it")
                }
            }
        }
        self.files = files
        self.unreadable = [:]
        self.layout = .folder
        self.rootFolder = nil
    }

    static func readRegular(_ path: String, entry: String, limit: Int) throws(ModelPackageError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            throw ModelPackageError(
                .io, entry: entry, "cannot open \(path) (a symbolic link is refused)", cause: SystemCallError("open"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ModelPackageError(.io, entry: entry, "\(path) is not a regular file; remove it from the package")
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw ModelPackageError(
                .tooLarge, entry: entry,
                "\(entry) is \(size) bytes, above the limit of \(limit) bytes; remove it or raise "
                    + "ZipLimits.maxEntryBytes")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            // Invariant: filled < size, so the buffer is non-empty and has a base address.
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, size - filled) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw ModelPackageError(.io, entry: entry, "cannot read \(path)", cause: SystemCallError("read"))
            }
            if n == 0 { break }
            filled += n
        }
        var extra: UInt8 = 0
        guard filled == size, read(fd, &extra, 1) == 0 else {
            throw ModelPackageError(.io, entry: entry, "\(path) changed size while being read; retry once it is complete")
        }
        return bytes
    }
}
