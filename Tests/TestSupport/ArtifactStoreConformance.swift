public import Foundation
import ModelPackage
public import Registry

/// The behaviour every ``ArtifactStore`` must show. Each check gets a fresh, empty store from the caller and throws
/// ``RegistryConformance/Failure`` when the store misbehaves; a test target runs `ArtifactStoreConformance.checks` as
/// an `arguments:` table against its store (the file store in RegistryTests, the PostgreSQL one in its module's).
/// Damage (bytes that no longer match their digest) is store-specific to cause, so each store's own tests check it.
public enum ArtifactStoreConformance {
    /// One behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the store must do.
        public var description: String
        let body: @Sendable (any ArtifactStore) async throws -> Void

        /// Runs the check against a fresh store.
        public func run(_ store: any ArtifactStore) async throws { try await body(store) }
    }

    static func check(_ condition: Bool, _ message: String) throws {
        try RegistryConformance.check(condition, message)
    }

    static func refuses(_ code: RegistryError.Code, _ what: String, _ body: () async throws -> Void) async throws {
        try await RegistryConformance.refuses(code, what, body)
    }

    /// `count` bytes derived from `seed`, every byte value present for long enough blobs.
    public static func bytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    public static let checks: [Check] = [
        Check(description: "stores bytes under their SHA-256 once, and reads them back unchanged") { store in
            let blob = bytes(100_000, seed: 1)
            let first = try await store.put(blob)
            try check(first.sha256 == PackageValidator.sha256Hex(blob), "digest \(first.sha256)")
            try check(first.size == blob.count && first.created, "first put \(first)")
            let again = try await store.put(blob)
            try check(again.sha256 == first.sha256 && !again.created, "identical bytes stored twice: \(again)")
            try check(try await store.read(first.sha256) == blob, "read changed the bytes")
            try check(await store.contains(first.sha256), "contains() misses a stored object")
            try check(try await store.digests() == [first.sha256], "digests \(try await store.digests())")
        },
        Check(description: "stores empty and binary objects; lists digests sorted") { store in
            let empty = try await store.put([])
            let emptyBytes = try await store.read(empty.sha256)
            try check(empty.size == 0 && emptyBytes.isEmpty, "the empty object")
            var digests = [empty.sha256]
            for seed in 0..<5 as Range<UInt8> { digests.append(try await store.put(bytes(257, seed: seed)).sha256) }
            try check(try await store.digests() == digests.sorted(), "digests not sorted or incomplete")
        },
        Check(description: "a missing object is storage_error, a malformed digest invalid_record") { store in
            let absent = String(repeating: "a", count: 64)
            try await refuses(.storage, "absent") { _ = try await store.read(absent) }
            try await refuses(.invalidRecord, "malformed") { _ = try await store.read("../etc/passwd") }
            try await refuses(.invalidRecord, "uppercase") {
                _ = try await store.read(String(repeating: "A", count: 64))
            }
            try await refuses(.invalidRecord, "remove malformed") { try await store.remove(["xyz"]) }
            try check(!(await store.contains(absent)), "contains() an absent object")
            try check(!(await store.contains("not-a-digest")), "contains() a malformed digest")
        },
        Check(description: "removes present objects, ignores absent ones, and reports which were removed") { store in
            let a = try await store.put(bytes(10, seed: 1)).sha256
            let b = try await store.put(bytes(10, seed: 2)).sha256
            let absent = String(repeating: "0", count: 64)
            let removed = try await store.remove([a, absent, a])
            try check(removed == [a], "removed \(removed)")
            let (hasA, hasB) = (await store.contains(a), await store.contains(b))
            try check(!hasA && hasB, "the wrong object went")
            try check(try await store.digests() == [b], "left \(try await store.digests())")
            try check(try await store.put(bytes(10, seed: 1)).created, "a removed object is stored again as new")
        },
        Check(description: "stores a staged file, consuming it, as put(bytes) would") { store in
            let blob = bytes(4_096, seed: 9)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "warden-staged-\(UUID().uuidString)")
            try Data(blob).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let stored = try await store.put(stagedFile: file)
            try check(stored.sha256 == PackageValidator.sha256Hex(blob) && stored.size == blob.count, "\(stored)")
            try check(!FileManager.default.fileExists(atPath: file.path), "the staged file was left behind")
            try check(try await store.read(stored.sha256) == blob, "staged bytes changed")
            try check(try await store.cleanLeftovers() == 0, "a clean store reported leftovers")
        },
        Check(description: "concurrent puts of the same bytes keep one whole object") { store in
            let blob = bytes(50_000, seed: 3)
            let results = try await withThrowingTaskGroup(of: StoredArtifact.self) { group in
                for _ in 0..<8 { group.addTask { try await store.put(blob) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try check(Set(results.map(\.sha256)).count == 1, "different digests for the same bytes")
            try check(results.contains(where: \.created), "no put created the object")
            try check(try await store.read(results[0].sha256) == blob, "the object is not whole")
            try check(try await store.digests().count == 1, "more than one object")
        },
    ]
}
