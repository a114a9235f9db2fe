import Foundation
import Registry
import TestSupport
import Testing

@Suite("InMemoryRegistryStore as SecurityStore")
struct InMemorySecurityStoreTests {
    @Test("passes the SecurityStore conformance suite", arguments: SecurityStoreConformance.checks)
    func conformance(_ check: SecurityStoreConformance.Check) async throws {
        try await check.run(InMemoryRegistryStore())
    }
}

@Suite("APIKeyRecord and AuditRecord")
struct SecurityRecordTests {
    @Test("a key is active until revoked")
    func isActive() {
        var key = SecurityStoreConformance.key(1)
        #expect(key.isActive)
        key.revokedAt = SecurityStoreConformance.t0
        #expect(!key.isActive)
    }

    @Test("records round-trip through Codable unchanged")
    func codable() throws {
        let key = SecurityStoreConformance.key(7, models: ["m"])
        #expect(try JSONDecoder().decode(APIKeyRecord.self, from: JSONEncoder().encode(key)) == key)
        let entry = SecurityStoreConformance.entry()
        #expect(try JSONDecoder().decode(AuditRecord.self, from: JSONEncoder().encode(entry)) == entry)
    }

    @Test("the roles are the Security module's, weakest first")
    func roles() {
        #expect(APIKeyRecord.roles == ["viewer", "operator", "admin"])
        #expect(AuditRecord.outcomes == ["success", "denied", "failed"])
    }
}
