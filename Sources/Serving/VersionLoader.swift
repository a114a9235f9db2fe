import Foundation
import ModelRuntime
public import Registry
import ModelPackage

/// Loads a registry version's artifacts into a verified ``ServingModel``: `model.joblib`, `scaler.joblib` when
/// present, the feature names of metadata.json, and a trial inference whose outputs must be finite.
public struct VersionLoader: Sendable {
    /// The registry.
    public let store: any VersionStore
    /// Where the version's files are.
    public let artifacts: any ArtifactStore

    /// Creates a loader.
    public init(store: any VersionStore, artifacts: any ArtifactStore) {
        self.store = store
        self.artifacts = artifacts
    }

    /// Loads one version.
    ///
    /// - Throws: `version_not_found`, or `load_failed` naming the file and the reason.
    public func load(model: String, version: String) async throws(ServingError) -> ServingModel {
        let record: VersionRecord
        do { record = try await store.record(model: model, version: version) } catch {
            if error.code == .versionNotFound {
                throw ServingError(
                    .versionNotFound, error.message, details: ["model": .string(model), "version": .string(version)])
            }
            throw ServingError(.loadFailed, error.description)
        }
        return try await load(record)
    }

    /// Loads the version a record describes.
    ///
    /// - Throws: `load_failed` naming the file and the reason.
    public func load(_ record: VersionRecord) async throws(ServingError) -> ServingModel {
        func fail(_ message: String) -> ServingError {
            ServingError(
                .loadFailed, "version '\(record.version)' of model '\(record.model)' did not load: \(message)",
                details: ["model": .string(record.model), "version": .string(record.version)])
        }
        guard let modelFile = record.files.first(where: { $0.name == "model.joblib" }) else {
            throw fail("it has no model.joblib artifact; import the package again")
        }
        do {
            let loaded = try ModelLoader.load(bytes: try await bytes(modelFile, fail), name: "model.joblib")
            var detector = try loaded.detector()
            let estimatorClass: String
            if let pipeline = detector as? Pipeline { estimatorClass = pipeline.finalClassName } else {
                estimatorClass = detector.className
            }
            if let scalerFile = record.files.first(where: { $0.name == "scaler.joblib" }) {
                let scaler = try ModelLoader.load(bytes: try await bytes(scalerFile, fail), name: "scaler.joblib")
                    .transformer()
                detector = try Pipeline(transformers: [(name: "scaler", transformer: scaler)], detector: detector)
            }
            let serving = try ServingModel(
                record: record, detector: detector, estimatorClass: estimatorClass,
                sklearnVersion: loaded.info.sklearnVersion, metadataFeatureNames: metadataFeatureNames(record))
            try trial(serving, fail)
            return serving
        } catch let error as ServingError {
            throw error
        } catch let error as ModelRuntimeError {
            throw fail(error.message)
        } catch {
            throw fail("\(error)")
        }
    }

    private func bytes(_ file: ArtifactReference, _ fail: (String) -> ServingError) async throws(ServingError)
        -> [UInt8]
    {
        do { return try await artifacts.read(file.sha256) } catch {
            throw fail("cannot read \(file.name) (\(file.sha256)): \(error.description)")
        }
    }

    private func metadataFeatureNames(_ record: VersionRecord) -> [String]? {
        guard let text = record.metadataJSON else { return nil }
        return PackageMetadata.parse(Array(text.utf8)).value?.trainingInfo?.featureNames
    }

    /// One row of zeros must score to finite numbers: catches a model whose arithmetic is broken by its file.
    private func trial(_ serving: ServingModel, _ fail: (String) -> ServingError) throws(ServingError) {
        let n = serving.nFeatures
        let s = serving.detector.evaluateUnchecked(FeatureMatrix(rows: 1, columns: n, values: .init(repeating: 0, count: n)))
        guard s.scoreSamples.allSatisfy(\.isFinite), s.decisionFunction.allSatisfy(\.isFinite) else {
            throw fail("the trial inference on a row of zeros gave a non-finite score; the model file is damaged")
        }
    }
}
