/// One agent declared in the configuration's `agents:` list: what it reads, which model scores it, how windows are
/// cut, how often it polls and which rules classify what it finds.
///
/// ```yaml
/// agents:
///   - id: wifi-campus
///     type: wifi
///     source: {type: embedded}           # or {type: postgres, url: ..., table: wifi_logs} or {type: file, path: ...}
///     model: wifi-anomaly
///     version: production                 # production | serving | a version name
///     window_seconds: 300
///     grace_seconds: 60
///     min_events: 5
///     interval: 10
/// ```
public struct AgentSettings: Sendable, Equatable, Codable {
    /// The agent's id: 1–64 characters of letters, digits, `-`, `_`, `.`.
    public var id: String
    /// The kind of agent; `wifi` is the one Warden has.
    public var type: String
    /// A sentence for people.
    public var description: String?
    /// Whether `warden serve` runs it from the start (it can be started and stopped at run time).
    public var enabled: Bool
    /// Where its log events come from.
    public var source: LogSourceSettings
    /// The model that scores its windows.
    public var model: String
    /// `production`/`serving` (the model's serving version, followed across deploys) or a version name.
    public var version: String
    /// A candidate version scoring the same windows apart; nil for none.
    public var shadowVersion: String?
    /// Window length in seconds.
    public var windowSeconds: Int
    /// Seconds a window waits for late events after its end.
    public var graceSeconds: Int
    /// Fewer events than this and a window is skipped, not scored.
    public var minEvents: Int
    /// Seconds between polls of the source when it has nothing new.
    public var interval: Double
    /// Events read per page.
    public var pageSize: Int
    /// Classifier rules as JSON text (the `rules:` mapping of the YAML), nil for the defaults.
    public var rulesJSON: String?

    /// Creates settings with the contract's defaults.
    public init(
        id: String, type: String = "wifi", description: String? = nil, enabled: Bool = true,
        source: LogSourceSettings = LogSourceSettings(), model: String, version: String = "production",
        shadowVersion: String? = nil, windowSeconds: Int = 300, graceSeconds: Int = 60, minEvents: Int = 5,
        interval: Double = 10, pageSize: Int = 10_000, rulesJSON: String? = nil
    ) {
        self.id = id
        self.type = type
        self.description = description
        self.enabled = enabled
        self.source = source
        self.model = model
        self.version = version
        self.shadowVersion = shadowVersion
        self.windowSeconds = windowSeconds
        self.graceSeconds = graceSeconds
        self.minEvents = minEvents
        self.interval = interval
        self.pageSize = pageSize
        self.rulesJSON = rulesJSON
    }

    enum CodingKeys: String, CodingKey {
        case id, type, description, enabled, source, model, version, interval
        case shadowVersion = "shadow_version", windowSeconds = "window_seconds", graceSeconds = "grace_seconds"
        case minEvents = "min_events", pageSize = "page_size", rulesJSON = "rules"
    }
}

/// Where an agent reads events.
public struct LogSourceSettings: Sendable, Equatable, Codable {
    enum CodingKeys: String, CodingKey {
        case type, url, table, columns, path
        case urlEnv = "url_env"
    }

    /// `embedded` (the registry's own log_events table, filled over HTTP or by `warden logs ingest`), `postgres`
    /// or `file`.
    public var type: String
    /// PostgreSQL: the connection URL without a password (a password belongs in the environment: ``urlEnv``).
    public var url: String?
    /// PostgreSQL: the environment variable holding the URL with its credentials (default `WARDEN_DATABASE_URL`
    /// when `url` is absent).
    public var urlEnv: String?
    /// PostgreSQL: the table.
    public var table: String?
    /// PostgreSQL: contract field → column, for tables that name columns otherwise.
    public var columns: [String: String]
    /// File: a JSON-lines or CSV file read once.
    public var path: String?

    /// Creates settings; the default is the embedded source.
    public init(
        type: String = "embedded", url: String? = nil, urlEnv: String? = nil, table: String? = nil,
        columns: [String: String] = [:], path: String? = nil
    ) {
        self.type = type
        self.url = url
        self.urlEnv = urlEnv
        self.table = table
        self.columns = columns
        self.path = path
    }
}

/// The embedded log store's settings (`logs:`).
public struct LogSettings: Sendable, Equatable, Codable {
    /// Days of ingested events kept; 0 keeps everything.
    public var retentionDays: Int
    /// The most bytes one `POST /api/v1/logs` body may have.
    public var maxIngestBytes: Int
    /// The most records one ingestion may carry.
    public var maxIngestRecords: Int

    /// Creates settings.
    public init(retentionDays: Int = 7, maxIngestBytes: Int = 32 * 1024 * 1024, maxIngestRecords: Int = 200_000) {
        self.retentionDays = retentionDays
        self.maxIngestBytes = maxIngestBytes
        self.maxIngestRecords = maxIngestRecords
    }

    enum CodingKeys: String, CodingKey {
        case retentionDays = "retention_days", maxIngestBytes = "max_ingest_bytes"
        case maxIngestRecords = "max_ingest_records"
    }
}
