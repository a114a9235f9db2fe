import ArgumentParser
import DriftService
import Foundation
import Monitoring
import Registry
import WardenApp

/// `warden stats [--model M] [--version V] [--hours H]`: stored aggregates and the persisted windows.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show prediction statistics per version: totals over the last hours and the latest window.",
        discussion: """
            Reads what `warden serve` flushes to the registry (every monitoring.flush_interval seconds): per-minute
            aggregates and each instance's rolling window.
            """)

    @OptionGroup var options: RegistryOptions

    @Option(help: "Only this model (all by default).")
    var model: String?

    @Option(help: "Only this version.")
    var version: String?

    @Option(help: "Hours of aggregates to sum (default 24).")
    var hours: Double = 24

    func validate() throws {
        guard hours > 0, hours <= 24 * 3650 else { throw ValidationError("--hours must be > 0 and at most 87600") }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let entries = try await context.app.monitoring.storedStatistics(model: model, version: version, hours: hours)
            if options.json { return print("{\"hours\":\(hours),\"versions\":\(Output.json(entries))}") }
            guard !entries.isEmpty else {
                return print("no statistics stored yet: serve predictions with `warden serve` (flushed every "
                    + "monitoring.flush_interval seconds)")
            }
            for e in entries {
                print("\(e.model) \(e.version)")
                if let p = e.period {
                    print(String(
                        format: "  last %gh: %d predictions, %d errors (%.2f %%), %d anomalies (%.2f %%), %.2f/s",
                        hours, p.predictions, p.errors, (p.errorRate ?? 0) * 100, p.anomalies,
                        (p.anomalyRate ?? 0) * 100, p.throughput ?? 0))
                    if let m = p.latencyMean, let s = p.latencyStd, let lo = p.latencyMin, let hi = p.latencyMax {
                        print(String(
                            format: "  latency mean %.3f ms, std %.3f ms, min %.3f ms, max %.3f ms",
                            m * 1000, s * 1000, lo * 1000, hi * 1000))
                    }
                    if let m = p.scoreMean, let s = p.scoreStd, let lo = p.scoreMin, let hi = p.scoreMax {
                        print(String(format: "  score mean %.4f, std %.4f, min %.4f, max %.4f", m, s, lo, hi))
                    }
                } else {
                    print("  last \(hours)h: no aggregates")
                }
                let w = e.window
                if let l = w.latency {
                    print(String(
                        format: "  window: %d predictions, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms", w.count,
                        (l.p50 ?? 0) * 1000, (l.p95 ?? 0) * 1000, (l.p99 ?? 0) * 1000))
                }
            }
        }
    }
}
