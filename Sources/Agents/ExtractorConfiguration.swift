/// How ``WindowExtractor`` cuts and closes windows: tumbling windows of ``windowSeconds`` aligned to the Unix
/// epoch, closed once the watermark is ``graceSeconds`` past their end, scored when they hold at least
/// ``minEvents`` events.
///
/// Codable with snake_case keys (`window_seconds`, `grace_seconds`, `min_events`); decoding validates.
public struct ExtractorConfiguration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The contract's defaults: 300 s windows, 60 s grace, 5 events.
    public static let standard = ExtractorConfiguration(unchecked: 300, 60, 5)

    /// The largest window or grace accepted, in seconds (about 31 years), so that µs arithmetic cannot overflow.
    public static let maximumSeconds: Int64 = 1_000_000_000

    /// Window length in seconds (≥ 1).
    public let windowSeconds: Int64
    /// How long after a window's end the watermark must be before the window closes, in seconds (≥ 0).
    public let graceSeconds: Int64
    /// The fewest events a closed window needs to be scored (≥ 1); fewer: skipped.
    public let minEvents: Int

    /// Creates a configuration.
    ///
    /// - Throws: ``AgentsError/Code/invalidConfiguration`` naming the value out of range.
    public init(windowSeconds: Int64 = 300, graceSeconds: Int64 = 60, minEvents: Int = 5) throws(AgentsError) {
        guard windowSeconds >= 1, windowSeconds <= Self.maximumSeconds else {
            throw AgentsError(
                .invalidConfiguration,
                "window_seconds is \(windowSeconds); use a whole number of seconds from 1 to \(Self.maximumSeconds)")
        }
        guard graceSeconds >= 0, graceSeconds <= Self.maximumSeconds else {
            throw AgentsError(
                .invalidConfiguration,
                "grace_seconds is \(graceSeconds); use a whole number of seconds from 0 to \(Self.maximumSeconds)")
        }
        guard minEvents >= 1 else {
            throw AgentsError(.invalidConfiguration, "min_events is \(minEvents); use 1 or more")
        }
        self.init(unchecked: windowSeconds, graceSeconds, minEvents)
    }

    private init(unchecked windowSeconds: Int64, _ graceSeconds: Int64, _ minEvents: Int) {
        self.windowSeconds = windowSeconds
        self.graceSeconds = graceSeconds
        self.minEvents = minEvents
    }

    /// Window length in microseconds.
    public var windowMicroseconds: Int64 { windowSeconds * Timestamp.microsecondsPerSecond }
    /// Grace in microseconds.
    public var graceMicroseconds: Int64 { graceSeconds * Timestamp.microsecondsPerSecond }

    /// `window 300 s, grace 60 s, min 5 events`.
    public var description: String { "window \(windowSeconds) s, grace \(graceSeconds) s, min \(minEvents) events" }

    private enum CodingKeys: String, CodingKey {
        case windowSeconds = "window_seconds"
        case graceSeconds = "grace_seconds"
        case minEvents = "min_events"
    }

    /// Decodes and validates; a missing key takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            windowSeconds: c.decodeIfPresent(Int64.self, forKey: .windowSeconds) ?? 300,
            graceSeconds: c.decodeIfPresent(Int64.self, forKey: .graceSeconds) ?? 60,
            minEvents: c.decodeIfPresent(Int.self, forKey: .minEvents) ?? 5)
    }
}
