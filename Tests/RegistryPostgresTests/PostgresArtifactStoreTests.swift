import Foundation
import PostgresNIO
import Registry
import RegistryPostgres
import TestSupport
import Testing

@Suite("PostgresArtifactStore", .enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresArtifactStoreTests {
    @Test("passes the ArtifactStore conformance suite", arguments: ArtifactStoreConformance.checks)
    func conformance(_ check: ArtifactStoreConformance.Check) async throws {
        try await TestDatabase.withStore { store in try await check.run(store.artifacts) }
    }

    @Test("bytes damaged in the database are refused on read with storage_error")
    func verifiedOnRead() async throws {
        try await TestDatabase.withStore { store in
            let stored = try await store.artifacts.put(ArtifactStoreConformance.bytes(1_000))
            try await store.client.query(
                "UPDATE artifact_blobs SET bytes = set_byte(bytes, 0, 255) WHERE sha256 = \(stored.sha256)")
            do {
                _ = try await store.artifacts.read(stored.sha256)
                Issue.record("damaged bytes were returned")
            } catch let error as RegistryError {
                #expect(error.code == .storage && error.message.contains("does not match its digest"))
            }
        }
    }

    @Test("an object stored by one replica is read by another")
    func sharedAcrossReplicas() async throws {
        try await TestDatabase.withStores(2) { stores in
            let blob = ArtifactStoreConformance.bytes(10_000, seed: 7)
            let stored = try await stores[0].artifacts.put(blob)
            #expect(try await stores[1].artifacts.read(stored.sha256) == blob)
            #expect(try await stores[1].artifacts.put(blob).created == false)
        }
    }
}
