import Agents
import ArgumentParser
import DataFormats
import Foundation
import WardenApp

/// `warden features ...`: the 17 WiFi window features of log files, as the agents compute them.
struct FeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features", abstract: "Compute the WiFi window features of a log file.",
        subcommands: [FeaturesExtractCommand.self])
}

/// Window settings shared by the commands that cut logs into windows.
struct WindowOptions: ParsableArguments {
    @Option(help: "Window length in seconds.")
    var windowSeconds: Int64 = 300

    @Option(help: "Seconds a window waits for late events after its end.")
    var graceSeconds: Int64 = 60

    @Option(help: "Fewer events than this and a window is skipped.")
    var minEvents: Int = 5

    func configuration() throws -> ExtractorConfiguration {
        do {
            return try ExtractorConfiguration(windowSeconds: windowSeconds, graceSeconds: graceSeconds, minEvents: minEvents)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func validate() throws { _ = try configuration() }
}

/// `warden features extract --input FILE`: one JSON line per scored window.
struct FeaturesExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print one JSON line per window: entity, window_start, window_end, event_count, features.",
        discussion: """
            Reads JSON lines, a JSON array or CSV (by extension, else by the first byte); windows are cut as \
            ../docs/FEATURES.md says, and every window still open at the end of the file is closed. Counts of \
            events, late events, skipped windows and malformed records go to stderr.
            """)

    @Option(help: "The log file (JSON lines, JSON array or CSV).")
    var input: String

    @OptionGroup var window: WindowOptions

    @Flag(help: "Print JSON (the only format; accepted for symmetry with other commands).")
    var json = false

    func run() async throws {
        try await ExitStatus.guarded {
            // Windows, features and the classifier never read an event's message: it is not kept.
            let source = try FileLogSource(path: input, parser: LogRecordParser(keepsMessages: false))
            let (windows, counters) = AgentService.windows(source.all, configuration: try window.configuration())
            var out = ""
            out.reserveCapacity(windows.count * 600)
            for w in windows {
                guard let features = w.features else { continue }
                out += "{\"entity\":"
                JSONString.append(w.entity, to: &out)
                out += ",\"window_start\":\"\(Timestamp(microseconds: w.start))\",\"window_end\":\"\(Timestamp(microseconds: w.end))\""
                out += ",\"event_count\":\(w.eventCount),\"features\":{"
                for (i, (name, value)) in zip(WiFiFeatures.names, features).enumerated() {
                    if i > 0 { out += "," }
                    JSONString.append(name, to: &out)
                    out += ":"
                    JSONWriter.number(value, into: &out)
                }
                out += "}}\n"
                if out.utf8.count > 1 << 20 {
                    FileHandle.standardOutput.write(Data(out.utf8))
                    out = ""
                }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
            let summary =
                "{\"events\":\(counters.events),\"windows\":\(windows.count),\"skipped\":\(counters.skipped),"
                + "\"late\":\(counters.late),\"malformed\":\(source.all.malformed.count)}\n"
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }
}
