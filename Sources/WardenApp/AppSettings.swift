public import Foundation
public import Serving
public import WardenConfig

/// What an application needs besides its stores: the configuration and the choices of the process that runs it.
public struct AppSettings: Sendable {
    /// The model used when a package or a command names none and the configuration names none.
    public static let fallbackModel = "wifi-anomaly"

    /// The configuration (YAML, environment, defaults).
    public var configuration: WardenConfiguration
    /// The data directory (registry, artifacts, drop folder).
    public var dataDirectory: URL
    /// Warden's version, reported by health endpoints.
    public var wardenVersion: String
    /// Rows per prediction request when the version's `inference_config.batch_size` is absent.
    public var defaultMaxRows: Int = 10_000
    /// What to do with missing features when a request does not say.
    public var missingFeatures: MissingFeaturePolicy = .reject
    /// Time between checks for deployments made by other processes; nil never checks.
    public var refreshInterval: Duration? = .seconds(5)
    /// Whether this process serves (keeps live performance windows and runs background work).
    public var serving: Bool = false
    /// This process's name among replicas sharing a store: `monitoring.instance`, else the host name.
    public var instance: String
    /// When the process started.
    public var startedAt: Date = Date()

    /// Creates settings.
    public init(configuration: WardenConfiguration, wardenVersion: String, instance: String? = nil) {
        self.configuration = configuration
        self.dataDirectory = URL(fileURLWithPath: configuration.dataDirectory)
        self.wardenVersion = wardenVersion
        self.instance = instance ?? Self.instanceName(configuration.monitoring.instance)
    }

    /// The model a command or package means when it names none.
    public var defaultModel: String { configuration.model.name ?? Self.fallbackModel }

    /// The drop folder `<data-dir>/drop`.
    public var dropFolder: URL { dataDirectory.appendingPathComponent("drop") }

    /// `monitoring.instance`, else the host name, else `warden`.
    public static func instanceName(_ configured: String) -> String {
        if !configured.isEmpty { return configured }
        let host = ProcessInfo.processInfo.hostName
        return host.isEmpty ? "warden" : host
    }
}
