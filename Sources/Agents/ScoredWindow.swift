/// A closed window with its 17 features and the model's verdict: what ``AnomalyClassifier`` classifies.
public struct ScoredWindow: Sendable, Hashable {
    /// The access point.
    public var entity: String
    /// The window's start, µs since the epoch.
    public var windowStart: Int64
    /// The window's end (exclusive), µs since the epoch.
    public var windowEnd: Int64
    /// How many events the window holds.
    public var eventCount: Int
    /// The 17 features in ``WiFiFeatures/names`` order.
    public var features: [Double]
    /// The model's verdict.
    public var verdict: ModelVerdict

    /// Creates a scored window.
    public init(
        entity: String, windowStart: Int64, windowEnd: Int64, eventCount: Int, features: [Double],
        verdict: ModelVerdict
    ) {
        self.entity = entity
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.eventCount = eventCount
        self.features = features
        self.verdict = verdict
    }

    /// A scored window from a window the extractor closed; nil when that window was skipped.
    public init?(_ window: ClosedWindow, verdict: ModelVerdict) {
        guard let features = window.features else { return nil }
        self.init(
            entity: window.entity, windowStart: window.start, windowEnd: window.end, eventCount: window.eventCount,
            features: features, verdict: verdict)
    }

    /// The value of one feature.
    public subscript(feature: WiFiFeatures.Name) -> Double { features[feature.index] }
}
