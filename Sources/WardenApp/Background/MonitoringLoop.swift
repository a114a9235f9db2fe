import DriftService
import Foundation
public import Logging
import Monitoring
public import Serving
public import ServiceLifecycle

/// The monitor's background work: restores this instance's stored windows on start, flushes aggregates and windows
/// to the registry every `flushInterval`, checks drift of every serving version every `checkInterval` (Prometheus
/// gauges, alert history), applies retention once a day, and flushes once more on graceful shutdown.
public struct MonitoringLoop: Service {
    let monitoring: MonitoringService
    let host: ModelHost
    let flushInterval: Duration
    let checkInterval: Duration?
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - checkInterval: Time between background drift checks; nil turns them off.
    public init(
        monitoring: MonitoringService, host: ModelHost, flushInterval: Duration, checkInterval: Duration?,
        logger: Logger
    ) {
        self.monitoring = monitoring
        self.host = host
        self.flushInterval = flushInterval
        self.checkInterval = checkInterval
        self.logger = logger
    }

    /// Runs until graceful shutdown, then flushes a last time.
    public func run() async throws {
        let coordinator = monitoring.coordinator
        let restored = await coordinator.restoreWindows(of: servingKeys())
        if restored > 0 { logger.info("monitoring windows restored", metadata: ["count": "\(restored)"]) }
        let clock = ContinuousClock()
        var nextCheck = checkInterval.map { clock.now + $0 }
        var nextCleanup = clock.now
        let retentionDays = monitoring.retentionDays
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
        do { try await monitoring.coordinator.flush() } catch {
            logger.error("monitoring flush failed; aggregates kept for the next flush", metadata: ["error": "\(error)"])
        }
    }

    private func checkServingVersions() async {
        for key in servingKeys() {
            do {
                _ = try await monitoring.check(model: key.model, version: key.version)
            } catch {
                logger.debug(
                    "background drift check skipped",
                    metadata: ["model": "\(key.model)", "version": "\(key.version)", "error": "\(error)"])
            }
        }
    }

    private func servingKeys() -> [PerformanceMonitor.Key] {
        host.loadedModels.filter(\.serving).map {
            PerformanceMonitor.Key(model: $0.model.model, version: $0.model.version)
        }
    }
}
