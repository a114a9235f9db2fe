import Foundation
import Registry
import Testing
import TestSupport

@Suite("InMemoryRegistryStore")
struct InMemoryRegistryStoreTests {
    @Test("passes the RegistryStore conformance suite", arguments: RegistryConformance.checks)
    func conformance(_ check: RegistryConformance.Check) async throws {
        try await check.run(InMemoryRegistryStore())
    }
}
