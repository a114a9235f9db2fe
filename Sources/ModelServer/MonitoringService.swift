public import DriftService
import Monitoring
public import Foundation
public import Logging
public import ServiceLifecycle

/// The monitor's background work: restores this instance's stored windows on start, flushes aggregates and windows
/// to the registry every `flushInterval`, checks drift of every serving version every `checkInterval` (Prometheus
/// gauges, alert history), applies retention once a day, and flushes once more on graceful shutdown.
public struct MonitoringService: Service {
    let server: WardenServer
    let coordinator: MonitoringCoordinator
    let flushInterval: Duration
    let checkInterval: Duration?
    let retentionDays: Int
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - checkInterval: Time between background drift checks; nil turns them off.
    ///   - retentionDays: Days of stored monitoring data kept; 0 keeps everything.
    public init(
        server: WardenServer, coordinator: MonitoringCoordinator, flushInterval: Duration, checkInterval: Duration?,
        retentionDays: Int, logger: Logger
    ) {
        self.server = server
        self.coordinator = coordinator
        self.flushInterval = flushInterval
        self.checkInterval = checkInterval
        self.retentionDays = retentionDays
        self.logger = logger
    }

    /// Runs until graceful shutdown, then flushes a last time.
    public func run() async throws {
        let restored = await coordinator.restoreWindows(of: servingKeys())
        if restored > 0 { logger.info("monitoring windows restored", metadata: ["count": "\(restored)"]) }
        let clock = ContinuousClock()
        var nextCheck = checkInterval.map { clock.now + $0 }
        var nextCleanup = clock.now
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: flushInterval) } } catch { break }
            await flush()
            if let due = nextCheck, clock.now >= due, let interval = checkInterval {
                await checkServingVersions()
                nextCheck = clock.now + interval
            }
            if retentionDays > 0, clock.now >= nextCleanup {
                do {
                    let removed = try await coordinator.cleanup(olderThanDays: retentionDays)
                    if removed.buckets + removed.windows + removed.alerts > 0 {
                        logger.info(
                            "monitoring retention applied",
                            metadata: [
                                "buckets": "\(removed.buckets)", "windows": "\(removed.windows)",
                                "alerts": "\(removed.alerts)", "days": "\(retentionDays)",
                            ])
                    }
                } catch {
                    logger.error("monitoring retention failed", metadata: ["error": "\(error)"])
                }
                nextCleanup = clock.now + .seconds(86_400)
            }
        }
        await flush()
    }

    private func flush() async {
        do { try await coordinator.flush() } catch {
            logger.error("monitoring flush failed; aggregates kept for the next flush", metadata: ["error": "\(error)"])
        }
    }

    private func checkServingVersions() async {
        for key in servingKeys() {
            do {
                _ = try await server.runCheck(coordinator, model: key.model, version: key.version)
            } catch {
                logger.debug(
                    "background drift check skipped",
                    metadata: ["model": "\(key.model)", "version": "\(key.version)", "error": "\(error)"])
            }
        }
    }

    private func servingKeys() -> [PerformanceMonitor.Key] {
        server.host.loadedModels.filter(\.serving).map {
            PerformanceMonitor.Key(model: $0.model.model, version: $0.model.version)
        }
    }
}
