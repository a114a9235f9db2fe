public import Serving
public import ServiceLifecycle

/// Keeps the serving pointers in line with the registry: another `warden` process, or another replica sharing the
/// store, may deploy or roll back while this one serves.
public struct RegistryRefreshService: Service {
    let host: ModelHost
    let interval: Duration

    /// Creates the service; `interval` is the time between two checks.
    public init(host: ModelHost, interval: Duration) {
        self.host = host
        self.interval = interval
    }

    /// Checks every `interval` until graceful shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // Graceful shutdown (SIGTERM) must end the wait at once, not after the interval.
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
            await host.refresh()
        }
    }
}
