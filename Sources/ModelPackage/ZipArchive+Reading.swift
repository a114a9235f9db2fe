import CZlib

extension ZipArchive {
    /// Inflates one entry and verifies its CRC-32.
    ///
    /// At most `entry.uncompressedSize` bytes are produced (the size was checked against `limits` when the archive
    /// was opened); an entry that would inflate further is refused as soon as one byte more appears.
    ///
    /// - Parameter entry: an entry of this archive (from `entries`); folders give `[]`.
    /// - Returns: the entry's bytes.
    /// - Throws: `zip_bomb` when the data inflates past the declared size; `corrupt_zip` for a CRC-32 mismatch,
    ///   truncated or damaged deflate data, or fewer bytes than declared; `io_error` for an entry of another archive.
    public func data(for entry: ZipEntry) throws(ModelPackageError) -> [UInt8] {
        try checkOwnership(entry)
        var out: [UInt8] = []
        out.reserveCapacity(entry.uncompressedSize)  // Bounded by limits.maxEntryBytes, checked at open.
        try stream(entry) { chunk throws(ModelPackageError) in out.append(contentsOf: chunk) }
        return out
    }

    func checkOwnership(_ entry: ZipEntry) throws(ModelPackageError) {
        guard entries.contains(where: { $0.index == entry.index && $0 == entry }) else {
            throw ModelPackageError(
                .io, entry: entry.name,
                "entry \"\(entry.name)\" does not belong to this archive; pass an entry from this archive's entries")
        }
    }

    /// Feeds the entry's uncompressed bytes to `sink` in chunks of at most 64 KiB, then verifies size and CRC-32.
    func stream(
        _ entry: ZipEntry, into sink: (UnsafeBufferPointer<UInt8>) throws(ModelPackageError) -> Void
    ) throws(ModelPackageError) {
        if entry.isDirectory { return }
        var crc: UInt32 = 0
        var produced = 0
        let failure: ModelPackageError? = bytes.withUnsafeBufferPointer { all in
            // Invariant: the parser checked dataOffset + compressedSize <= bytes.count, and bytes is not empty.
            let data = UnsafeBufferPointer(rebasing: all[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)])
            do throws(ModelPackageError) {
                switch entry.method {
                case .stored:
                    var offset = 0
                    while offset < data.count {
                        let chunk = UnsafeBufferPointer(rebasing: data[offset..<min(data.count, offset + (1 << 16))])
                        crc = Self.crc(crc, chunk)
                        try sink(chunk)
                        offset += chunk.count
                    }
                    produced = data.count
                case .deflated:
                    try Self.inflate(data, entry: entry) { chunk throws(ModelPackageError) in
                        produced += chunk.count
                        crc = Self.crc(crc, chunk)
                        try sink(chunk)
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        guard produced == entry.uncompressedSize else {
            throw ModelPackageError(
                .corruptZip, entry: entry.name,
                "entry \"\(entry.name)\" inflates to \(produced) bytes but declares \(entry.uncompressedSize); the "
                    + "archive is corrupt, download or build it again")
        }
        guard crc == entry.crc32 else {
            throw ModelPackageError(
                .corruptZip, entry: entry.name,
                "entry \"\(entry.name)\" fails its CRC-32 check (computed \(Self.hex(crc)), declared "
                    + "\(Self.hex(entry.crc32))); the archive is damaged, download or build it again")
        }
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    static func crc(_ crc: UInt32, _ chunk: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32(uLong(crc), chunk.baseAddress, uInt(chunk.count)))
    }

    /// Inflates raw DEFLATE (`windowBits` -15), never producing more than `entry.uncompressedSize` + 1 bytes.
    static func inflate(
        _ input: UnsafeBufferPointer<UInt8>, entry: ZipEntry,
        into sink: (UnsafeBufferPointer<UInt8>) throws(ModelPackageError) -> Void
    ) throws(ModelPackageError) {
        func corrupt(_ what: String) -> ModelPackageError {
            ModelPackageError(
                .corruptZip, entry: entry.name,
                "entry \"\(entry.name)\": \(what); the archive is damaged, download or build it again")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ModelPackageError(.io, entry: entry.name, "cannot initialise zlib's inflater (out of memory?)")
        }
        defer { inflateEnd(&stream) }
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        defer { chunk.deallocate() }
        var consumed = 0
        var produced = 0
        while true {
            if stream.avail_in == 0 && consumed < input.count {
                let piece = min(input.count - consumed, 1 << 30)
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + consumed })
                stream.avail_in = uInt(piece)
                consumed += piece
            }
            // One byte more than declared is enough to catch a lying header; never more.
            let room = min(chunk.count, entry.uncompressedSize - produced + 1)
            stream.next_out = chunk.baseAddress
            stream.avail_out = uInt(room)
            let result = CZlib.inflate(&stream, Z_NO_FLUSH)
            let count = room - Int(stream.avail_out)
            produced += count
            if produced > entry.uncompressedSize {
                throw ModelPackageError(
                    .zipBomb, entry: entry.name,
                    "entry \"\(entry.name)\" inflates to more than the \(entry.uncompressedSize) bytes its header "
                        + "declares; stopped after \(produced) bytes. The header lies, as in a zip bomb; rebuild the "
                        + "package with a standard zip tool")
            }
            if count > 0 { try sink(UnsafeBufferPointer(rebasing: chunk[0..<count])) }
            switch result {
            case Z_STREAM_END: return
            case Z_OK: continue
            case Z_BUF_ERROR:
                if stream.avail_in == 0 && consumed == input.count {
                    throw corrupt("its deflate data ends before the end of the stream (truncated)")
                }
                if count == 0 { throw corrupt("its deflate data makes no progress") }
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
                throw corrupt("its deflate data is invalid (\(reason))")
            }
        }
    }
}
