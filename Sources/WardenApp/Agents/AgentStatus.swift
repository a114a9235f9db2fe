public import Foundation

/// An agent as status endpoints show it (seed 000 §4): running or not, last run and error, its model, its
/// position in the source, lag, and what it has done.
public struct AgentStatus: Sendable, Codable, Equatable {
    /// The agent's id.
    public var id: String
    /// `wifi`.
    public var type: String
    /// A sentence for people.
    public var description: String?
    /// What it can do.
    public var capabilities: [String]
    /// Whether it is running now.
    public var isRunning: Bool
    /// `running`, `idle`, `stopped`, `waiting_for_model` or `backing_off`.
    public var state: String
    /// The source, e.g. `embedded` or `postgres:wifi_logs` (no credentials).
    public var source: String
    /// The model it scores with.
    public var model: String
    /// The version it is paired with: `production` (follows the serving version) or a version name.
    public var pairedVersion: String
    /// The version that scored its last windows.
    public var version: String?
    /// The shadow version, when it has one.
    public var shadowVersion: String?
    /// When it last read its source.
    public var lastRun: Date?
    /// The last error, cleared by the next successful run.
    public var lastError: String?
    /// The id of the last source event it has committed.
    public var checkpoint: Int64?
    /// Seconds between the newest event of the source and the agent's watermark (nil when unknown).
    public var lagSeconds: Double?
    /// Events read since start.
    public var events: Int
    /// Records refused as malformed since start.
    public var malformed: Int
    /// Windows scored, skipped and events late, since the agent's first run (from its checkpoint).
    public var windowsScored: Int
    /// Windows with fewer events than the minimum.
    public var windowsSkipped: Int
    /// Events that arrived after their window closed.
    public var eventsLate: Int
    /// Stored anomalies by type.
    public var anomaliesByType: [String: Int]

    enum CodingKeys: String, CodingKey {
        case id, type, description, capabilities, state, source, model, version, checkpoint, events, malformed
        case isRunning = "is_running", pairedVersion = "paired_version", shadowVersion = "shadow_version"
        case lastRun = "last_run", lastError = "last_error", lagSeconds = "lag_seconds"
        case windowsScored = "windows_scored", windowsSkipped = "windows_skipped", eventsLate = "events_late"
        case anomaliesByType = "anomalies_by_type"
    }
}
