import AccessControl
public import Foundation
public import Logging
public import PackageImport
public import Serving
public import ServiceLifecycle

/// Keeps the serving pointers in line with the registry: another `warden` process, or another replica sharing
/// the store, may deploy or roll back while this one serves.
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

/// Imports packages without an operator: the drop folder `<data-dir>/drop` on start and then every
/// `integration.import_interval` seconds, and, with `integration.auto_import`, the newest new package of the
/// training service (seed 002).
public struct ImportScheduler: Service {
    let importer: PackageImporter
    let dropFolder: URL
    let trainingService: String?
    let autoImport: Bool
    let interval: Duration
    let fallbackModel: String
    let logger: Logger
    /// The server's mode: nothing is imported in maintenance (the configured unattended imports run while serving,
    /// in inference and training).
    let modes: ModeController?

    /// Creates the scheduler.
    public init(
        importer: PackageImporter, dropFolder: URL, trainingService: String?, autoImport: Bool, interval: Duration,
        fallbackModel: String, logger: Logger, modes: ModeController? = nil
    ) {
        self.modes = modes
        self.importer = importer
        self.dropFolder = dropFolder
        self.trainingService = trainingService
        self.autoImport = autoImport
        self.interval = interval
        self.fallbackModel = fallbackModel
        self.logger = logger
    }

    /// Scans now, then every interval until graceful shutdown.
    public func run() async throws {
        try? FileManager.default.createDirectory(at: dropFolder, withIntermediateDirectories: true)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await scanOnce()
            // Graceful shutdown (SIGTERM) must end the wait at once, not after the interval.
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }

    /// One pass: the drop folder, then the training service when auto-import is on (skipped in maintenance mode).
    public func scanOnce() async {
        if modes?.mode == .maintenance { return }
        for item in await importer.scanDropFolder(at: dropFolder) {
            switch item.outcome {
            case .success(let result):
                logger.info(
                    "drop folder package imported",
                    metadata: ["item": "\(item.name)", "model": "\(result.record.model)", "version": "\(result.record.version)"])
            case .failure(let error):
                logger.warning(
                    "drop folder package refused",
                    metadata: ["item": "\(item.name)", "code": "\(error.code.rawValue)", "error": "\(error.message)"])
            }
        }
        guard autoImport, let path = trainingService, let folder = try? TrainingServiceFolder(path: path) else {
            return
        }
        guard let entries = try? await folder.scan(store: importer.store),
            let latest = entries.first(where: { $0.problem == nil && !$0.imported })
        else { return }
        switch await folder.importFolder(latest.name, importer: importer, fallbackModel: fallbackModel) {
        case .success(let result):
            logger.info(
                "training service package imported",
                metadata: ["model": "\(result.record.model)", "version": "\(result.record.version)"])
        case .failure(let error):
            logger.warning(
                "training service package refused",
                metadata: ["folder": "\(latest.name)", "code": "\(error.code.rawValue)", "error": "\(error.message)"])
        }
    }
}
