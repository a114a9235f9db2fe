public import Foundation

/// Storage of API keys (their salted hashes, never a secret) and of the append-only audit log.
///
/// Implemented by ``InMemoryRegistryStore`` here and by the SQLite store in its own module; one conformance suite
/// (TestSupport's `SecurityStoreConformance`) runs against every implementation. Every operation is atomic, and
/// records are checked with their `validate()` before anything is written. Several server processes may share one
/// store: each polls ``securityGeneration()`` and drops its cached keys when the number changed, so a revoked key
/// stops working everywhere without a restart.
///
/// ```swift
/// try await store.insertKey(record)
/// _ = try await store.appendAudit(AuditRecord(at: .now, actor: "cli:alice", action: "key.create",
///                                             target: "key:\(record.id)"))
/// let recent = try await store.audit(since: nil, action: nil, actor: nil, limit: 100)
/// ```
public protocol SecurityStore: Sendable {
    /// Stores a new key and increases the security generation.
    ///
    /// - Throws: `invalid_record`, `invalid_model_name` (see ``APIKeyRecord/validate()``); `conflict` when a key with
    ///   the same id exists, or when the key is active and an active key has the same name (a revoked key's name may
    ///   be reused); `storage_error`. Nothing is stored when it throws.
    func insertKey(_ key: APIKeyRecord) async throws(RegistryError)

    /// The key with this id, active or revoked, or nil when there is none.
    ///
    /// - Throws: `storage_error`.
    func key(id: String) async throws(RegistryError) -> APIKeyRecord?

    /// Every key, active and revoked, ordered by creation date then id.
    ///
    /// - Throws: `storage_error`.
    func keys() async throws(RegistryError) -> [APIKeyRecord]

    /// Replaces the stored key with the same id (a rotation: new salt, hash and `rotatedAt`; a revocation:
    /// `revokedAt`) and increases the security generation. A revoked key never changes again.
    ///
    /// - Throws: `invalid_record`, `invalid_model_name` (see ``APIKeyRecord/validate()``); `version_not_found` when no
    ///   key has the id (the registry's one "not found" code); `invalid_transition` when the stored key is revoked;
    ///   `conflict` when the key would be active under the name of another active key; `storage_error`.
    func updateKey(_ key: APIKeyRecord) async throws(RegistryError)

    /// A number that increases with every key insert and update, by any process sharing the store; servers poll it
    /// to drop cached keys. Starts at 0 in an empty store.
    ///
    /// - Throws: `storage_error`.
    func securityGeneration() async throws(RegistryError) -> Int64

    /// Appends an audit entry; its `id` is ignored and replaced by one greater than every id assigned before.
    ///
    /// - Returns: the entry with its assigned id.
    /// - Throws: `invalid_record` (see ``AuditRecord/validate()``); `storage_error`.
    @discardableResult
    func appendAudit(_ entry: AuditRecord) async throws(RegistryError) -> AuditRecord

    /// Audit entries newest first (by id), at most `limit` of them: those at or after `since`, with exactly this
    /// `action`, and whose actor starts with `actor` (so `key:0123456789ab` finds `key:0123456789ab (ci)`), each
    /// when given.
    ///
    /// - Throws: `invalid_record` when `limit` is negative; `storage_error`.
    func audit(since: Date?, action: String?, actor: String?, limit: Int) async throws(RegistryError) -> [AuditRecord]
}

/// The errors of key updates, with the wording every ``SecurityStore`` uses.
extension RegistryError {
    /// No key has the id: `version_not_found`, the registry's one "not found" code.
    public static func keyNotFound(_ id: String) -> RegistryError {
        RegistryError(
            .versionNotFound, "no API key has id '\(id.prefix(64))'; run `warden keys list` to see the keys")
    }

    /// The key was revoked, so it cannot change.
    public static func keyRevoked(_ id: String, at: Date) -> RegistryError {
        RegistryError(
            .invalidTransition,
            "API key '\(id)' was revoked at \(ISO8601DateFormatter().string(from: at)); a revoked key never changes: "
                + "create a new key")
    }

    /// Another key already uses the id.
    public static func keyIDTaken(_ id: String) -> RegistryError {
        RegistryError(.conflict, "an API key with id '\(id)' already exists; generate a new key id")
    }

    /// Another active key, `other`, already has the name.
    public static func keyNameTaken(_ name: String, by other: String) -> RegistryError {
        RegistryError(
            .conflict,
            "active API key '\(other)' is already named '\(name)'; choose another name or revoke '\(other)' first")
    }
}
