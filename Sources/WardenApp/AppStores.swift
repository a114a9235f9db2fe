public import Registry

/// The stores an application runs on, one per concern. The executable picks the implementations (the embedded
/// SQLite store by default, PostgreSQL for replicas); tests pass in-memory ones. One object may implement several.
public struct AppStores: Sendable {
    /// Versions, lifecycle and histories (imports write a version and its history entry together).
    public var registry: any RegistryStore
    /// API keys and the audit log.
    public var security: any SecurityStore
    /// Monitoring aggregates, windows, baselines and alerts.
    public var monitoring: any MonitoringStore
    /// Package files, content-addressed.
    public var artifacts: any ArtifactStore
    /// The agents' window outcomes, anomalies, checkpoints and pairings.
    public var anomalies: any AnomalyStore
    /// The embedded log source.
    public var logs: any LogEventStore

    /// Versions and their lifecycle.
    public var versions: any VersionStore { registry }
    /// Import and transfer histories.
    public var history: any HistoryStore { registry }

    /// Creates the set.
    public init(
        registry: any RegistryStore, security: any SecurityStore, monitoring: any MonitoringStore,
        artifacts: any ArtifactStore, anomalies: any AnomalyStore, logs: any LogEventStore
    ) {
        self.registry = registry
        self.security = security
        self.monitoring = monitoring
        self.artifacts = artifacts
        self.anomalies = anomalies
        self.logs = logs
    }

    /// One store that implements every concern, and an artifact store.
    public init(
        _ store: some RegistryStore & SecurityStore & MonitoringStore & AnomalyStore & LogEventStore,
        artifacts: any ArtifactStore
    ) {
        self.init(
            registry: store, security: store, monitoring: store, artifacts: artifacts, anomalies: store, logs: store)
    }
}
