/// Reads and validates an archive's structure: end record, central directory, local headers (APPNOTE 4.3).
///
/// Structural damage that makes the rest unreadable (no end record, a central directory outside the file) throws
/// at once; problems of individual entries are collected so that all of them are reported together.
struct CentralDirectoryParser {
    let bytes: [UInt8]
    let limits: ZipLimits

    /// Where the central directory is, from the (ZIP64) end record.
    struct Directory {
        var entryCount: Int
        var offset: Int
        var size: Int
        /// First byte after the central directory that belongs to the end records.
        var endRecordsStart: Int
    }

    /// A central-directory record before validation.
    struct Record {
        var index: Int
        var name: EntryName
        var versionMadeBy: Int
        var flags: Int
        var method: Int
        var crc32: Int
        var compressedSize: Int
        var uncompressedSize: Int
        var diskStart: Int
        var externalAttributes: Int
        var localHeaderOffset: Int
    }

    func parse() throws(ModelPackageError) -> (entries: [ZipEntry], ignored: [String]) {
        let directory = try locateDirectory()
        let records = try readRecords(directory)
        var issues: [ModelPackageError.Issue] = []
        var entries: [ZipEntry] = []
        var ignored: [String] = []
        var ranges: [(start: Int, end: Int, name: EntryName)] = []
        var total = 0
        var safeNames: [(EntryName, Bool)] = []  // (name, is ignorable) for the collision check
        for record in records {
            let before = issues.count
            let unsafe = unsafeReasons(record)
            let name = record.name.display
            if !unsafe.isEmpty {
                issues.append(
                    .init(
                        .unsafeZipEntry, entry: record.name.escaped,
                        "entry \(name) is unsafe: \(unsafe.joined(separator: "; ")); rebuild the package from "
                            + "a folder of regular files with relative names "
                            + "(e.g. cd model_dir && zip -r ../package.zip .)"
                    ))
            } else {
                safeNames.append((record.name, record.name.isIgnorable))
            }
            issues += sizeIssues(record, directory: directory)
            let sum = total.addingReportingOverflow(record.uncompressedSize)
            total = sum.overflow ? Int.max : sum.partialValue
            guard issues.count == before else { continue }
            switch localHeader(record, directory: directory) {
            case .issue(let issue): issues.append(issue)
            case .dataOffset(let dataOffset):
                ranges.append((record.localHeaderOffset, dataOffset + record.compressedSize, record.name))
                let entry = ZipEntry(
                    name: record.name.string,
                    // Invariant: sizeIssues refused every other method, and this record has no issue.
                    method: ZipEntry.Method(rawValue: UInt16(record.method))!,
                    compressedSize: record.compressedSize, uncompressedSize: record.uncompressedSize,
                    crc32: UInt32(truncatingIfNeeded: record.crc32), localHeaderOffset: record.localHeaderOffset,
                    flags: UInt16(truncatingIfNeeded: record.flags),
                    externalAttributes: UInt32(truncatingIfNeeded: record.externalAttributes),
                    hostSystem: UInt8(truncatingIfNeeded: record.versionMadeBy >> 8),
                    isDirectory: record.name.isDirectory, index: record.index, dataOffset: dataOffset)
                if record.name.isIgnorable { ignored.append(entry.name) } else { entries.append(entry) }
            }
        }
        if total > limits.maxTotalUncompressedBytes {
            issues.append(
                .init(
                    .zipBomb,
                    "the entries inflate to \(total) bytes in total, above the limit of "
                        + "\(limits.maxTotalUncompressedBytes) bytes; this looks like a zip bomb, or raise "
                        + "ZipLimits.maxTotalUncompressedBytes for a genuinely large package"))
        }
        issues += overlapIssues(ranges)
        issues += collisionIssues(safeNames.filter { !$0.1 }.map(\.0))
        guard issues.isEmpty else { throw ModelPackageError(issues: issues) }
        return (entries, ignored)
    }

    func corrupt(_ message: String, entry: String? = nil) -> ModelPackageError {
        ModelPackageError(.corruptZip, entry: entry, message)
    }

    // MARK: Central directory

