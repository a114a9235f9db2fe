import Foundation
import PostgresNIO
import Registry
import RegistryPostgres
import TestSupport
import Testing

@Suite("PostgresRegistryStore as SecurityStore", .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresSecurityStoreTests {
    @Test("passes the SecurityStore conformance suite", arguments: SecurityStoreConformance.checks)
    func conformance(_ check: SecurityStoreConformance.Check) async throws {
        try await TestDatabase.withStore { store in try await check.run(store) }
    }

    @Test(
        "the audit log is append-only in the schema: any writer's UPDATE, DELETE or TRUNCATE is refused",
        arguments: [
            "UPDATE audit_log SET outcome = 'success'", "DELETE FROM audit_log WHERE id = 1", "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ])
    func appendOnly(_ statement: String) async throws {
        try await TestDatabase.withStore { store in
            let entry = AuditRecord(
                at: SecurityStoreConformance.t0, actor: "cli:alice", action: "key.create", target: "key:1",
                outcome: "denied")
            let stored = try await store.appendAudit(entry)
            await #expect(throws: PSQLError.self) {
                try await store.client.query(PostgresQuery(unsafeSQL: statement))
            }
            let left = try await store.audit(since: nil, action: nil, actor: nil, limit: 10)
            #expect(left == [stored])
        }
    }

    @Test("a key written by any writer bumps the security generation, through the trigger")
    func generationTrigger() async throws {
        try await TestDatabase.withStore { store in
            let before = try await store.securityGeneration()
            try await store.insertKey(SecurityStoreConformance.key(1))
            try await store.client.query("UPDATE api_keys SET role = 'admin'")
            #expect(try await store.securityGeneration() == before + 2)
        }
    }
}
