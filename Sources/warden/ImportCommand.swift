import ArgumentParser
import DataFormats
import Foundation
import WardenApp
import ModelPackage
import PackageImport

/// `warden import PATH [--json]`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate a deployment package (ZIP or folder) and register it as a new version.",
        discussion: "A refused package exits with its import code's status (see `warden --help`); every error of "
            + "the validation report is listed in the JSON error on standard error.")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The package: a ZIP file or an extracted folder.")
    var path: String

    func validate() throws {
        guard !path.isEmpty else { throw ValidationError("give the path of a package ZIP or folder") }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let url = URL(fileURLWithPath: path)
            let display = ImportProgressDisplay.make(json: options.json)
            let result: ImportResult
            do {
                result = try await context.perform(
                    .importPackage, by: nil, model: nil, target: path, details: ["source": .string(path)]
                ) { _ in try await context.app.imports.importFile(at: url, progress: display?.handler) }
            } catch let error as ImportError {
                display?.finish()
                Self.printRefusal(error, json: options.json)
                throw error
            }
            display?.finish()
            Self.printResult(result, json: options.json)
        }
    }

    /// Text output of a refused import (nothing in JSON mode: the error goes to stderr).
    static func printRefusal(_ error: ImportError, json: Bool) {
        if !json, let report = error.report {
            print("refused: \(error.code.rawValue)")
            for issue in report.errors { print("  error \(issue.code.rawValue): \(issue.message)") }
            for issue in report.warnings { print("  warning \(issue.code.rawValue): \(issue.message)") }
        }
    }

    /// Output of a successful import: one JSON object, or a line plus the warnings.
    static func printResult(_ result: ImportResult, json: Bool) {
        let record = result.record
        if json {
            let warnings = result.report.warnings.map(ExitStatus.issue).joined(separator: ",")
            print(
                "{\"model\":\(JSONString.quoted(record.model)),\"version\":\(JSONString.quoted(record.version)),"
                    + "\"status\":\(JSONString.quoted(record.status.rawValue)),\"score\":"
                    + "\(JSONWriter.number(result.report.score, nonFinite: .strings)),\"warnings\":[\(warnings)],"
                    + "\"retention\":{\"removed\":["
                    + result.retention.removedVersions.map(JSONString.quoted).joined(separator: ",") + "]"
                    + (result.retention.failure.map { ",\"message\":\(JSONString.quoted($0))" } ?? "") + "}}")
        } else {
            print("imported \(record.model) \(record.version) (status \(record.status.rawValue), "
                + "score \(result.report.score))")
            for issue in result.report.warnings { print("  warning \(issue.code.rawValue): \(issue.message)") }
            if !result.retention.removedVersions.isEmpty {
                print("  retention removed \(result.retention.removedVersions.joined(separator: ", "))")
            }
            if let failure = result.retention.failure { print("  \(failure)") }
        }
    }
}
