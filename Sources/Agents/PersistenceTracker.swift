/// Which access points were anomalous in the windows just closed: the persistence evidence of
/// ``AnomalyClassifier``.
///
/// For each entity it keeps the end of its last anomalous window and how many anomalous windows ran up to it
/// without a gap. A window is *consecutive* to that run when it starts where the run ended: a window in between
/// that was normal, skipped (too few events) or empty breaks the run. Windows of one entity close in time order
/// (``WindowExtractor``), so the tracker needs no other state. Codable, so an agent keeps it in its checkpoint and
/// a restart grades the next window exactly as an uninterrupted run would.
public struct PersistenceTracker: Sendable, Hashable, Codable {
    /// The run of one entity.
    public struct Run: Sendable, Hashable, Codable {
        /// The end of the last anomalous window, µs since the epoch.
        public var end: Int64
        /// How many consecutive anomalous windows ended there.
        public var windows: Int
    }

    /// The runs by entity.
    public private(set) var runs: [String: Run]

    /// The longest run counted (longer runs stay at this value).
    public static let maximumRun = 1_000

    /// An empty tracker.
    public init() { runs = [:] }

    /// How many consecutive anomalous windows of `entity` end exactly at `start` (0 when none).
    public func preceding(entity: String, start: Int64) -> Int {
        guard let run = runs[entity], run.end == start else { return 0 }
        return run.windows
    }

    /// Records the outcome of a closed window; returns the run length including it (0 for a normal window).
    @discardableResult
    public mutating func record(entity: String, start: Int64, end: Int64, anomalous: Bool) -> Int {
        guard anomalous else {
            runs[entity] = nil
            return 0
        }
        let windows = min(Self.maximumRun, preceding(entity: entity, start: start) + 1)
        runs[entity] = Run(end: end, windows: windows)
        return windows
    }
}
