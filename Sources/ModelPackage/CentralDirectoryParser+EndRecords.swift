/// Finding the central directory from the end records (APPNOTE 4.3.14-4.3.16).
extension CentralDirectoryParser {
    /// Finds the end-of-central-directory record in the last 64 KiB + 22 bytes, follows the ZIP64 locator when there
    /// is one, and checks that the central directory it describes lies inside the file.
    func locateDirectory() throws(ModelPackageError) -> Directory {
        let minimum = 22
        var end: Int?
        if bytes.count >= minimum {
            let lowest = max(0, bytes.count - minimum - 0xFFFF)
            for offset in stride(from: bytes.count - minimum, through: lowest, by: -1)
            where bytes.hasSignature(Signature.endOfCentralDirectory, at: offset) {
                // The comment must run exactly to the end of the file: a signature inside a comment does not count.
                if let commentLength = bytes.u16(at: offset + 20), offset + minimum + commentLength == bytes.count {
                    end = offset
                    break
                }
            }
        }
        guard let end else { throw notAZip() }
        // Invariant: `end` + 22 <= bytes.count, checked by the search above, so these reads succeed.
        let disk = bytes.u16(at: end + 4)!
        let directoryDisk = bytes.u16(at: end + 6)!
        var onDisk = bytes.u16(at: end + 8)!
        var count = bytes.u16(at: end + 10)!
        var size = bytes.u32(at: end + 12)!
        var offset = bytes.u32(at: end + 16)!
        var recordsStart = end
        var disks = (disk, directoryDisk)
        let locator = end - 20
        if bytes.hasSignature(Signature.zip64Locator, at: locator) {
            // Invariant: the signature check above proved 4 bytes at `locator`; the locator is 20 bytes before `end`.
            let recordDisk = bytes.u32(at: locator + 4)!
            let totalDisks = bytes.u32(at: locator + 16)!
            guard recordDisk == 0, totalDisks <= 1 else { throw splitArchive(disk: max(recordDisk, totalDisks - 1)) }
            guard let record = bytes.u64(at: locator + 8), record <= locator - 56,
                bytes.hasSignature(Signature.zip64End, at: record)
            else {
                throw ModelPackageError(
                    .corruptZip,
                    "the ZIP64 end-of-central-directory locator points outside the file or at something else; "
                        + "the archive is damaged, build it again")
            }
            // Invariant: `record` + 56 <= `locator`, within the file.
            disks = (bytes.u32(at: record + 16)!, bytes.u32(at: record + 20)!)
            guard let c1 = bytes.u64(at: record + 24), let c2 = bytes.u64(at: record + 32),
                let s = bytes.u64(at: record + 40), let o = bytes.u64(at: record + 48)
            else { throw corrupt("the ZIP64 end record holds sizes beyond any file") }
            (onDisk, count, size, offset, recordsStart) = (c1, c2, s, o, record)
        }
        guard disks.0 == 0, disks.1 == 0, onDisk == count else {
            throw splitArchive(disk: max(disks.0, disks.1))
        }
        guard count <= limits.maxEntries else {
            throw ModelPackageError(
                .tooLarge,
                "the archive lists \(count) entries, above the limit of \(limits.maxEntries); a deployment package "
                    + "holds a handful of files, so remove the extra ones or raise ZipLimits.maxEntries")
        }
        guard offset <= recordsStart, size <= recordsStart - offset else {
            throw corrupt(
                "the central directory (offset \(offset), \(size) bytes) lies outside the file or overlaps the end "
                    + "record; the archive is truncated or damaged, download or build it again")
        }
        guard count <= size / 46 else {
            throw corrupt(
                "the end record announces \(count) entries but the central directory is only \(size) bytes, too "
                    + "small for them; the archive is damaged, build it again")
        }
        return Directory(entryCount: count, offset: offset, size: size, endRecordsStart: recordsStart)
    }

    func notAZip() -> ModelPackageError {
        if bytes.hasSignature(Signature.localHeader, at: 0) {
            return corrupt(
                "the file starts like a ZIP archive (PK\\3\\4) but has no end-of-central-directory record at its "
                    + "end: it is truncated, damaged or has data appended; download or build the package again")
        }
        let guess: String
        switch bytes.first {
        case 0x80: guess = ", like a pickle or joblib file; upload the .zip deployment package, not the model file"
        case 0x78: guess = ", like a zlib-compressed joblib file; upload the .zip deployment package"
        case 0x1F: guess = ", like a gzip file; use a .zip archive"
        default:
            let printable = bytes.prefix(16).allSatisfy { (0x20..<0x7F).contains($0) || [9, 10, 13].contains($0) }
            guess = printable ? ", like text; upload the .zip deployment package" : "; upload a .zip archive"
        }
        return ModelPackageError(
            .notAZip,
            "the file is not a ZIP archive: it has no end-of-central-directory record and starts with bytes "
                + "\(bytes.hexPrefix(8))\(guess)")
    }

    func splitArchive(disk: Int) -> ModelPackageError {
        ModelPackageError(
            .unsupportedZip,
            "the archive is split across several disks (this part is disk \(disk)); join the parts into one archive "
                + "(zip -s 0 split.zip --out whole.zip) and upload that")
    }
}
