public import DataFormats
import Foundation
public import Logging
public import Registry

/// Writes the audit log: who changed what, the state before and after, and the outcome. Every face records its
/// changes through it, so an entry looks the same whether the change came over HTTP, from the CLI or from MCP.
public struct Auditor: Sendable {
    /// Where entries go; nil audits nothing (a server without a security store).
    public let store: (any SecurityStore)?
    /// Where versions' serving state is read for before/after snapshots.
    public let versions: any VersionStore
    /// The serving mode, for snapshots of mode changes.
    public let modes: ModeController
    let logger: Logger

    /// Creates an auditor.
    public init(store: (any SecurityStore)?, versions: any VersionStore, modes: ModeController, logger: Logger) {
        self.store = store
        self.versions = versions
        self.modes = modes
        self.logger = logger
    }

    /// The outcome of an audited change.
    public enum Outcome: String, Sendable {
        /// The change happened.
        case success
        /// The change was attempted and failed.
        case failed
        /// The caller was not allowed to attempt it.
        case denied
    }

    /// The state an audited change moves, as JSON text: the serving version of `model` for lifecycle operations,
    /// the mode for mode changes, the key (name, role, scope, state; never its secret) for key changes whose target
    /// names it (`key:<id>` or `/api/keys/<id>`); nil otherwise.
    public func state(_ operation: AppOperation, model: String?, target: String = "") async -> String? {
        if [AppOperation.createKey, .rotateKey, .revokeKey].contains(operation) {
            guard let id = Self.keyID(in: target), let key = try? await store?.key(id: id) else { return nil }
            return JSONWriter.text(.object([
                "name": .string(key.name), "role": .string(key.role),
                "models": key.models.map { .array($0.map(JSONValue.string)) } ?? .null,
                "state": .string(key.isActive ? "active" : "revoked"),
                "rotated_at": key.rotatedAt.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null,
            ]))
        }
        switch operation.action {
        case .lifecycle:
            guard let model else { return nil }
            let serving = try? await versions.lifecycle(model: model).serving
            return JSONWriter.text(.object(["model": .string(model), "serving": serving.map(JSONValue.string) ?? .null]))
        case .administer where operation.audit == AppOperation.setMode.audit:
            return JSONWriter.text(.object(["mode": .string(modes.mode.rawValue)]))
        default:
            return nil
        }
    }

    /// The key id a target names: `key:<id>` or a path under `/api/keys/<id>`.
    static func keyID(in target: String) -> String? {
        if target.hasPrefix("key:") { return String(target.dropFirst(4)) }
        let parts = target.split(separator: "/")
        guard parts.count >= 3, parts[0] == "api", parts[1] == "keys" else { return nil }
        return String(parts[2])
    }

    /// Appends one entry. A failure to write is logged, never returned: the change itself already happened.
    public func record(
        _ operation: AppOperation, caller: Caller, target: String, before: String?, after: String?, outcome: Outcome,
        details: [String: JSONValue] = [:]
    ) async {
        guard let action = operation.audit else { return }
        await record(
            action: action, actor: caller.auditActor, target: target, before: before, after: after, outcome: outcome,
            details: details)
    }

    /// Appends one entry with an explicit action name (key management and other changes without an operation).
    public func record(
        action: String, actor: String, target: String, before: String?, after: String?, outcome: Outcome,
        details: [String: JSONValue] = [:]
    ) async {
        guard let store else { return }
        let entry = AuditRecord(
            at: Date(), actor: actor, action: action, target: String(target.prefix(512)), before: before, after: after,
            outcome: outcome.rawValue, details: JSONWriter.text(.object(details)))
        do {
            _ = try await store.appendAudit(entry)
        } catch {
            logger.error("audit append failed", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }

    /// The audit details of a refused or failed change: its code and message.
    public static func failure(_ error: any Error) -> [String: JSONValue] {
        let described = ErrorDescription(error)
        return ["code": .string(described.code), "message": .string(described.message)]
    }
}
