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

    /// Versions and their lifecycle.
    public var versions: any VersionStore { registry }
    /// Import and transfer histories.
    public var history: any HistoryStore { registry }

    /// Creates the set.
    public init(
        registry: any RegistryStore, security: any SecurityStore, monitoring: any MonitoringStore,
        artifacts: any ArtifactStore
    ) {
        self.registry = registry
        self.security = security
        self.monitoring = monitoring
        self.artifacts = artifacts
    }

    /// One store that implements every concern, and an artifact store.
    public init(_ store: some RegistryStore & SecurityStore & MonitoringStore, artifacts: any ArtifactStore) {
        self.init(registry: store, security: store, monitoring: store, artifacts: artifacts)
    }
}
