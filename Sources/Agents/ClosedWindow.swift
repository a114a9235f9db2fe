/// A window that ``WindowExtractor`` closed: scored (``features`` set) or skipped (too few events).
public struct ClosedWindow: Sendable, Hashable {
    /// The access point the window belongs to.
    public var entity: String
    /// The window's start, µs since the epoch (a multiple of the window length).
    public var start: Int64
    /// The window's end (exclusive), µs since the epoch.
    public var end: Int64
    /// How many events the window holds.
    public var eventCount: Int
    /// The smallest event id in the window.
    public var firstEventID: Int64
    /// The largest event id in the window.
    public var lastEventID: Int64
    /// The 17 features in ``WiFiFeatures/names`` order; nil when the window was skipped.
    public var features: [Double]?

    /// Creates a closed window.
    public init(
        entity: String, start: Int64, end: Int64, eventCount: Int, firstEventID: Int64, lastEventID: Int64,
        features: [Double]?
    ) {
        self.entity = entity
        self.start = start
        self.end = end
        self.eventCount = eventCount
        self.firstEventID = firstEventID
        self.lastEventID = lastEventID
        self.features = features
    }

    /// Whether the window had fewer than `min_events` events: record it, do not score it.
    public var isSkipped: Bool { features == nil }
}
