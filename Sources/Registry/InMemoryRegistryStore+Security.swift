public import Foundation

extension InMemoryRegistryStore: SecurityStore {
    /// See ``SecurityStore/insertKey(_:)``.
    public func insertKey(_ key: APIKeyRecord) throws(RegistryError) {
        try key.validate()
        guard security.keys[key.id] == nil else { throw RegistryError.keyIDTaken(key.id) }
        try security.checkName(of: key)
        security.keys[key.id] = key
        security.generation += 1
    }

    /// See ``SecurityStore/key(id:)``.
    public func key(id: String) -> APIKeyRecord? {
        security.keys[id]
    }

    /// See ``SecurityStore/keys()``.
    public func keys() -> [APIKeyRecord] {
        security.keys.values.sorted { a, b in (a.createdAt, a.id) < (b.createdAt, b.id) }
    }

    /// See ``SecurityStore/updateKey(_:)``.
    public func updateKey(_ key: APIKeyRecord) throws(RegistryError) {
        try key.validate()
        guard let stored = security.keys[key.id] else { throw RegistryError.keyNotFound(key.id) }
        if let revokedAt = stored.revokedAt { throw RegistryError.keyRevoked(key.id, at: revokedAt) }
        try security.checkName(of: key)
        security.keys[key.id] = key
        security.generation += 1
    }

    /// See ``SecurityStore/securityGeneration()``.
    public func securityGeneration() -> Int64 {
        security.generation
    }

    /// See ``SecurityStore/appendAudit(_:)``.
    @discardableResult
    public func appendAudit(_ entry: AuditRecord) throws(RegistryError) -> AuditRecord {
        try entry.validate()
        var stored = entry
        stored.id = Int64(security.audit.count) + 1
        security.audit.append(stored)
        return stored
    }

    /// See ``SecurityStore/audit(since:action:actor:limit:)``.
    public func audit(since: Date?, action: String?, actor: String?, limit: Int) throws(RegistryError)
        -> [AuditRecord]
    {
        try AuditRecord.checkLimit(limit)
        // Appended in id order, so newest first is the reverse. The actor prefix is compared byte for byte, as
        // SQLite does, not by Swift's canonical equivalence.
        let matching = security.audit.reversed().lazy.filter { e in
            (since.map { e.at >= $0 } ?? true) && (action == nil || e.action == action)
                && (actor.map { e.actor.utf8.starts(with: $0.utf8) } ?? true)
        }
        return Array(matching.prefix(limit))
    }
}

/// The in-memory store's keys and audit log, kept by ``InMemoryRegistryStore``.
struct InMemorySecurityTables: Sendable {
    var keys: [String: APIKeyRecord] = [:]
    var generation: Int64 = 0
    /// Oldest first; append-only, so an entry's id is its position plus one.
    var audit: [AuditRecord] = []

    /// Refuses an active key whose name another active key (with another id) has.
    func checkName(of key: APIKeyRecord) throws(RegistryError) {
        guard key.isActive else { return }
        if let other = keys.values.first(where: { $0.isActive && $0.name == key.name && $0.id != key.id }) {
            throw RegistryError.keyNameTaken(key.name, by: other.id)
        }
    }
}
