public import DataFormats
public import Foundation
import ModelRuntime
public import PackageImport
public import Registry

/// A registry in a temporary directory holding the committed valid package (model `wifi-anomaly`, version
/// `20241201_143022`), with scikit-learn's reference outputs for the sample rows (python/fixtures/serving.py).
public struct ServingFixture: Sendable {
    /// The model name.
    public static let model = "wifi-anomaly"
    /// The package's version.
    public static let version = "20241201_143022"
    /// The committed package.
    public static let package = Fixtures.directory("packages/valid/model_20241201_143022_deployment.zip")

    /// The in-memory registry.
    public let store: InMemoryRegistryStore
    /// The artifacts under ``directory``.
    public let artifacts: FileArtifactStore
    /// The importer on both.
    public let importer: PackageImporter
    /// The temporary directory.
    public let directory: URL

    /// Imports the valid package into a fresh registry, and deploys it when `deploy` is true.
    public static func make(deploy: Bool = true) async throws -> ServingFixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-serving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = InMemoryRegistryStore()
        let artifacts = FileArtifactStore(root: dir.appendingPathComponent("artifacts"))
        let importer = PackageImporter(
            store: store, artifacts: artifacts, configuration: PackageImporter.Configuration(defaultModel: model))
        _ = try await importer.import(fileAt: package, origin: .other("test"))
        if deploy {
            let plan = try await store.lifecycle(model: model).plan(.deploy(version), actor: "test", at: Date())
            try await store.commit(plan)
        }
        return ServingFixture(store: store, artifacts: artifacts, importer: importer, directory: dir)
    }

    /// A copy of the imported version under a new name, pointing at the same artifacts, plus `extraFiles` (stored as
    /// artifacts and listed in the record, as if the package had shipped them).
    public func addCopy(named version: String, threshold: Double? = nil, extraFiles: [String: [UInt8]] = [:])
        async throws
    {
        var record = try await store.record(model: Self.model, version: Self.version)
        record.version = version
        record.status = .imported
        if let threshold { record.inferenceConfig.threshold = threshold }
        for (name, bytes) in extraFiles.sorted(by: { $0.key < $1.key }) {
            let stored = try await artifacts.put(bytes)
            record.files.append(ArtifactReference(name: name, sha256: stored.sha256, size: stored.size))
        }
        try await store.insert(record)
    }

    /// Another model holding a copy of the imported version (the same artifacts), deployed when `deploy` is true.
    public func addModel(named name: String, deploy: Bool = true) async throws {
        var record = try await store.record(model: Self.model, version: Self.version)
        record.model = name
        record.status = .imported
        try await store.insert(record)
        if deploy {
            let plan = try await store.lifecycle(model: name).plan(.deploy(Self.version), actor: "test", at: Date())
            try await store.commit(plan)
        }
    }

    /// Removes the temporary directory.
    public func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// scikit-learn's outputs for the sample rows, scored by the valid package (Tests/Fixtures/serving/expected.json).
public struct ServingExpected: Sendable {
    /// The rows as JSON objects `{feature: value}`.
    public let rows: [JSONValue]
    /// `score_samples`.
    public let scoreSamples: [Double]
    /// `decision_function`.
    public let decisionFunction: [Double]
    /// `predict`.
    public let predict: [Int]
    /// Seed 003's anomaly scores, `-score_samples`.
    public let scores: [Double]
    /// Seed 003's labels with the manifest threshold.
    public let predictions: [Int]
    /// The manifest threshold.
    public let threshold: Double
    /// The feature names in column order.
    public let featureNames: [String]

    /// Loads the committed reference.
    public static func load() throws -> ServingExpected {
        let json = try JSONValue.parse(Data(contentsOf: Fixtures.directory("serving/expected.json")))
        func doubles(_ key: String) -> [Double] { json[key]?.array?.compactMap(\.double) ?? [] }
        return ServingExpected(
            rows: json["rows"]?.array ?? [], scoreSamples: doubles("score_samples"),
            decisionFunction: doubles("decision_function"), predict: doubles("predict").map { Int($0) },
            scores: doubles("scores"), predictions: doubles("predictions").map { Int($0) },
            threshold: json["threshold"]?.double ?? .nan,
            featureNames: json["feature_names"]?.array?.compactMap(\.string) ?? [])
    }
}
