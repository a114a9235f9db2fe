public import Foundation

/// One entry of the append-only audit log: who did what to which target, the state before and after, and whether it
/// succeeded.
///
/// Entries are never changed or removed once appended (the SQLite schema refuses it with triggers).
public struct AuditRecord: Sendable, Equatable, Codable {
    /// The outcomes an entry may record.
    public static let outcomes = ["success", "denied", "failed"]
    /// The longest `before`, `after` or `details` text a store accepts: 64 KiB.
    public static let maxTextBytes = 64 * 1024

    /// The store's id: 0 before the entry is appended; the store assigns increasing ids, never reused.
    public var id: Int64
    /// When it happened.
    public var at: Date
    /// Who did it: `key:<id> (<name>)`, `cli:<user>` or `system`.
    public var actor: String
    /// What was done, e.g. `deploy`, `rollback`, `mode`, `key.create`, `key.rotate`, `key.revoke`, `cleanup`.
    public var action: String
    /// What it was done to, e.g. `wifi-anomaly/20241201_143022`, `mode`, `key:<id>`.
    public var target: String
    /// The state before, as JSON text or a short word (the previous serving version, the previous mode); nil when
    /// there was none or it does not apply.
    public var before: String?
    /// The state after, in the same form as ``before``.
    public var after: String?
    /// `success`, `denied` or `failed` (see ``outcomes``).
    public var outcome: String
    /// JSON text with anything else worth keeping (the error of a failure, a reason); `{}` when nothing.
    public var details: String

    /// Creates an entry; `id` stays 0 until a store appends it.
    public init(
        id: Int64 = 0, at: Date, actor: String, action: String, target: String, before: String? = nil,
        after: String? = nil, outcome: String = "success", details: String = "{}"
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.outcome = outcome
        self.details = details
    }

    /// Checks the entry before it is appended: a finite date, an actor of 1 to 256 bytes, an action of 1 to 64
    /// characters from `a-z 0-9 . _ -`, a target of 1 to 512 bytes, one of the ``outcomes``, `before` and `after` of
    /// at most ``maxTextBytes``, and `details` that is JSON text of at most ``maxTextBytes``. The id is not checked:
    /// the store assigns it.
    ///
    /// - Throws: `invalid_record` naming the field and the value.
    public func validate() throws(RegistryError) {
        let what = "the audit entry"
        try SecurityChecks.date(at, "at", of: what)
        try SecurityChecks.label(actor, "actor", of: what)
        let actionOK = action.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x5F || b == 0x2D
        }
        guard !action.isEmpty, action.utf8.count <= 64, actionOK else {
            throw SecurityChecks.invalid(
                "\(what) has action '\(action.prefix(64))'; give 1 to 64 characters from a-z 0-9 . _ -, e.g. "
                    + "'key.create'")
        }
        try SecurityChecks.label(target, "target", of: what, limit: 512)
        guard Self.outcomes.contains(outcome) else {
            throw SecurityChecks.invalid(
                "\(what) has outcome '\(outcome.prefix(64))'; use one of \(Self.outcomes.joined(separator: ", "))")
        }
        for (field, text) in [("before", before), ("after", after), ("details", details)] {
            guard let text else { continue }
            guard text.utf8.count <= Self.maxTextBytes else {
                throw SecurityChecks.invalid(
                    "\(what) has a \(field) of \(text.utf8.count) bytes, above the limit of \(Self.maxTextBytes); "
                        + "keep a summary")
            }
        }
        guard (try? JSONSerialization.jsonObject(with: Data(details.utf8), options: .fragmentsAllowed)) != nil else {
            throw SecurityChecks.invalid(
                "\(what) has details '\(details.prefix(64))', which is not JSON text; give a JSON object such as {}")
        }
    }

    /// Refuses a negative limit for ``SecurityStore/audit(since:action:actor:limit:)``, with the wording every store
    /// uses.
    ///
    /// - Throws: `invalid_record`.
    public static func checkLimit(_ limit: Int) throws(RegistryError) {
        guard limit >= 0 else {
            throw SecurityChecks.invalid("the audit limit is \(limit); ask for 0 or more entries")
        }
    }
}
