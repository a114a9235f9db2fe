import ArgumentParser
import Foundation
import Registry

/// `warden audit [--since ISO8601] [--action A] [--actor X] [--limit 100]`: the audit log, newest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the audit log, newest first.",
        discussion: """
            Every change made through the API or by `warden keys` is logged with who made it, what it changed and \
            whether it succeeded. The log is append-only.
            """)

    @OptionGroup var options: RegistryOptions

    @Option(
        help: "Only entries at or after this instant: 2024-12-01, 2024-12-01T14:30:00Z or with an offset.",
        transform: AuditCommand.date)
    var since: Date?

    @Option(help: "Only this action, e.g. deploy, mode, key.create, key.revoke.")
    var action: String?

    @Option(help: "Only actors starting with this, e.g. cli:alice or key:0123456789ab.")
    var actor: String?

    @Option(help: "At most this many entries.")
    var limit = 100

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more, not \(limit)") }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let entries =
                limit == 0 ? [] : try await context.app.security.audit(since: since, action: action, actor: actor, limit: limit)
            if options.json { return print("{\"entries\":\(Output.json(entries))}") }
            guard !entries.isEmpty else { return print("no audit entries") }
            for e in entries {
                var line = "\(e.id)  \(Output.date(e.at))  \(e.outcome)  \(e.action)  \(e.target)  by \(e.actor)"
                if e.before != nil || e.after != nil { line += "  \(e.before ?? "-") -> \(e.after ?? "-")" }
                if e.details != "{}" { line += "  \(e.details)" }
                print(line)
            }
        }
    }

    /// Parses `--since`: an ISO 8601 date, or date and time with `Z` or an offset, with or without fractions of a
    /// second; a date alone is midnight UTC.
    static func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        throw ValidationError("--since '\(text)' is not an ISO 8601 date; use e.g. 2024-12-01 or 2024-12-01T14:30:00Z")
    }
}
