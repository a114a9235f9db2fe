import Foundation
public import Logging
public import ServiceLifecycle

/// Runs the agents inside `warden serve` (one task each, started and stopped at run time through ``AgentService``),
/// applies the embedded log store's retention once a day, and stops every agent on graceful shutdown after the page
/// it is working on.
public struct AgentSupervisor: Service {
    let agents: AgentService
    let logs: LogIngestService
    let logger: Logger

    /// Creates the supervisor.
    public init(agents: AgentService, logs: LogIngestService, logger: Logger) {
        self.agents = agents
        self.logs = logs
        self.logger = logger
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        let runners = agents.runners
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for runner in runners {
                    group.addTask { await runner.run() }
                }
                group.addTask { await retention() }
            }
        } onGracefulShutdown: {
            for runner in runners { Task { await runner.shutdown() } }
        }
    }

    /// Deletes old ingested events once a day until shutdown.
    private func retention() async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let removed = try await logs.applyRetention()
                if removed > 0 { logger.info("log retention applied", metadata: ["events": "\(removed)"]) }
            } catch {
                logger.error("log retention failed", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(86_400)) } } catch { return }
        }
    }
}
