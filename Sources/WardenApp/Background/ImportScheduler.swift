import AccessControl
import Foundation
public import Logging
import PackageImport
public import ServiceLifecycle

/// Imports packages without an operator: the drop folder `<data-dir>/drop` on start and then every
/// `integration.import_interval` seconds, and, with `integration.auto_import`, the newest new package of the
/// training service (seed 002). Nothing is imported in maintenance mode.
public struct ImportScheduler: Service {
    let imports: ImportService
    let autoImport: Bool
    let interval: Duration
    let modes: ModeController
    let logger: Logger

    /// Creates the scheduler.
    public init(imports: ImportService, autoImport: Bool, interval: Duration, modes: ModeController, logger: Logger) {
        self.imports = imports
        self.autoImport = autoImport
        self.interval = interval
        self.modes = modes
        self.logger = logger
    }

    /// Scans now, then every interval until graceful shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await scanOnce()
            // Graceful shutdown (SIGTERM) must end the wait at once, not after the interval.
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }

    /// One pass: the drop folder, then the training service when auto-import is on (skipped in maintenance mode).
    public func scanOnce() async {
        if modes.mode == .maintenance { return }
        for item in await imports.scanDropFolder() {
            switch item.outcome {
            case .success(let result):
                logger.info(
                    "drop folder package imported",
                    metadata: [
                        "item": "\(item.name)", "model": "\(result.record.model)", "version": "\(result.record.version)",
                    ])
            case .failure(let error):
                logger.warning(
                    "drop folder package refused",
                    metadata: ["item": "\(item.name)", "code": "\(error.code.rawValue)", "error": "\(error.message)"])
            }
        }
        guard autoImport else { return }
        do {
            if let result = try await imports.importLatest() {
                logger.info(
                    "training service package imported",
                    metadata: ["model": "\(result.record.model)", "version": "\(result.record.version)"])
            }
        } catch let error as ImportError {
            logger.warning(
                "training service package refused",
                metadata: ["code": "\(error.code.rawValue)", "error": "\(error.message)"])
        } catch {
            logger.debug("training service not scanned", metadata: ["error": "\(error)"])
        }
    }
}
