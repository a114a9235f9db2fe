import DataFormats
import Foundation
import Registry

extension RegistryContext {
    /// Appends a change made from the command line to the audit log (actor `cli:<user>`). A failure to write is
    /// reported on stderr, never turned into the command's failure: the change itself already happened.
    func audit(
        _ action: String, target: String, by: String?, before: String? = nil, after: String? = nil,
        outcome: String = "success", details: String = "{}"
    ) async {
        let entry = AuditRecord(
            at: Date(), actor: Self.auditActor(by), action: action, target: String(target.prefix(512)),
            before: before, after: after, outcome: outcome, details: details)
        do {
            _ = try await store.appendAudit(entry)
        } catch {
            FileHandle.standardError.write(Data("warning: the audit log could not be written: \(error)\n".utf8))
        }
    }

    /// The audit actor of a command line: `cli:` and `--by`, else `$USER`, else `cli`.
    static func auditActor(_ by: String?) -> String { "cli:" + actor(by) }

    /// `{"code","message"}` of a refused change, for the audit entry.
    static func failureDetails(_ error: any Error) -> String {
        if let e = error as? RegistryError {
            return "{\"code\":\(JSONString.quoted(e.code.rawValue)),\"message\":\(JSONString.quoted(e.message))}"
        }
        return "{\"message\":\(JSONString.quoted("\(error)"))}"
    }
}
