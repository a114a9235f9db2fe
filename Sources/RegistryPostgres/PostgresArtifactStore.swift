public import Foundation
import Logging
import ModelPackage
import PostgresNIO
public import Registry

/// Package files in PostgreSQL (``Registry/ArtifactStore``), readable by every replica: one `bytea` row per object
/// in `artifact_blobs` (migration 5), content-addressed by SHA-256 and checked against it on every read.
///
/// An insert is one statement, so an object is either absent or whole; `ON CONFLICT DO NOTHING` keeps the first copy
/// of identical bytes, whichever replica wrote it. It shares its registry store's pool and schema: run and migrate
/// the store first. PostgreSQL holds one value of at most 1 GB; objects are read whole into memory.
///
/// ```swift
/// let artifacts = store.artifacts
/// let stored = try await artifacts.put(modelBytes)
/// let bytes = try await artifacts.read(stored.sha256)
/// ```
public struct PostgresArtifactStore: ArtifactStore {
    /// The registry store whose pool and schema hold the objects.
    public let store: PostgresRegistryStore

    /// The artifact store of `store`.
    public init(store: PostgresRegistryStore) {
        self.store = store
    }

    /// See ``Registry/ArtifactStore/put(_:)``.
    public func put(_ bytes: [UInt8]) async throws(RegistryError) -> StoredArtifact {
        let digest = PackageValidator.sha256Hex(bytes)
        let data = Data(bytes)
        let logger = store.logger
        let created = try await store.write("store artifact \(digest)") { connection in
            try await PostgresRegistryStore.count(
                """
                INSERT INTO artifact_blobs (sha256, size, bytes) VALUES (\(digest), \(data.count), \(data))
                ON CONFLICT (sha256) DO NOTHING RETURNING 1
                """, connection, logger) > 0
        }
        return StoredArtifact(sha256: digest, size: bytes.count, created: created)
    }

    /// See ``Registry/ArtifactStore/put(stagedFile:)``. The file is removed once its bytes are stored.
    public func put(stagedFile: URL) async throws(RegistryError) -> StoredArtifact {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: stagedFile)) } catch {
            throw RegistryError(
                .storage, "cannot read the staged file \(stagedFile.path); check it exists and is readable",
                cause: error)
        }
        let stored = try await put(bytes)
        try? FileManager.default.removeItem(at: stagedFile)
        return stored
    }

    /// See ``Registry/ArtifactStore/contains(_:)``. False when the server cannot be asked.
    public func contains(_ sha256: String) async -> Bool {
        guard Artifact.isDigest(sha256) else { return false }
        let logger = store.logger
        let found = try? await store.read("look up artifact \(sha256)") { connection in
            try await !PostgresRegistryStore.rows(
                "SELECT 1 FROM artifact_blobs WHERE sha256 = \(sha256)", connection, logger
            ).isEmpty
        }
        return found ?? false
    }

    /// See ``Registry/ArtifactStore/read(_:)``.
    public func read(_ sha256: String) async throws(RegistryError) -> [UInt8] {
        try Self.checkDigest(sha256)
        let logger = store.logger
        let data = try await store.read("read artifact \(sha256)") { connection in
            try await PostgresRegistryStore.rows(
                "SELECT bytes FROM artifact_blobs WHERE sha256 = \(sha256)", connection, logger
            ).first.map { try $0[0].decode(Data.self) }
        }
        guard let data else {
            throw RegistryError(
                .storage,
                "artifact \(sha256) is not stored in the PostgreSQL registry at \(store.configuration.endpoint); "
                    + "re-import the version that uses it")
        }
        let bytes = [UInt8](data)
        guard PackageValidator.sha256Hex(bytes) == sha256 else {
            throw RegistryError(
                .storage,
                "artifact \(sha256) in the PostgreSQL registry does not match its digest (damaged); re-import the "
                    + "version that uses it")
        }
        return bytes
    }

    /// See ``Registry/ArtifactStore/remove(_:)``.
    @discardableResult
    public func remove(_ sha256: [String]) async throws(RegistryError) -> [String] {
        let digests = Set(sha256).sorted()
        for digest in digests { try Self.checkDigest(digest) }
        let logger = store.logger
        return try await store.write("remove \(digests.count) artifacts") { connection in
            try await PostgresRegistryStore.rows(
                "DELETE FROM artifact_blobs WHERE sha256 = ANY(\(digests)::text[]) RETURNING sha256", connection, logger
            ).map { try $0[0].decode(String.self) }.sorted()
        }
    }

    /// See ``Registry/ArtifactStore/digests()``.
    public func digests() async throws(RegistryError) -> [String] {
        let logger = store.logger
        return try await store.read("list the artifacts") { connection in
            try await PostgresRegistryStore.rows(
                "SELECT sha256 FROM artifact_blobs ORDER BY sha256", connection, logger
            )
            .map { try $0[0].decode(String.self) }
        }
    }

    /// See ``Registry/ArtifactStore/cleanLeftovers()``: a statement that fails leaves nothing behind, so there is
    /// never anything to clean.
    @discardableResult
    public func cleanLeftovers() async throws(RegistryError) -> Int { 0 }

    private static func checkDigest(_ sha256: String) throws(RegistryError) {
        guard Artifact.isDigest(sha256) else {
            throw RegistryError(
                .invalidRecord, "'\(sha256.prefix(80))' is not a SHA256 digest; give 64 lowercase hex digits")
        }
    }
}

extension PostgresRegistryStore {
    /// The artifact store in this store's database and schema.
    public var artifacts: PostgresArtifactStore { PostgresArtifactStore(store: self) }
}
