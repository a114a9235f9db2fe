public import Foundation
import GRDB
public import Registry

/// API keys and the audit log in the tables of migration `v3`. Every statement binds its values; dates are `REAL`
/// seconds since the reference date, as in the rest of the schema. The security generation is bumped by triggers on
/// `api_keys`, in the transaction of each key write.
extension SQLiteRegistryStore: SecurityStore {
    /// See ``SecurityStore/insertKey(_:)``.
    public func insertKey(_ key: APIKeyRecord) async throws(RegistryError) {
        try key.validate()
        let models = try Self.modelsJSON(key)
        try await write("insert API key '\(key.id)'") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_keys WHERE id = ?", arguments: [key.id]) != nil {
                throw RegistryError.keyIDTaken(key.id)
            }
            try Self.checkName(of: key, db)
            try db.execute(
                sql: """
                    INSERT INTO api_keys (
                        id, name, role, models_json, salt, hash, created_at, created_by, rotated_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.id, key.name, key.role, models, key.salt, key.hash,
                    key.createdAt.timeIntervalSinceReferenceDate, key.createdBy,
                    key.rotatedAt?.timeIntervalSinceReferenceDate, key.revokedAt?.timeIntervalSinceReferenceDate,
                ])
        }
    }

    /// See ``SecurityStore/key(id:)``.
    public func key(id: String) async throws(RegistryError) -> APIKeyRecord? {
        try await read("read API key '\(id)'") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", arguments: [id])
                .map(Self.keyRecord)
        }
    }

    /// See ``SecurityStore/keys()``.
    public func keys() async throws(RegistryError) -> [APIKeyRecord] {
        try await read("list the API keys") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.keyColumns) FROM api_keys ORDER BY created_at, id")
                .map(Self.keyRecord)
        }
    }

    /// See ``SecurityStore/updateKey(_:)``.
    public func updateKey(_ key: APIKeyRecord) async throws(RegistryError) {
        try key.validate()
        let models = try Self.modelsJSON(key)
        try await write("update API key '\(key.id)'") { db in
            // Read under the write lock, so a concurrent revocation cannot be overwritten.
            let sql = "SELECT revoked_at FROM api_keys WHERE id = ?"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [key.id]) else {
                throw RegistryError.keyNotFound(key.id)
            }
            if let revokedAt = try row.decode(Double?.self, forColumn: "revoked_at") {
                throw RegistryError.keyRevoked(key.id, at: Date(timeIntervalSinceReferenceDate: revokedAt))
            }
            try Self.checkName(of: key, db)
            try db.execute(
                sql: """
                    UPDATE api_keys SET
                        name = ?, role = ?, models_json = ?, salt = ?, hash = ?, created_at = ?, created_by = ?,
                        rotated_at = ?, revoked_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    key.name, key.role, models, key.salt, key.hash, key.createdAt.timeIntervalSinceReferenceDate,
                    key.createdBy, key.rotatedAt?.timeIntervalSinceReferenceDate,
                    key.revokedAt?.timeIntervalSinceReferenceDate, key.id,
                ])
        }
    }

    /// See ``SecurityStore/securityGeneration()``.
    public func securityGeneration() async throws(RegistryError) -> Int64 {
        try await read("read the security generation") { db in
            let sql = "SELECT generation FROM security_generation WHERE id = 1"
            guard let generation = try Int64.fetchOne(db, sql: sql) else {
                throw Self.corrupt("the security_generation row is missing")
            }
            return generation
        }
    }

    /// See ``SecurityStore/appendAudit(_:)``.
    @discardableResult
    public func appendAudit(_ entry: AuditRecord) async throws(RegistryError) -> AuditRecord {
        try entry.validate()
        let id = try await write("append a '\(entry.action)' audit entry") { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_log (at, actor, action, target, before_state, after_state, outcome, details)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.at.timeIntervalSinceReferenceDate, entry.actor, entry.action, entry.target, entry.before,
                    entry.after, entry.outcome, entry.details,
                ])
            return db.lastInsertedRowID
        }
        var stored = entry
        stored.id = id
        return stored
    }

    /// See ``SecurityStore/audit(since:action:actor:limit:)``.
    public func audit(
        since: Date?, action: String?, actor: String?, limit: Int
    ) async throws(RegistryError) -> [AuditRecord] {
        try AuditRecord.checkLimit(limit)
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let since {
            conditions.append("at >= ?")
            arguments += [since.timeIntervalSinceReferenceDate]
        }
        if let action {
            conditions.append("action = ?")
            arguments += [action]
        }
        if let actor {
            // A prefix test without LIKE, whose wildcards the text could hold.
            conditions.append("substr(CAST(actor AS BLOB), 1, length(CAST(? AS BLOB))) = CAST(? AS BLOB)")
            arguments += [actor, actor]
        }
        arguments += [limit]
        // Only fixed condition texts are joined; the values are bound.
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT id, at, actor, action, target, before_state, after_state, outcome, details FROM audit_log \(filter)
            ORDER BY id DESC LIMIT ?
            """
        return try await read("read the audit log") { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditRecord(
                    id: try row.decode(forColumn: "id"),
                    at: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "at")),
                    actor: try row.decode(forColumn: "actor"), action: try row.decode(forColumn: "action"),
                    target: try row.decode(forColumn: "target"), before: try row.decode(forColumn: "before_state"),
                    after: try row.decode(forColumn: "after_state"), outcome: try row.decode(forColumn: "outcome"),
                    details: try row.decode(forColumn: "details"))
            }
        }
    }

    // MARK: - Rows

    private static let keyColumns =
        "id, name, role, models_json, salt, hash, created_at, created_by, rotated_at, revoked_at"

    /// Refuses an active key whose name another active key (with another id) has; the partial unique index
    /// `api_keys_active_name` backs this up, but the error here names the other key.
    private static func checkName(of key: APIKeyRecord, _ db: Database) throws {
        guard key.isActive else { return }
        if let other = try String.fetchOne(
            db, sql: "SELECT id FROM api_keys WHERE name = ? AND revoked_at IS NULL AND id <> ? LIMIT 1",
            arguments: [key.name, key.id])
        {
            throw RegistryError.keyNameTaken(key.name, by: other)
        }
    }

    private static func modelsJSON(_ key: APIKeyRecord) throws(RegistryError) -> String? {
        guard let models = key.models else { return nil }
        do {
            return try encode(models)
        } catch {
            throw RegistryError(.invalidRecord, "cannot encode the models of API key '\(key.id)'", cause: error)
        }
    }

    private static func keyRecord(_ row: Row) throws -> APIKeyRecord {
        let id: String = try row.decode(forColumn: "id")
        var models: [String]?
        if let json = try row.decode(String?.self, forColumn: "models_json") {
            do {
                models = try JSONDecoder().decode([String].self, from: Data(json.utf8))
            } catch {
                throw corrupt("the models of API key '\(id)' are not a JSON array of names")
            }
        }
        return APIKeyRecord(
            id: id, name: try row.decode(forColumn: "name"), role: try row.decode(forColumn: "role"), models: models,
            salt: try row.decode(forColumn: "salt"), hash: try row.decode(forColumn: "hash"),
            createdAt: Date(timeIntervalSinceReferenceDate: try row.decode(forColumn: "created_at")),
            createdBy: try row.decode(forColumn: "created_by"),
            rotatedAt: try date(row, "rotated_at"), revokedAt: try date(row, "revoked_at"))
    }

    private static func date(_ row: Row, _ column: String) throws -> Date? {
        try row.decode(Double?.self, forColumn: column).map(Date.init(timeIntervalSinceReferenceDate:))
    }
}
