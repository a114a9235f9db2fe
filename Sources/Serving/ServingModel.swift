public import Foundation
public import ModelRuntime
public import Registry

/// Where a serving model's threshold came from.
public enum ThresholdSource: String, Sendable, Codable {
    /// The package's `deployment_manifest.json` → `inference_config.threshold`.
    case manifest
    /// The model's own `-offset_` (scikit-learn's `predict` boundary).
    case model
}

/// One version loaded and verified, ready to score. Immutable: a request that picked it up keeps scoring on it
/// even when a deploy swaps another version in meanwhile.
public final class ServingModel: Sendable {
    /// The model's name.
    public let model: String
    /// The version.
    public let version: String
    /// The registry record as it was when loaded.
    public let record: VersionRecord
    /// The detector, with the package's scaler in front when there is one.
    public let detector: any OutlierDetector
    /// Feature names in column order, when known (scaler or model `feature_names_in_`, else metadata.json).
    public let featureNames: [String]?
    /// Number of input features.
    public let nFeatures: Int
    /// Feature names for reports: `featureNames`, else `feature_0` … `feature_{n-1}`.
    public let columnNames: [String]
    /// Per-version state of the prediction observers (monitoring recorder, metric handles), attached on first use.
    public let observers = ObserverSlot()
    /// Column of each feature name (empty without names).
    public let featureIndex: [String: Int]
    /// The fast body parser's column lookup, when the model has feature names.
    public let columns: FeatureBody.Columns?
    /// Score threshold: a row whose anomaly score (`-score_samples`) is above it is an anomaly.
    public let threshold: Double
    /// Where ``threshold`` came from.
    public let thresholdSource: ThresholdSource
    /// The final estimator's class, e.g. `IsolationForest`.
    public let estimatorClass: String
    /// When the version was loaded into this process.
    public let loadedAt: Date
    /// The scikit-learn version that pickled the model, if recorded.
    public let sklearnVersion: String?

    /// Creates a serving model from a loaded detector.
    ///
    /// - Parameters:
    ///   - record: the version's registry record (its inference config gives the threshold).
    ///   - detector: the detector, with any scaler already in front.
    ///   - metadataFeatureNames: `training_info.feature_names` from metadata.json, used when the estimators carry
    ///     no names.
    public init(
        record: VersionRecord, detector: any OutlierDetector, estimatorClass: String, sklearnVersion: String?,
        metadataFeatureNames: [String]?, loadedAt: Date = Date()
    ) throws(ServingError) {
        self.model = record.model
        self.version = record.version
        self.record = record
        self.detector = detector
        self.nFeatures = detector.nFeaturesIn
        let names = detector.featureNames ?? metadataFeatureNames
        if let names, names.count != detector.nFeaturesIn {
            throw ServingError(
                .loadFailed,
                "version '\(record.version)' lists \(names.count) feature names but its model takes "
                    + "\(detector.nFeaturesIn) features; fix metadata.json and import the package again")
        }
        self.featureNames = names
        self.columnNames = names ?? (0..<detector.nFeaturesIn).map { "feature_\($0)" }
        var index: [String: Int] = [:]
        for (i, name) in (names ?? []).enumerated() { index[name] = i }
        self.featureIndex = index
        self.columns = names.map(FeatureBody.Columns.init)
        self.estimatorClass = estimatorClass
        self.sklearnVersion = sklearnVersion
        self.loadedAt = loadedAt
        if let t = record.inferenceConfig.threshold {
            self.threshold = t
            self.thresholdSource = .manifest
        } else {
            // offset_ = score_samples - decision_function for every scikit-learn outlier detector.
            let probe = FeatureMatrix(rows: 1, columns: detector.nFeaturesIn, values: .init(
                repeating: 0, count: detector.nFeaturesIn))
            let s = detector.evaluateUnchecked(probe)
            self.threshold = -(s.scoreSamples[0] - s.decisionFunction[0])
            self.thresholdSource = .model
        }
    }

    /// Whether ``Prediction/probabilities`` is defined: the anomaly score is bounded in (0, 1] only for
    /// IsolationForest.
    public var supportsProbability: Bool { estimatorClass == "IsolationForest" }

    /// The most rows one request may send: `inference_config.batch_size`, else `fallback`.
    public func maxRows(fallback: Int) -> Int { record.inferenceConfig.batchSize.map { max(1, $0) } ?? fallback }

    /// Refuses a request of more rows than ``maxRows(fallback:)``.
    ///
    /// - Throws: `too_many_rows` naming the count and the limit.
    public func checkRows(_ count: Int, fallback: Int) throws(ServingError) {
        let limit = maxRows(fallback: fallback)
        guard count <= limit else {
            throw ServingError(
                .tooManyRows,
                "the request has \(count) rows but version '\(version)' takes at most \(limit) per request "
                    + "(inference_config.batch_size); split the rows into batches",
                details: ["rows": .int(count), "limit": .int(limit)])
        }
    }
}

extension ServingModel {
    /// The estimated bytes this loaded version holds: the forest's arrays for IsolationForest (alone or as a
    /// pipeline's final step), else the size of its stored artifacts (an upper-bound stand-in for estimators
    /// without an estimate).
    public var estimatedMemoryBytes: Int {
        func estimate(_ d: any OutlierDetector) -> Int? {
            if let forest = d as? IsolationForest { return forest.estimatedMemoryBytes }
            if let pipeline = d as? Pipeline { return estimate(pipeline.detector) }
            return nil
        }
        return estimate(detector) ?? record.files.reduce(0) { $0 + $1.size }
    }
}
