/// Resource limits applied while reading untrusted ZIP archives (deployment packages).
///
/// Every limit is checked against the central directory before any entry is inflated or any buffer sized from a
/// header is allocated; while inflating, output is also capped at the entry's declared size, so a header that lies
/// cannot make the reader produce more. The defaults fit deployment packages of a few hundred MB.
public struct ZipLimits: Sendable, Equatable {
    /// Maximum size of the archive file itself.
    public var maxArchiveBytes: Int
    /// Maximum number of entries in the central directory (ignored macOS entries included).
    public var maxEntries: Int
    /// Maximum uncompressed size of one entry.
    public var maxEntryBytes: Int
    /// Maximum sum of the uncompressed sizes of all entries.
    public var maxTotalUncompressedBytes: Int
    /// Maximum ratio uncompressed / compressed size of one entry, applied from `compressionRatioThreshold` on.
    public var maxCompressionRatio: Int
    /// Entries whose uncompressed size is below this are not subject to `maxCompressionRatio`
    /// (small text files legitimately compress well).
    public var compressionRatioThreshold: Int
    /// Maximum length in bytes of one path component of an entry name.
    public var maxNameComponentBytes: Int
    /// Maximum length in bytes of a whole entry name.
    public var maxNameBytes: Int

    /// Creates limits.
    public init(
        maxArchiveBytes: Int = 512 << 20,
        maxEntries: Int = 1_000,
        maxEntryBytes: Int = 512 << 20,
        maxTotalUncompressedBytes: Int = 1 << 30,
        maxCompressionRatio: Int = 100,
        compressionRatioThreshold: Int = 1 << 20,
        maxNameComponentBytes: Int = 255,
        maxNameBytes: Int = 1_024
    ) {
        self.maxArchiveBytes = maxArchiveBytes
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalUncompressedBytes = maxTotalUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.compressionRatioThreshold = compressionRatioThreshold
        self.maxNameComponentBytes = maxNameComponentBytes
        self.maxNameBytes = maxNameBytes
    }

    /// Defaults suited to deployment packages.
    public static let `default` = ZipLimits()
}
