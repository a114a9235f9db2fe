/// What a ``WindowExtractor`` has done so far; carried in its checkpoint so a resumed agent continues them.
public struct ExtractorCounters: Sendable, Hashable, Codable {
    /// Events accepted into a window.
    public var events: Int
    /// Events dropped as late (their window was closed, or never opened and already past its grace).
    public var late: Int
    /// Windows closed with at least `min_events` events (features computed).
    public var scored: Int
    /// Windows closed with fewer than `min_events` events (recorded, not scored).
    public var skipped: Int

    /// Creates counters (all zero by default).
    public init(events: Int = 0, late: Int = 0, scored: Int = 0, skipped: Int = 0) {
        self.events = events
        self.late = late
        self.scored = scored
        self.skipped = skipped
    }
}
