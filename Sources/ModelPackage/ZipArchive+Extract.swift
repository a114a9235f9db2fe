public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ZipArchive {
    /// Writes every file and folder of the archive below `directory`, never anywhere else.
    ///
    /// `directory` is created when missing (its parent must exist). Below it, each path component is opened
    /// relative to its parent with `O_NOFOLLOW`, so a symbolic link already present in the destination is never
    /// followed; files are created with `O_CREAT | O_EXCL | O_NOFOLLOW` (an existing file is never overwritten) and
    /// mode 0644, folders with mode 0755. Ignored entries (`ignoredEntries`) are skipped. Entries are inflated with
    /// the same bounds and CRC-32 check as `data(for:)`, streaming to disk in 64 KiB chunks. On any failure,
    /// everything this call created is removed, including `directory` itself if it created it.
    ///
    /// - Parameter directory: a file URL of the destination folder.
    /// - Throws: the errors of `data(for:)`; `io_error` when the destination cannot be created or written, already
    ///   holds one of the archive's files, or has a symbolic link or file where a folder must go.
    public func extract(to directory: URL) throws(ModelPackageError) {
        var writer = try ExtractionWriter(root: directory.path)
        do throws(ModelPackageError) {
            for entry in entries {
                let components = EntryName(Array(entry.name.utf8)).components
                if entry.isDirectory {
                    _ = try writer.folder(components)
                    continue
                }
                // Invariant: the parser refused file names without components.
                let parent = try writer.folder(Array(components.dropLast()))
                try writer.file(components, in: parent, entry: entry) { fd throws(ModelPackageError) in
                    try stream(entry) { chunk throws(ModelPackageError) in
                        try ExtractionWriter.writeAll(fd, chunk, path: entry.name)
                    }
                }
            }
            writer.finish()
        } catch {
            writer.removeCreated()
            throw error
        }
    }
}

/// Creates folders and files below a root with `*at` calls, remembering what it created for clean-up.
struct ExtractionWriter {
    let root: String
    let rootFD: Int32
    let createdRoot: Bool
    /// Open descriptors of folders below the root, by relative path ("" is the root).
    var folders: [String: Int32] = [:]
    /// Relative paths created, in order, and whether each is a folder.
    var created: [(path: String, isFolder: Bool)] = []

    init(root: String) throws(ModelPackageError) {
        self.root = root
        var made = mkdir(root, 0o755) == 0
        if !made && errno != EEXIST {
            throw ModelPackageError(
                .io, "cannot create the destination folder \(root); check that its parent exists and is writable",
                cause: SystemCallError("mkdir"))
        }
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            let cause = SystemCallError("open")
            if made { rmdir(root) }
            made = false
            throw ModelPackageError(.io, "the destination \(root) is not a folder; pass a folder path", cause: cause)
        }
        rootFD = fd
        createdRoot = made
        folders[""] = fd
    }

    /// Opens (creating when missing) the folder at `components` below the root, without following links.
    mutating func folder(_ components: [String]) throws(ModelPackageError) -> Int32 {
        var path = ""
        // Invariant: folders[""] is set in init and never removed before finish().
        var fd = folders[""]!
        for component in components {
            path = path.isEmpty ? component : path + "/" + component
            if let open = folders[path] {
                fd = open
                continue
            }
            if mkdirat(fd, component, 0o755) == 0 {
                created.append((path, true))
            } else if errno != EEXIST {
                throw ModelPackageError(
                    .io, entry: path, "cannot create the folder \(path) below \(root)",
                    cause: SystemCallError("mkdirat"))
            }
            let child = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else {
                throw ModelPackageError(
                    .io, entry: path,
                    "\(root)/\(path) already exists and is a symbolic link or a file, not a folder; extract into an "
                        + "empty folder", cause: SystemCallError("openat"))
            }
            folders[path] = child
            fd = child
        }
        return fd
    }

    /// Creates the file `components.last` in `parent` (exclusive, no links, mode 0644) and lets `fill` write it.
    mutating func file(
        _ components: [String], in parent: Int32, entry: ZipEntry,
        fill: (Int32) throws(ModelPackageError) -> Void
    ) throws(ModelPackageError) {
        let path = components.joined(separator: "/")
        // Invariant: the parser refused file names without components.
        let name = components.last!
        let fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ModelPackageError(
                .io, entry: entry.name,
                "cannot create \(root)/\(path): it already exists (or is a link) or the folder is not writable; "
                    + "extract into an empty folder", cause: SystemCallError("openat"))
        }
        created.append((path, false))
        defer { close(fd) }
        fchmod(fd, 0o644)  // The umask may have narrowed the mode given to openat.
        try fill(fd)
    }

    static func writeAll(_ fd: Int32, _ chunk: UnsafeBufferPointer<UInt8>, path: String) throws(ModelPackageError) {
        var offset = 0
        while offset < chunk.count {
            // Invariant: offset < chunk.count, so the buffer is non-empty and has a base address.
            let n = write(fd, chunk.baseAddress! + offset, chunk.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw ModelPackageError(
                    .io, entry: path, "cannot write \(path) (disk full?)", cause: SystemCallError("write"))
            }
            offset += n
        }
    }

    /// Closes the folder descriptors.
    mutating func finish() {
        for fd in folders.values { close(fd) }
        folders = [:]
    }

    /// Removes everything this writer created, newest first, then closes the descriptors.
    mutating func removeCreated() {
        for item in created.reversed() {
            let slash = item.path.lastIndex(of: "/")
            let parentPath = slash.map { String(item.path[..<$0]) } ?? ""
            let name = slash.map { String(item.path[item.path.index(after: $0)...]) } ?? item.path
            guard let parent = folders[parentPath] else { continue }
            unlinkat(parent, name, item.isFolder ? AT_REMOVEDIR : 0)
        }
        finish()
        if createdRoot { rmdir(root) }
    }
}