    func readRecords(_ directory: Directory) throws(ModelPackageError) -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(directory.entryCount)  // bounded by limits.maxEntries
        var p = directory.offset
        let end = directory.offset + directory.size
        for index in 0..<directory.entryCount {
            guard p + 46 <= end, bytes.hasSignature(Signature.centralHeader, at: p) else {
                throw corrupt(
                    "central directory record \(index + 1) of \(directory.entryCount) at offset \(p) is missing or "
                        + "damaged; the archive is corrupt, build it again")
            }
            // Invariant: p + 46 <= end <= bytes.count, so every fixed field below is in range.
            let nameLength = bytes.u16(at: p + 28)!
            let extraLength = bytes.u16(at: p + 30)!
            let commentLength = bytes.u16(at: p + 32)!
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= end else {
                throw corrupt(
                    "central directory record \(index + 1) at offset \(p) runs past the end of the directory; the "
                        + "archive is corrupt, build it again")
            }
            let name = EntryName(Array(bytes[(p + 46)..<(p + 46 + nameLength)]))
            var record = Record(
                index: index, name: name, versionMadeBy: bytes.u16(at: p + 4)!, flags: bytes.u16(at: p + 8)!,
                method: bytes.u16(at: p + 10)!, crc32: bytes.u32(at: p + 16)!,
                compressedSize: bytes.u32(at: p + 20)!, uncompressedSize: bytes.u32(at: p + 24)!,
                diskStart: bytes.u16(at: p + 34)!, externalAttributes: bytes.u32(at: p + 38)!,
                localHeaderOffset: bytes.u32(at: p + 42)!)
            let extra = (p + 46 + nameLength)..<(p + 46 + nameLength + extraLength)
            guard let zip64 = Self.zip64Fields(bytes, in: extra, record: record, central: true) else {
                throw corrupt(
                    "entry \(name.display) has 0xFFFFFFFF sizes or offset but no complete ZIP64 extra field; the "
                        + "archive is corrupt, build it again", entry: name.escaped)
            }
            (record.uncompressedSize, record.compressedSize) = (zip64.uncompressed, zip64.compressed)
            (record.localHeaderOffset, record.diskStart) = (zip64.offset, zip64.disk)
            records.append(record)
            p = next
        }
        return records
    }

    /// Resolves the ZIP64 extended information extra field (id 0x0001, APPNOTE 4.5.3): each 8-byte value is present
    /// only when the corresponding header field holds its maximum. Nil when a needed value is missing.
    static func zip64Fields(_ bytes: [UInt8], in extra: Range<Int>, record: Record, central: Bool)
        -> (uncompressed: Int, compressed: Int, offset: Int, disk: Int)?
    {
        var values = (record.uncompressedSize, record.compressedSize, record.localHeaderOffset, record.diskStart)
        let needs = (
            record.uncompressedSize == 0xFFFF_FFFF, record.compressedSize == 0xFFFF_FFFF,
            central && record.localHeaderOffset == 0xFFFF_FFFF, central && record.diskStart == 0xFFFF
        )
        guard needs.0 || needs.1 || needs.2 || needs.3 else { return values }
        var p = extra.lowerBound
        while p + 4 <= extra.upperBound {
            // Invariant: p + 4 <= extra.upperBound <= bytes.count.
            let id = bytes.u16(at: p)!
            let size = bytes.u16(at: p + 2)!
            let body = p + 4
            guard body + size <= extra.upperBound else { return nil }
            if id == 1 {
                var q = body
                func next() -> Int? {
                    guard q + 8 <= body + size, let v = bytes.u64(at: q) else { return nil }
                    q += 8
                    return v
                }
                if needs.0 { guard let v = next() else { return nil }; values.0 = v }
                if needs.1 { guard let v = next() else { return nil }; values.1 = v }
                if needs.2 { guard let v = next() else { return nil }; values.2 = v }
                if needs.3 {
                    guard q + 4 <= body + size, let v = bytes.u32(at: q) else { return nil }
                    values.3 = v
                }
                return values
            }
            p = body + size
        }
        return nil
    }

    // MARK: Per-entry checks

    func unsafeReasons(_ record: Record) -> [String] {
        var reasons = record.name.problems(limits: limits)
        let host = record.versionMadeBy >> 8
        let mode = (record.externalAttributes >> 16) & 0xFFFF
        if host == 3 || host == 19 {  // Unix, OS X: the high 16 bits are st_mode.
            switch mode & 0o170000 {
            case 0, 0o100000, 0o040000: break
            case 0o120000:
                reasons.append(
                    "it is a symbolic link (mode \(String(mode, radix: 8))); packages hold regular files only, so "
                        + "zip without --symlinks / -y")
            default: reasons.append("it is a special file (mode \(String(mode, radix: 8))), not a regular file")
            }
        }
        if record.flags & 0x41 != 0 {
            reasons.append("it is encrypted; deployment packages must not be password-protected")
        }
        return reasons
    }

    func sizeIssues(_ record: Record, directory: Directory) -> [ModelPackageError.Issue] {
        var issues: [ModelPackageError.Issue] = []
        let name = record.name.display
        let entry = record.name.escaped
        if ZipEntry.Method(rawValue: UInt16(truncatingIfNeeded: record.method)) == nil {
            issues.append(
                .init(
                    .unsupportedZip, entry: entry,
                    "entry \(name) uses compression method \(record.method) (\(Self.methodName(record.method))), "
                        + "which this reader does not support; rebuild the package with deflate "
                        + "(zipfile.ZIP_DEFLATED, or zip's default)"))
        }
        if record.uncompressedSize > limits.maxEntryBytes {
            issues.append(
                .init(
                    .tooLarge, entry: entry,
                    "entry \(name) inflates to \(record.uncompressedSize) bytes, above the per-entry limit of "
                        + "\(limits.maxEntryBytes) bytes; shrink the file or raise ZipLimits.maxEntryBytes"))
        } else if record.uncompressedSize >= limits.compressionRatioThreshold,
            case let (bound, overflow) = record.compressedSize.multipliedReportingOverflow(
                by: limits.maxCompressionRatio),
            record.compressedSize == 0 || (!overflow && record.uncompressedSize > bound)
        {
            let ratio =
                record.compressedSize == 0 ? "unbounded" : "\(record.uncompressedSize / record.compressedSize):1"
            issues.append(
                .init(
                    .zipBomb, entry: entry,
                    "entry \(name) inflates from \(record.compressedSize) to \(record.uncompressedSize) bytes, a "
                        + "compression ratio of \(ratio) above the limit of \(limits.maxCompressionRatio):1; this "
                        + "looks like a zip bomb, or raise ZipLimits.maxCompressionRatio for genuinely "
                        + "repetitive data"))
        }
        if record.method == 0, record.flags & 1 == 0, record.compressedSize != record.uncompressedSize {
            issues.append(
                .init(
                    .corruptZip, entry: entry,
                    "entry \(name) is stored uncompressed but declares \(record.compressedSize) stored and "
                        + "\(record.uncompressedSize) uncompressed bytes; the archive is corrupt, build it again"))
        }
        if record.diskStart != 0 {
            issues.append(
                .init(
                    .corruptZip, entry: entry,
                    "entry \(name) claims to start on disk \(record.diskStart) of a single-disk archive; the "
                        + "archive is corrupt, build it again"))
        }
        if record.localHeaderOffset > directory.offset - 30 {
            issues.append(
                .init(
                    .corruptZip, entry: entry,
                    "entry \(name) has its local header at offset \(record.localHeaderOffset), outside the entry "
                        + "area (the central directory starts at \(directory.offset)); the archive is corrupt or "
                        + "truncated, build it again"))
        }
        return issues
    }

    static func methodName(_ method: Int) -> String {
        switch method {
        case 1: "shrink"
        case 6: "implode"
        case 9: "deflate64"
        case 12: "bzip2"
        case 14: "LZMA"
        case 93: "Zstandard"
        case 95: "xz"
        case 98: "PPMd"
        case 99: "AES encryption"
        default: "unknown"
        }
    }

    /// The outcome of `localHeader(_:directory:)`.
    enum LocalHeaderCheck {
        case dataOffset(Int)
        case issue(ModelPackageError.Issue)
    }

    /// Cross-checks the local file header (APPNOTE 4.3.7) and returns the offset of the entry's data.
    func localHeader(_ record: Record, directory: Directory) -> LocalHeaderCheck {
        let name = record.name.display
        let entry = record.name.escaped
        let p = record.localHeaderOffset
        func issue(_ what: String) -> LocalHeaderCheck {
            .issue(
                .init(
                    .corruptZip, entry: entry,
                    "entry \(name): \(what); the archive is corrupt or was tampered with, build it again"))
        }
        // Invariant: sizeIssues checked p + 30 <= directory.offset <= bytes.count.
        guard bytes.hasSignature(Signature.localHeader, at: p) else {
            return issue("no local file header at offset \(p)")
        }
        let flags = bytes.u16(at: p + 6)!
        let method = bytes.u16(at: p + 8)!
        let nameLength = bytes.u16(at: p + 26)!
        let extraLength = bytes.u16(at: p + 28)!
        let dataOffset = p + 30 + nameLength + extraLength
        guard dataOffset <= directory.offset else {
            return issue("the local header at offset \(p) runs into the central directory")
        }
        guard bytes[(p + 30)..<(p + 30 + nameLength)].elementsEqual(record.name.raw) else {
            let local = EntryName(Array(bytes[(p + 30)..<(p + 30 + nameLength)])).display
            return issue("the local header names it \(local)")
        }
        guard method == record.method else {
            return issue("the local header says method \(method), the central directory \(record.method)")
        }
        if flags & 0x08 == 0 {
            var local = record
            (local.crc32, local.compressedSize, local.uncompressedSize) =
                (bytes.u32(at: p + 14)!, bytes.u32(at: p + 18)!, bytes.u32(at: p + 22)!)
            let extra = (p + 30 + nameLength)..<dataOffset
            guard let zip64 = Self.zip64Fields(bytes, in: extra, record: local, central: false) else {
                return issue("the local header has 0xFFFFFFFF sizes but no complete ZIP64 extra field")
            }
            guard local.crc32 == record.crc32, zip64.compressed == record.compressedSize,
                zip64.uncompressed == record.uncompressedSize
            else {
                return issue(
                    "the local header declares CRC \(local.crc32), \(zip64.compressed) -> \(zip64.uncompressed) "
                        + "bytes; the central directory CRC \(record.crc32), \(record.compressedSize) -> "
                        + "\(record.uncompressedSize) bytes")
            }
        }
        guard record.compressedSize <= directory.offset - dataOffset else {
            return issue(
                "its \(record.compressedSize) bytes of data starting at offset \(dataOffset) run past the start of "
                    + "the central directory (offset \(directory.offset)); the data is truncated")
        }
        return .dataOffset(dataOffset)
    }

    // MARK: Whole-archive checks

    /// Entries whose bytes (local header through data) overlap: a trick of non-recursive zip bombs.
    func overlapIssues(_ ranges: [(start: Int, end: Int, name: EntryName)]) -> [ModelPackageError.Issue] {
        var issues: [ModelPackageError.Issue] = []
        let sorted = ranges.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var furthest: (end: Int, name: EntryName)?
        for range in sorted {
            if let previous = furthest, range.start < previous.end {
                issues.append(
                    .init(
                        .corruptZip, entry: range.name.escaped,
                        "entry \(range.name.display) starts at offset \(range.start), inside the bytes of entry "
                            + "\(previous.name.display) (which end at \(previous.end)): overlapping entries are a "
                            + "zip-bomb technique; rebuild the package with a standard zip tool"))
            }
            if range.end > furthest?.end ?? Int.min { furthest = (range.end, range.name) }
        }
        return issues
    }

    /// Names that would land on the same path: duplicates, case variants, `a/./b` vs `a/b`, a file used as a folder.
    func collisionIssues(_ names: [EntryName]) -> [ModelPackageError.Issue] {
        var issues: [ModelPackageError.Issue] = []
        var seen: [String: EntryName] = [:]
        var folders: [String: EntryName] = [:]
        for name in names {
            for key in name.folderKeys where folders[key] == nil { folders[key] = name }
            if name.isDirectory { folders[name.collisionKey] = folders[name.collisionKey] ?? name }
        }
        for name in names {
            let key = name.collisionKey
            if let other = seen[key], !(other.isDirectory && name.isDirectory) {
                let how = other.raw == name.raw ? "appears twice" : "collides with entry \(other.display)"
                issues.append(
                    .init(
                        .unsafeZipEntry, entry: name.escaped,
                        "entry \(name.display) \(how) (names are compared ignoring case and '.' components); one "
                            + "would overwrite the other when extracted, so remove the duplicate"))
            } else if !name.isDirectory, let folder = folders[key] {
                issues.append(
                    .init(
                        .unsafeZipEntry, entry: name.escaped,
                        "entry \(name.display) is a file, but entry \(folder.display) uses it as a folder; remove "
                            + "one of them"))
            }
            if seen[key] == nil { seen[key] = name }
        }
        return issues
    }
}
