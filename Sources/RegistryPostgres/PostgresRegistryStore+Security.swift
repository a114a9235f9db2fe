public import Foundation
import Logging
import PostgresNIO
public import Registry

/// API keys and the audit log (``Registry/SecurityStore``) in the tables of migration 2. The security generation is
/// bumped by a trigger on `api_keys`, in the transaction of each key write; `audit_log` refuses updates, deletes and
/// truncation by trigger.
extension PostgresRegistryStore: SecurityStore {
    /// See ``Registry/SecurityStore/insertKey(_:)``.
    public func insertKey(_ key: APIKeyRecord) async throws(RegistryError) {
        try key.validate()
        let models = try Self.modelsJSON(key)
        let logger = logger
        try await write("insert API key '\(key.id)'") { connection in
            // Key writers take turns, so the id and name checks below hold until the commit.
            try await Self.lockKeys(connection, logger)
            if try await !Self.rows("SELECT 1 FROM api_keys WHERE id = \(key.id)", connection, logger).isEmpty {
                throw RegistryError.keyIDTaken(key.id)
            }
            try await Self.checkName(of: key, connection, logger)
            try await connection.query(
                """
                INSERT INTO api_keys (
                    id, name, role, models_json, salt, hash, created_at, created_by, rotated_at, revoked_at)
                VALUES (\(key.id), \(key.name), \(key.role), \(models), \(key.salt), \(key.hash),
                    \(key.createdAt.timeIntervalSinceReferenceDate), \(key.createdBy),
                    \(key.rotatedAt?.timeIntervalSinceReferenceDate), \(key.revokedAt?.timeIntervalSinceReferenceDate))
                """, logger: logger)
        }
    }

    /// See ``Registry/SecurityStore/key(id:)``.
    public func key(id: String) async throws(RegistryError) -> APIKeyRecord? {
        let logger = logger
        return try await read("read API key '\(id.prefix(64))'") { connection in
            try await Self.rows(
                "SELECT \(unescaped: Self.keyColumns) FROM api_keys WHERE id = \(id)", connection, logger
            )
            .first.map(Self.keyRecord)
        }
    }

    /// See ``Registry/SecurityStore/keys()``.
    public func keys() async throws(RegistryError) -> [APIKeyRecord] {
        let logger = logger
        return try await read("list the API keys") { connection in
            try await Self.rows(
                "SELECT \(unescaped: Self.keyColumns) FROM api_keys ORDER BY created_at, id", connection, logger
            ).map(Self.keyRecord)
        }
    }

    /// See ``Registry/SecurityStore/updateKey(_:)``.
    public func updateKey(_ key: APIKeyRecord) async throws(RegistryError) {
        try key.validate()
        let models = try Self.modelsJSON(key)
        let logger = logger
        try await write("update API key '\(key.id)'") { connection in
            try await Self.lockKeys(connection, logger)
            // Read under the lock, so a concurrent revocation cannot be overwritten.
            guard
                let row = try await Self.rows(
                    "SELECT revoked_at FROM api_keys WHERE id = \(key.id)", connection, logger
                ).first
            else { throw RegistryError.keyNotFound(key.id) }
            if let revokedAt = try row[0].decode(Double?.self) {
                throw RegistryError.keyRevoked(key.id, at: Date(timeIntervalSinceReferenceDate: revokedAt))
            }
            try await Self.checkName(of: key, connection, logger)
            try await connection.query(
                """
                UPDATE api_keys SET
                    name = \(key.name), role = \(key.role), models_json = \(models), salt = \(key.salt),
                    hash = \(key.hash), created_at = \(key.createdAt.timeIntervalSinceReferenceDate),
                    created_by = \(key.createdBy), rotated_at = \(key.rotatedAt?.timeIntervalSinceReferenceDate),
                    revoked_at = \(key.revokedAt?.timeIntervalSinceReferenceDate)
                WHERE id = \(key.id)
                """, logger: logger)
        }
    }

    /// See ``Registry/SecurityStore/securityGeneration()``.
    public func securityGeneration() async throws(RegistryError) -> Int64 {
        let logger = logger
        return try await read("read the security generation") { connection in
            guard
                let row = try await Self.rows(
                    "SELECT generation FROM security_generation WHERE id = 1", connection, logger
                ).first
            else { throw Self.corrupt("the security_generation row is missing") }
            return try row[0].decode(Int64.self)
        }
    }

