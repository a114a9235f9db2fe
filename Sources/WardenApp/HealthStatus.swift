public import AccessControl
public import Serving

/// How the serving side of a process stands: which versions serve, which models fell back to an earlier version
/// after a load failure, and the serving mode. The one definition of healthy, degraded and unhealthy, for the JSON
/// API's health endpoints and MCP's `get_health`.
public struct HealthStatus: Sendable {
    /// The overall state.
    public enum Level: String, Sendable {
        /// Every model's serving version is loaded.
        case healthy
        /// Some models serve an earlier version (or none) after a load failure.
        case degraded
        /// Nothing is loaded.
        case unhealthy
    }

    /// The overall state.
    public var level: Level
    /// The loaded serving versions.
    public var serving: [ServingModel]
    /// Models whose wanted version did not load.
    public var fallbacks: [ModelHost.Fallback]
    /// The serving mode.
    public var mode: ServingMode

    /// Creates a status from what is loaded.
    public init(serving: [ServingModel], fallbacks: [ModelHost.Fallback], mode: ServingMode) {
        self.serving = serving
        self.fallbacks = fallbacks
        self.mode = mode
        level = serving.isEmpty ? .unhealthy : fallbacks.isEmpty ? .healthy : .degraded
    }
}

extension WardenServices {
    /// The health of this process's serving side now. The level is the server's; the versions and fallbacks listed
    /// are those `caller` may act on (every one when nil: the public liveness endpoints).
    public func health(visibleTo caller: Caller? = nil) -> HealthStatus {
        let all = HealthStatus(
            serving: host.loadedModels.filter(\.serving).map(\.model), fallbacks: host.fallbacks, mode: modes.mode)
        guard let caller else { return all }
        var scoped = all
        scoped.serving = all.serving.filter { caller.covers(model: $0.model) }
        scoped.fallbacks = all.fallbacks.filter { caller.covers(model: $0.model) }
        return scoped
    }
}
