/// Where a ``WindowExtractor`` stands, for agents that process every event exactly once across restarts.
///
/// Store it (atomically with the anomalies of the windows closed so far), and after a restart read the source
/// again from ``resumePosition`` (`WHERE id >= resume_position ORDER BY id`) into
/// ``WindowExtractor/init(configuration:resumingFrom:)``. Events with `id ≤` ``lastSeenID`` are then replays:
/// they rebuild the windows that were open, and are never counted twice.
///
/// Codable with snake_case keys (`resume_position`, `last_seen_id`, `watermark`, `counters`, `configuration`).
public struct ExtractorCheckpoint: Sendable, Hashable, Codable {
    /// The first id to read again: the smallest id among events in open windows, or ``lastSeenID`` + 1 when no
    /// window is open; `Int64.min` before any event.
    public var resumePosition: Int64
    /// The largest id pushed so far; nil before any event.
    public var lastSeenID: Int64?
    /// The newest event time accepted (µs since the epoch); nil before any event.
    public var watermark: Int64?
    /// The counters so far.
    public var counters: ExtractorCounters
    /// The configuration the windows were cut with; resuming requires the same.
    public var configuration: ExtractorConfiguration

    /// Creates a checkpoint.
    public init(
        resumePosition: Int64, lastSeenID: Int64?, watermark: Int64?, counters: ExtractorCounters,
        configuration: ExtractorConfiguration
    ) {
        self.resumePosition = resumePosition
        self.lastSeenID = lastSeenID
        self.watermark = watermark
        self.counters = counters
        self.configuration = configuration
    }

    private enum CodingKeys: String, CodingKey {
        case resumePosition = "resume_position"
        case lastSeenID = "last_seen_id"
        case watermark
        case counters
        case configuration
    }
}