    /// See ``Registry/SecurityStore/appendAudit(_:)``.
    @discardableResult
    public func appendAudit(_ entry: AuditRecord) async throws(RegistryError) -> AuditRecord {
        try entry.validate()
        let logger = logger
        let id = try await write("append a '\(entry.action)' audit entry") { connection in
            guard
                let row = try await Self.rows(
                    """
                    INSERT INTO audit_log (at, actor, action, target, before_state, after_state, outcome, details)
                    VALUES (\(entry.at.timeIntervalSinceReferenceDate), \(entry.actor), \(entry.action),
                        \(entry.target), \(entry.before), \(entry.after), \(entry.outcome), \(entry.details))
                    RETURNING id
                    """, connection, logger
                ).first
            else { throw Self.corrupt("the audit insert returned no id") }
            return try row[0].decode(Int64.self)
        }
        var stored = entry
        stored.id = id
        return stored
    }

    /// See ``Registry/SecurityStore/audit(since:action:actor:limit:)``.
    public func audit(
        since: Date?, action: String?, actor: String?, limit: Int
    ) async throws(RegistryError) -> [AuditRecord] {
        try AuditRecord.checkLimit(limit)
        let logger = logger
        let sinceSeconds = since?.timeIntervalSinceReferenceDate
        return try await read("read the audit log") { connection in
            // Each filter applies when its value is not NULL; `actor` is a prefix, compared without LIKE (whose
            // wildcards the text could hold).
            try await Self.rows(
                """
                SELECT id, at, actor, action, target, before_state, after_state, outcome, details FROM audit_log
                WHERE (\(sinceSeconds)::double precision IS NULL OR at >= \(sinceSeconds))
                    AND (\(action)::text IS NULL OR action = \(action))
                    AND (\(actor)::text IS NULL OR starts_with(actor, \(actor)))
                ORDER BY id DESC LIMIT \(limit)
                """, connection, logger
            ).map { row in
                AuditRecord(
                    id: try row[0].decode(Int64.self),
                    at: Date(timeIntervalSinceReferenceDate: try row[1].decode(Double.self)),
                    actor: try row[2].decode(String.self), action: try row[3].decode(String.self),
                    target: try row[4].decode(String.self), before: try row[5].decode(String?.self),
                    after: try row[6].decode(String?.self), outcome: try row[7].decode(String.self),
                    details: try row[8].decode(String.self))
            }
        }
    }

    // MARK: - Rows

    private static let keyColumns =
        "id, name, role, models_json, salt, hash, created_at, created_by, rotated_at, revoked_at"

    /// Serialises key writers across replicas: the id and active-name checks read what no other writer can change
    /// before this transaction ends. The partial unique index `api_keys_active_name` backs the name check up.
    private static func lockKeys(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(modelLockClass), hashtext(current_schema() || ':api_keys'))",
            logger: logger)
    }

    /// Refuses an active key whose name another active key (with another id) has, naming the other key.
    private static func checkName(of key: APIKeyRecord, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard key.isActive else { return }
        if let other = try await rows(
            "SELECT id FROM api_keys WHERE name = \(key.name) AND revoked_at IS NULL AND id <> \(key.id) LIMIT 1",
            connection, logger
        ).first {
            throw RegistryError.keyNameTaken(key.name, by: try other[0].decode(String.self))
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

    private static func keyRecord(_ row: PostgresRandomAccessRow) throws -> APIKeyRecord {
        let id = try row[0].decode(String.self)
        var models: [String]?
        if let json = try row[3].decode(String?.self) {
            do {
                models = try JSONDecoder().decode([String].self, from: Data(json.utf8))
            } catch {
                throw corrupt("the models of API key '\(id)' are not a JSON array of names")
            }
        }
        return APIKeyRecord(
            id: id, name: try row[1].decode(String.self), role: try row[2].decode(String.self), models: models,
            salt: try row[4].decode(String.self), hash: try row[5].decode(String.self),
            createdAt: Date(timeIntervalSinceReferenceDate: try row[6].decode(Double.self)),
            createdBy: try row[7].decode(String.self),
            rotatedAt: try row[8].decode(Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)),
            revokedAt: try row[9].decode(Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)))
    }
}
