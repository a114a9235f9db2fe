import ArgumentParser
import DataFormats
import DriftService
import Foundation
import WardenApp
import ModelServer

/// `warden baseline set [VERSION] [--model M] [--csv FILE]`.
struct BaselineSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Capture the version's persisted window as its baseline, or use a reference CSV (--csv).")

    @OptionGroup var options: RegistryOptions

    @OptionGroup var selection: VersionSelection

    @Option(help: "A CSV with a header of the model's feature names and one row per line.")
    var csv: String?

    @Option(help: "Who sets it (default: $USER).")
    var by: String?

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await MonitoringContext.open(options, selection)
            let profile = try await context.registry.perform(
                .setBaseline, by: by, model: context.model, target: context.model + "/" + context.version
            ) { caller -> ReferenceProfile in
            if let csv {
                let size = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? nil
                guard let size else {
                    throw DriftServiceError(.invalidReference, "cannot read '\(csv)'; give the path of a CSV file")
                }
                guard size <= 256 * 1024 * 1024 else {
                    throw DriftServiceError(.invalidReference, "'\(csv)' has \(size) bytes; a reference may have 256 MiB")
                }
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: csv)))
                return try await context.app.monitoring.uploadBaseline(
                    csv: bytes, model: context.model, version: context.version, caller: caller)
            } else {
                return try await context.app.monitoring.captureBaseline(
                    model: context.model, version: context.version, caller: caller)
            }
            }
            if options.json {
                return print(
                    "{\"model\":\(JSONString.quoted(context.model)),\"version\":\(JSONString.quoted(context.version)),"
                        + "\"source\":\"\(profile.source.rawValue)\",\"rows\":\(profile.rowCount),"
                        + "\"scores\":\(profile.scores.count)}")
            }
            print(
                "baseline of \(context.model) \(context.version) set from \(profile.source.rawValue): "
                    + "\(profile.rowCount) rows, \(profile.scores.count) scores"
                    + (profile.scoreBaseline.map { String(format: ", score mean %.4f std %.4f", $0.mean, $0.std) } ?? ""))
        }
    }
}
