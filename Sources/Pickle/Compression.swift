import CBzip2
import CLzma
import CZlib

/// Compression methods joblib writes, detected by their magic prefix as `joblib.load` does.
public enum Compression: String, Sendable, Equatable, CaseIterable {
    /// A plain pickle stream.
    case none
    /// A raw zlib stream (joblib's default method: `compress=True` or an int level).
    case zlib
    /// gzip (`compress='gzip'`).
    case gzip
    /// bzip2 (`compress='bz2'`).
    case bz2
    /// LZMA "alone" format (`compress='lzma'`).
    case lzma
    /// xz (`compress='xz'`).
    case xz
    /// LZ4 frame (`compress='lz4'`): recognised, not supported.
    case lz4
    /// joblib <= 0.9.3 "ZF" files: recognised, not supported.
    case legacyZF = "zf"

    /// Detects the method from the first bytes of a file.
    ///
    /// - Throws: `PickleError.corrupt` for empty input or an unknown prefix (not a joblib or pickle file).
    public static func detect(_ bytes: [UInt8]) throws(PickleError) -> Compression {
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        guard !bytes.isEmpty else { throw PickleError(.truncated, "the file is empty", offset: 0) }
        if starts([0x5A, 0x46]) { return .legacyZF }
        if starts([0x78]) { return .zlib }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0x42, 0x5A, 0x68]) { return .bz2 }
        if starts([0x5D, 0x00, 0x00]) { return .lzma }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if starts([0x04, 0x22, 0x4D, 0x18]) { return .lz4 }
        if starts([0x80]) { return .none }
        // Protocol 0/1 pickles start with an opcode such as '(' , 'c', ']', '}' , 'N', 'I'.
        if let first = bytes.first, Array("(c]}NIVSlda)FLGJK".utf8).contains(first) { return .none }
        let hex = bytes.prefix(8).map { String($0, radix: 16).leftPad(2) }.joined(separator: " ")
        throw PickleError(
            .corrupt, "not a joblib or pickle file: it starts with bytes \(hex), which match no known format", offset: 0)
    }

    /// Decompresses `bytes`, refusing to produce more than `limit` bytes.
    ///
    /// - Throws: `unsupportedCompression` for lz4 and ZF; `limitExceeded` past `limit`; `corrupt`/`truncated`
    ///   for a damaged stream.
    public func decompress(_ bytes: [UInt8], limit: Int) throws(PickleError) -> [UInt8] {
        switch self {
        case .none: return bytes
        case .zlib: return try Inflater.run(bytes, windowBits: 15, limit: limit, name: "zlib")
        case .gzip: return try Inflater.run(bytes, windowBits: 31, limit: limit, name: "gzip")
        case .bz2: return try Bunzip.run(bytes, limit: limit)
        case .lzma, .xz: return try Unxz.run(bytes, limit: limit, alone: self == .lzma)
        case .lz4:
            throw PickleError(
                .unsupportedCompression,
                "unsupported compression: lz4; re-save the model with joblib.dump(..., compress=3) (zlib) or 'xz'",
                offset: 0)
        case .legacyZF:
            throw PickleError(
                .unsupportedCompression,
                "unsupported compression: the 'ZF' format of joblib <= 0.9.3; re-save the model with a current joblib",
                offset: 0)
        }
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

/// Output accumulator shared by the decoders: grows in chunks and enforces the size limit.
struct BoundedOutput {
    var data: [UInt8] = []
    let limit: Int
    let name: String

    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>, count: Int) throws(PickleError) {
        guard data.count + count <= limit else {
            throw PickleError(
                .limitExceeded,
                "\(name) stream decompresses to more than \(limit) bytes; refused (possible compression bomb)")
        }
        data.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<count]))
    }
}

enum Inflater {
    static func run(_ input: [UInt8], windowBits: Int32, limit: Int, name: String) throws(PickleError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw PickleError(.corrupt, "cannot initialise the \(name) decoder")
        }
        defer { inflateEnd(&stream) }
        var out = BoundedOutput(limit: limit, name: name)
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var result: Int32 = Z_OK
        var failure: PickleError?
        input.withUnsafeBufferPointer { inBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = UInt32(inBuf.count)
            chunk.withUnsafeMutableBufferPointer { outBuf in
                repeat {
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = UInt32(outBuf.count)
                    result = inflate(&stream, Z_NO_FLUSH)
                    if result != Z_OK && result != Z_STREAM_END && !(result == Z_BUF_ERROR && stream.avail_in > 0) {
                        break
                    }
                    do throws(PickleError) {
                        try out.append(UnsafeBufferPointer(outBuf), count: outBuf.count - Int(stream.avail_out))
                    } catch {
                        failure = error
                        return
                    }
                    if result == Z_BUF_ERROR && stream.avail_out != 0 { break }
                } while result != Z_STREAM_END
            }
        }
        if let failure { throw failure }
        guard result == Z_STREAM_END else {
            let consumed = input.count - Int(stream.avail_in)
            if result == Z_BUF_ERROR || result == Z_OK {
                throw PickleError(.truncated, "\(name) stream is truncated", offset: consumed)
            }
            throw PickleError(.corrupt, "\(name) stream is corrupt (zlib error \(result))", offset: consumed)
        }
        return out.data
    }
}

