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
        let fail = Self.failure(record)
        guard let modelFile = record.files.first(where: { $0.name == Self.modelFile }) else {
            throw fail("it has no model.joblib artifact; import the package again")
        }
        let model = try await bytes(modelFile, fail)
        var scaler: [UInt8]?
        if let scalerFile = record.files.first(where: { $0.name == Self.scalerFile }) {
            scaler = try await bytes(scalerFile, fail)
        }
        return try Self.assemble(record, model: model, scaler: scaler)
    }

    /// Loads a version from its files in memory: a package that is not in the registry (`warden score --package`).
    /// The same assembly as a registered version: `model.joblib`, `scaler.joblib` in front when present, the feature
    /// names of metadata.json, the manifest's threshold, and the trial inference.
    ///
    /// - Parameters:
    ///   - record: the version as the package describes it (its inference config gives the threshold).
    ///   - files: the package's files by name.
    /// - Throws: `load_failed` naming the file and the reason.
    public static func load(_ record: VersionRecord, files: [String: [UInt8]]) throws(ServingError) -> ServingModel {
        guard let model = files[modelFile] else {
            throw failure(record)("it has no model.joblib; add the model to the package")
        }
        return try assemble(record, model: model, scaler: files[scalerFile])
    }

    /// The model file of a package.
    public static let modelFile = "model.joblib"
    /// The optional scaler file of a package.
    public static let scalerFile = "scaler.joblib"

    static func failure(_ record: VersionRecord) -> (String) -> ServingError {
        { message in
            ServingError(
                .loadFailed, "version '\(record.version)' of model '\(record.model)' did not load: \(message)",
                details: ["model": .string(record.model), "version": .string(record.version)])
        }
    }

    /// Model and scaler bytes → the detector (the scaler composed in front), the serving model with its threshold,
    /// verified by a trial inference. The one place this is done.
    static func assemble(_ record: VersionRecord, model: [UInt8], scaler: [UInt8]?) throws(ServingError)
        -> ServingModel
    {
        let fail = failure(record)
        do {
            let loaded = try ModelLoader.load(bytes: model, name: modelFile)
            var detector = try loaded.detector()
            let estimatorClass: String
            if let pipeline = detector as? Pipeline { estimatorClass = pipeline.finalClassName } else {
                estimatorClass = detector.className
            }
            if let scaler {
                let transformer = try ModelLoader.load(bytes: scaler, name: scalerFile).transformer()
                detector = try Pipeline(transformers: [(name: "scaler", transformer: transformer)], detector: detector)
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

    /// `training_info.feature_names` of metadata.json, else of deployment_manifest.json.
    private static func metadataFeatureNames(_ record: VersionRecord) -> [String]? {
        if let text = record.metadataJSON,
            let names = PackageMetadata.parse(Array(text.utf8)).value?.trainingInfo?.featureNames
        {
            return names
        }
        guard let text = record.manifestJSON else { return nil }
        return PackageManifest.parse(Array(text.utf8)).value?.trainingInfo?.featureNames
    }

    /// One row of zeros must score to finite numbers: catches a model whose arithmetic is broken by its file.
    private static func trial(_ serving: ServingModel, _ fail: (String) -> ServingError) throws(ServingError) {
        let n = serving.nFeatures
        let s = serving.detector.evaluateUnchecked(FeatureMatrix(rows: 1, columns: n, values: .init(repeating: 0, count: n)))
        guard s.scoreSamples.allSatisfy(\.isFinite), s.decisionFunction.allSatisfy(\.isFinite) else {
            throw fail("the trial inference on a row of zeros gave a non-finite score; the model file is damaged")
        }
    }
}
