import ArgumentParser
import Foundation
import WardenApp

/// `warden logs ingest FILE`: log events into the embedded source the agents read.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Ingest log events into the embedded source.", subcommands: [LogsIngestCommand.self])
}

/// `warden logs ingest FILE`.
struct LogsIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Append the records of a JSON-lines, JSON-array or CSV file to the embedded log source.")

    @OptionGroup var options: RegistryOptions

    @Argument(help: "The file.")
    var path: String

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AppError(.invalidRequest, "cannot read '\(path)'; give the path of a log file")
            }
            let format: LogRecords.Format =
                path.hasSuffix(".csv") ? .csv : path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonLines : .auto
            let result = try await context.perform(.ingestLogs, by: nil, model: nil, target: path) { _ in
                try await context.app.logs.ingestAll(Array(data), format: format)
            }
            if options.json { return print(Output.json(result)) }
            print("ingested \(result.accepted) of \(result.received) records (\(result.malformed) malformed)"
                + (result.firstID.map { ", ids \($0)…\(result.lastID ?? $0)" } ?? ""))
            for e in result.errors { print("  \(e)") }
        }
    }
}
