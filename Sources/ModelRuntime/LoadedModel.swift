public import DataFormats
public import Pickle

/// What a model file turned out to hold.
public enum LoadedEstimator: Sendable {
    /// An outlier detector (possibly a Pipeline ending in one).
    case detector(any OutlierDetector)
    /// A transformer only (a scaler file, or a Pipeline of scalers).
    case transformer(any FeatureTransformer)
}

/// Facts about a model file, for `warden inspect` and the registry.
public struct ModelInfo: Sendable {
    /// Top-level class name, e.g. `IsolationForest` or `Pipeline`.
    public var className: String
    /// Fully-qualified class, e.g. `sklearn.ensemble._iforest.IsolationForest`.
    public var qualifiedClassName: String
    /// Final estimator class for pipelines (same as `className` otherwise).
    public var finalClassName: String
    /// The scikit-learn version that pickled the model, if recorded.
    public var sklearnVersion: String?
    /// Constructor parameters (of the final estimator for pipelines) as JSON: null, booleans, numbers, strings and
    /// arrays of them (at most 64 elements); other objects as the string `<ClassName>`.
    public var parameters: [String: JSONValue]
    /// Pipeline steps as `name: Class`, empty otherwise.
    public var steps: [String]
    /// `n_features_in_`.
    public var nFeaturesIn: Int
    /// `feature_names_in_`, if fitted on a DataFrame.
    public var featureNames: [String]?
    /// How the file was compressed.
    public var compression: Compression
    /// The pickle protocol.
    public var protocolVersion: Int
    /// Every global the pickle references.
    public var globals: [GlobalName]
    /// File size on disk.
    public var fileSize: Int
}

/// A loaded, ready-to-score model.
public struct LoadedModel: Sendable {
    /// The estimator.
    public var estimator: LoadedEstimator
    /// Facts about the file.
    public var info: ModelInfo

    /// The detector, or an `unsupportedModel` error when the file holds only a transformer.
    public func detector() throws(ModelRuntimeError) -> any OutlierDetector {
        guard case .detector(let d) = estimator else {
            throw ModelRuntimeError(
                .unsupportedModel,
                "\(info.className) is a transformer, not an outlier detector; pass it as the scaler (--scaler)")
        }
        return d
    }

    /// The transformer, or an error when the file holds a detector.
    public func transformer() throws(ModelRuntimeError) -> any FeatureTransformer {
        guard case .transformer(let t) = estimator else {
            throw ModelRuntimeError(
                .unsupportedModel, "\(info.className) is an outlier detector, not a scaler; pass it as the model (--model)")
        }
        return t
    }
}
