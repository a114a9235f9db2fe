/// One file or folder listed in a ZIP archive's central directory, after validation.
///
/// Values come from `ZipArchive`; every field has been checked against the limits and cross-checked with the
/// entry's local file header. Read the bytes with `ZipArchive.data(for:)`.
public struct ZipEntry: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// How an entry's bytes are stored. Other APPNOTE methods are refused with `unsupported_zip`.
    public enum Method: UInt16, Sendable, Equatable, Hashable {
        /// Method 0: the bytes as they are.
        case stored = 0
        /// Method 8: raw DEFLATE (RFC 1951).
        case deflated = 8
    }

    /// The name as stored (UTF-8, `/`-separated); directories end with `/`.
    public var name: String
    /// The compression method.
    public var method: Method
    /// Size of the stored (compressed) data in bytes.
    public var compressedSize: Int
    /// Size of the entry once inflated, as declared by the central directory.
    public var uncompressedSize: Int
    /// The declared CRC-32 of the uncompressed bytes.
    public var crc32: UInt32
    /// Offset of the entry's local file header from the start of the archive.
    public var localHeaderOffset: Int
    /// The general-purpose bit flags (bit 3: sizes in a data descriptor; bit 11: UTF-8 name).
    public var flags: UInt16
    /// The external file attributes; on Unix hosts the high 16 bits are the `st_mode`.
    public var externalAttributes: UInt32
    /// The host system that wrote the entry (high byte of "version made by": 0 MS-DOS, 3 Unix, 19 macOS, ...).
    public var hostSystem: UInt8
    /// Whether the entry is a folder (its name ends with `/`).
    public var isDirectory: Bool

    /// Position in the archive's central directory.
    let index: Int
    /// Offset of the first data byte, computed from the *local* header's name and extra lengths.
    let dataOffset: Int

    /// The Unix `st_mode` from the external attributes, when the host is Unix-like and a mode is recorded.
    public var unixMode: UInt16? {
        let mode = UInt16(truncatingIfNeeded: externalAttributes >> 16)
        return (hostSystem == 3 || hostSystem == 19) && mode != 0 ? mode : nil
    }

    /// `name (method, compressed -> uncompressed bytes)`.
    public var description: String {
        "\(name) (\(method), \(compressedSize) -> \(uncompressedSize) bytes)"
    }
}
