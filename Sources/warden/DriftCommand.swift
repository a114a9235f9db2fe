import ArgumentParser
import DriftService
import Foundation
import WardenApp

/// `warden drift [VERSION] [--model M] [--fail-on-drift]`: a drift check of the persisted window.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Check a version for drift: performance indicators, baseline distance and data drift per feature.",
        discussion: """
            Uses the windows `warden serve` persisted and the version's reference profile (the package's
            reference_sample.csv, else the baseline set with `warden baseline set` or the API). Prints the
            performance report; records no alert (the server's periodic checks do). Exit status 79 with
            --fail-on-drift when drift is detected.
            """)

    @OptionGroup var options: RegistryOptions

    @OptionGroup var selection: VersionSelection

    @Flag(help: "Exit with status 79 when drift is detected.")
    var failOnDrift = false

    func run() async throws {
        var detected = false
        try await ExitStatus.guarded {
            let context = try await MonitoringContext.open(options, selection)
            let report = try await context.app.monitoring.report(model: context.model, version: context.version)
            detected = report.drift.driftDetected
            if options.json { return print(Output.json(report)) }
            print(report.text(), terminator: "")
        }
        if failOnDrift && detected { throw ExitCode(ExitStatus.driftDetected) }
    }
}
