import ArgumentParser
import WardenApp
import DataFormats
import DriftService

/// `warden baseline show [VERSION] [--model M]`.
struct BaselineShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a version's baseline.")

    @OptionGroup var options: RegistryOptions

    @OptionGroup var selection: VersionSelection

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await MonitoringContext.open(options, selection)
            guard let (stored, profile) = try await context.app.monitoring.baseline(model: context.model, version: context.version)
            else {
                throw DriftServiceError(
                    .noBaseline,
                    "\(context.model) \(context.version) has no baseline; set one with `warden baseline set`")
            }
            if options.json {
                return print(
                    "{\"model\":\(JSONString.quoted(context.model)),\"version\":\(JSONString.quoted(context.version)),"
                        + "\"source\":\"\(profile.source.rawValue)\",\"actor\":\(JSONString.quoted(stored.actor)),"
                        + "\"captured_at\":\"\(Output.date(stored.capturedAt))\",\"rows\":\(profile.rowCount),"
                        + "\"features\":\(Output.json(profile.featureNames)),\"scores\":\(profile.scores.count),"
                        + "\"score_baseline\":\(Output.json(profile.scoreBaseline))}")
            }
            print("\(context.model) \(context.version): \(profile.source.rawValue) baseline, set by \(stored.actor) at "
                + Output.date(stored.capturedAt))
            print("  \(profile.rowCount) rows of \(profile.featureNames.count) features, \(profile.scores.count) scores")
            if let b = profile.scoreBaseline { print("  score mean \(b.mean), std \(b.std)") }
        }
    }
}
