import Foundation
import Registry
import TestSupport
import Testing

@Suite("FileArtifactStore")
struct FileArtifactStoreTests {
    @Test("passes the ArtifactStore conformance suite", arguments: ArtifactStoreConformance.checks)
    func conformance(_ check: ArtifactStoreConformance.Check) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "warden-artifacts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await check.run(FileArtifactStore(root: root))
    }
}