enum Bunzip {
    static func run(_ input: [UInt8], limit: Int) throws(PickleError) -> [UInt8] {
        var stream = bz_stream()
        guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
            throw PickleError(.corrupt, "cannot initialise the bz2 decoder")
        }
        defer { BZ2_bzDecompressEnd(&stream) }
        var out = BoundedOutput(limit: limit, name: "bz2")
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var result: Int32 = BZ_OK
        var failure: PickleError?
        var input = input
        input.withUnsafeMutableBufferPointer { inBuf in
            inBuf.baseAddress?.withMemoryRebound(to: CChar.self, capacity: inBuf.count) { inPtr in
                stream.next_in = inPtr
                stream.avail_in = UInt32(inBuf.count)
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    outBuf.baseAddress?.withMemoryRebound(to: CChar.self, capacity: outBuf.count) { outPtr in
                        repeat {
                            stream.next_out = outPtr
                            stream.avail_out = UInt32(outBuf.count)
                            result = BZ2_bzDecompress(&stream)
                            guard result == BZ_OK || result == BZ_STREAM_END else { break }
                            let produced = outBuf.count - Int(stream.avail_out)
                            do throws(PickleError) {
                                try out.append(UnsafeBufferPointer(outBuf), count: produced)
                            } catch {
                                failure = error
                                return
                            }
                            if result == BZ_OK && stream.avail_in == 0 && produced == 0 { break }
                        } while result != BZ_STREAM_END
                    }
                }
            }
        }
        if let failure { throw failure }
        guard result == BZ_STREAM_END else {
            let consumed = input.count - Int(stream.avail_in)
            if result == BZ_OK || result == BZ_UNEXPECTED_EOF {
                throw PickleError(.truncated, "bz2 stream is truncated", offset: consumed)
            }
            throw PickleError(.corrupt, "bz2 stream is corrupt (bzip2 error \(result))", offset: consumed)
        }
        return out.data
    }
}

enum Unxz {
    static func run(_ input: [UInt8], limit: Int, alone: Bool) throws(PickleError) -> [UInt8] {
        let name = alone ? "lzma" : "xz"
        var stream = lzma_stream()
        // Decoder memory is capped at 256 MiB: far above preset 9's 64 MiB dictionary.
        let memlimit: UInt64 = 256 << 20
        let initResult =
            alone ? lzma_alone_decoder(&stream, memlimit) : lzma_stream_decoder(&stream, memlimit, UInt32(0x08) /* LZMA_CONCATENATED */)
        guard initResult == LZMA_OK else { throw PickleError(.corrupt, "cannot initialise the \(name) decoder") }
        defer { lzma_end(&stream) }
        var out = BoundedOutput(limit: limit, name: name)
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var result = LZMA_OK
        var failure: PickleError?
        input.withUnsafeBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = inBuf.count
            chunk.withUnsafeMutableBufferPointer { outBuf in
                repeat {
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = outBuf.count
                    result = lzma_code(&stream, stream.avail_in == 0 ? LZMA_FINISH : LZMA_RUN)
                    guard result == LZMA_OK || result == LZMA_STREAM_END else { break }
                    do throws(PickleError) {
                        try out.append(UnsafeBufferPointer(outBuf), count: outBuf.count - stream.avail_out)
                    } catch {
                        failure = error
                        return
                    }
                } while result != LZMA_STREAM_END
            }
        }
        if let failure { throw failure }
        guard result == LZMA_STREAM_END else {
            let consumed = input.count - stream.avail_in
            if result == LZMA_BUF_ERROR {
                throw PickleError(.truncated, "\(name) stream is truncated", offset: consumed)
            }
            if result == LZMA_MEMLIMIT_ERROR {
                throw PickleError(.limitExceeded, "\(name) stream needs more than 256 MiB of decoder memory")
            }
            throw PickleError(.corrupt, "\(name) stream is corrupt (liblzma error \(result.rawValue))", offset: consumed)
        }
        return out.data
    }
}
