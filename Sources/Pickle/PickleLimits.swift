/// Resource limits applied while reading untrusted pickle and joblib files.
///
/// Every limit is checked before the corresponding allocation is made, so a hostile file is refused
/// before it can exhaust memory. The defaults comfortably fit scikit-learn models of several hundred MB.
public struct PickleLimits: Sendable, Equatable {
    /// Maximum nesting depth of containers in the resulting value tree (and of MARK frames).
    public var maxDepth: Int
    /// Maximum number of memo entries.
    public var maxMemoEntries: Int
    /// Maximum number of values on the VM stack (including items pending in MARK frames).
    public var maxStackSize: Int
    /// Maximum total bytes allocated for strings, bytes and arrays in one load.
    public var maxTotalBytes: Int
    /// Maximum size in bytes of one array.
    public var maxArrayBytes: Int
    /// Maximum size of the decompressed stream.
    public var maxDecompressedBytes: Int
    /// Maximum number of value-tree nodes once shared references are expanded ("billion laughs").
    public var maxExpandedNodes: Int
    /// Maximum nesting of joblib's embedded pickle streams (object arrays).
    public var maxEmbeddedStreams: Int

    /// Creates limits.
    public init(
        maxDepth: Int = 200,
        maxMemoEntries: Int = 1_000_000,
        maxStackSize: Int = 1_000_000,
        maxTotalBytes: Int = 2 << 30,
        maxArrayBytes: Int = 1 << 30,
        maxDecompressedBytes: Int = 2 << 30,
        maxExpandedNodes: Int = 20_000_000,
        maxEmbeddedStreams: Int = 4
    ) {
        self.maxDepth = maxDepth
        self.maxMemoEntries = maxMemoEntries
        self.maxStackSize = maxStackSize
        self.maxTotalBytes = maxTotalBytes
        self.maxArrayBytes = maxArrayBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxExpandedNodes = maxExpandedNodes
        self.maxEmbeddedStreams = maxEmbeddedStreams
    }

    /// Defaults suited to model files.
    public static let `default` = PickleLimits()
}
