/// Log level and line format: the `logging:` block of seed 002.
public struct LoggingSettings: Sendable, Equatable, Codable {
    /// The least severe level logged. Default `info`.
    public var level: LogLevel
    /// How log lines are written. Default `text`.
    public var format: LogFormat

    /// Creates logging settings; the defaults are those documented on each field.
    public init(level: LogLevel = .info, format: LogFormat = .text) {
        self.level = level
        self.format = format
    }
}

/// A log level, named as swift-log names them; parsing also accepts the seeds' upper-case Python names.
public enum LogLevel: String, Sendable, Equatable, Codable, CaseIterable {
    /// Finest detail.
    case trace
    /// Debugging detail.
    case debug
    /// Normal operation.
    case info
    /// Noteworthy normal events.
    case notice
    /// Something unexpected that Warden recovered from.
    case warning
    /// A failed operation.
    case error
    /// Warden cannot continue.
    case critical
}

/// A log line format.
public enum LogFormat: String, Sendable, Equatable, Codable, CaseIterable {
    /// One JSON object per line.
    case json
    /// Human-readable lines.
    case text
}
