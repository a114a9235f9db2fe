/// Warden's settings once defaults, the YAML file, the `WARDEN_*` environment and the flags are merged.
///
/// Every field has a default, so `WardenConfiguration()` is a complete configuration. `Codable` is for display
/// (`warden config show`); the keys are the YAML keys. Load one with ``ConfigurationLoader/load(file:dataDirectory:environment:)``.
public struct WardenConfiguration: Sendable, Equatable, Codable {
    /// The data directory used when neither `--data-dir`, `WARDEN_DATA_DIR` nor `data_dir` names one.
    public static let defaultDataDirectory = "./warden-data"

    /// Root of Warden's state. Default `./warden-data`; YAML `data_dir`, `WARDEN_DATA_DIR`, `--data-dir`.
    public var dataDirectory: String
    /// Model and scoring settings (`model:`).
    public var model: ModelSettings
    /// Where model versions live and how long they are kept (`storage:`).
    public var storage: StorageSettings
    /// The training service that new models are imported from (`integration:`).
    public var integration: IntegrationSettings
    /// Performance windows and drift detection (`monitoring:`).
    public var monitoring: MonitoringSettings
    /// Log level and line format (`logging:`).
    public var logging: LoggingSettings
    /// HTTP listener (`server:`); reserved for the server, which reads it.
    public var server: ServerSettings
    /// Authentication (`security:`).
    public var security: SecuritySettings
    /// Rate limiting (`rate_limit:`).
    public var rateLimit: RateLimitSettings
    /// The agents (`agents:`), in the order declared.
    public var agents: [AgentSettings]
    /// The embedded log store (`logs:`).
    public var logs: LogSettings

    /// Creates the default configuration for a data directory; `storage.directory` is `<dataDirectory>/models`.
    public init(dataDirectory: String = WardenConfiguration.defaultDataDirectory) {
        self.dataDirectory = dataDirectory
        self.model = ModelSettings()
        self.storage = StorageSettings(directory: StorageSettings.resolve("models", against: dataDirectory))
        self.integration = IntegrationSettings()
        self.monitoring = MonitoringSettings()
        self.logging = LoggingSettings()
        self.server = ServerSettings()
        self.security = SecuritySettings()
        self.rateLimit = RateLimitSettings()
        self.agents = []
        self.logs = LogSettings()
    }

    enum CodingKeys: String, CodingKey {
        case dataDirectory = "data_dir", model, storage, integration, monitoring, logging, server, security
        case rateLimit = "rate_limit", agents, logs
    }
}
