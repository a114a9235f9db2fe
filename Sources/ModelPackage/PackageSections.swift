public import DataFormats
import Foundation

/// The result of reading a schema: the typed value (fields of the wrong type left nil), every type or presence
/// problem (`invalid_metadata`, with JSON paths) and notes about fields the schema does not define.
public struct SchemaParse<Value: Sendable>: Sendable {
    /// The typed view; nil only when the bytes are not a JSON object at all.
    public var value: Value
    /// Every type or presence problem, code `invalid_metadata`.
    public var problems: [ValidationIssue]
    /// Fields outside the schema, code `unknown_field`.
    public var notes: [ValidationIssue]
}

/// `model_info` of metadata.json and of deployment_manifest.json (the manifest has no version or date).
public struct PackageModelInfo: Sendable, Equatable {
    /// The model version, e.g. `20241201_143022`.
    public var version: String?
    /// When the model was trained; the quality rules measure its age from this.
    public var createdAt: Timestamp?
    /// The estimator class name, e.g. `IsolationForest`.
    public var modelType: String?
    /// Where the training data came from.
    public var trainingSource: String?
    /// The export file the model was trained on.
    public var exportFile: String?
    /// The training run's identifier.
    public var trainingID: String?

    static let keys: Set<String> = [
        "version", "created_at", "model_type", "training_source", "export_file", "training_id",
    ]

    init(_ o: [String: JSONValue], at path: String, _ r: inout SchemaReader) {
        version = r.string(o, "version", at: path)
        createdAt = r.date(o, "created_at", at: path)
        modelType = r.string(o, "model_type", at: path)
        trainingSource = r.string(o, "training_source", at: path)
        exportFile = r.string(o, "export_file", at: path)
        trainingID = r.string(o, "training_id", at: path)
        r.noteUnknown(o, at: path, known: Self.keys)
    }
}

/// `training_info`: the training data and the feature list.
public struct PackageTrainingInfo: Sendable, Equatable {
    /// Number of training rows.
    public var trainingSamples: Int?
    /// The features in the order the model takes them.
    public var featureNames: [String]?
    /// The number of features.
    public var featureCount: Int?
    /// Size of the export file in bytes.
    public var exportFileSize: Int?
    /// Training time in seconds.
    public var trainingDuration: Double?
    /// The estimator's constructor parameters as written by the training service.
    public var modelParameters: [String: JSONValue]?
    /// `feature_statistics`: per feature, its distribution on the training data (written by the training service
    /// beside the seed's fields; agents use it to say which features made a row anomalous).
    public var featureStatistics: [String: FeatureStatistics]?

    static let keys: Set<String> = [
        "training_samples", "feature_names", "feature_count", "export_file_size", "training_duration",
        "model_parameters", "feature_statistics",
    ]

    init(_ o: [String: JSONValue], at path: String, _ r: inout SchemaReader) {
        trainingSamples = r.int(o, "training_samples", at: path, minimum: 0)
        featureNames = r.strings(o, "feature_names", at: path)
        featureCount = r.int(o, "feature_count", at: path, minimum: 0)
        exportFileSize = r.int(o, "export_file_size", at: path, minimum: 0)
        trainingDuration = r.double(o, "training_duration", at: path)
        modelParameters = r.object(o, "model_parameters", at: path)
        if let stats = r.object(o, "feature_statistics", at: path) {
            let p = SchemaReader.join(path, "feature_statistics")
            var out: [String: FeatureStatistics] = [:]
            for name in stats.keys.sorted() {
                if let s = r.object(stats, name, at: p) {
                    out[name] = FeatureStatistics(s, at: SchemaReader.join(p, name), &r)
                }
            }
            featureStatistics = out
        }
        r.noteUnknown(o, at: path, known: Self.keys)
    }
}

/// One feature's distribution on the training data, as `training_info.feature_statistics.<name>` records it.
/// Every figure is optional: a statistic that is absent or `null` is nil. NaN (Python's `float('nan')`, e.g. the
/// `std` of one row) is kept as NaN.
public struct FeatureStatistics: Sendable, Equatable, Codable {
    /// The mean.
    public var mean: Double?
    /// The standard deviation.
    public var std: Double?
    /// The smallest value.
    public var min: Double?
    /// The largest value.
    public var max: Double?
    /// The 1st percentile.
    public var p01: Double?
    /// The median.
    public var p50: Double?
    /// The 99th percentile.
    public var p99: Double?

    static let keys: Set<String> = ["mean", "std", "min", "max", "p01", "p50", "p99"]

    /// Creates statistics (tests, and callers that computed them).
    public init(
        mean: Double? = nil, std: Double? = nil, min: Double? = nil, max: Double? = nil, p01: Double? = nil,
        p50: Double? = nil, p99: Double? = nil
    ) {
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
        self.p01 = p01
        self.p50 = p50
        self.p99 = p99
    }

    init(_ o: [String: JSONValue], at path: String, _ r: inout SchemaReader) {
        mean = r.double(o, "mean", at: path)
        std = r.double(o, "std", at: path)
        min = r.double(o, "min", at: path)
        max = r.double(o, "max", at: path)
        p01 = r.double(o, "p01", at: path)
        p50 = r.double(o, "p50", at: path)
        p99 = r.double(o, "p99", at: path)
        r.noteUnknown(o, at: path, known: Self.keys)
    }
}

/// `evaluation_info.basic_metrics`. A metric that is absent is nil, never 0.
public struct PackageMetrics: Sendable, Equatable {
    /// Accuracy.
    public var accuracy: Double?
    /// Precision.
    public var precision: Double?
    /// Recall.
    public var recall: Double?
    /// F1 score.
    public var f1Score: Double?
    /// ROC AUC: absent from seed 003's schema, read when a training service adds it.
    public var rocAUC: Double?
    /// The decision threshold.
    public var thresholdValue: Double?
    /// The fraction of rows flagged on the evaluation data.
    public var anomalyRatio: Double?

    static let keys: Set<String> = [
        "accuracy", "precision", "recall", "f1_score", "roc_auc", "threshold_value", "anomaly_ratio",
    ]

    /// Creates metrics (for tests and callers building a report by hand).
    public init(
        accuracy: Double? = nil, precision: Double? = nil, recall: Double? = nil, f1Score: Double? = nil,
        rocAUC: Double? = nil, thresholdValue: Double? = nil, anomalyRatio: Double? = nil
    ) {
        self.accuracy = accuracy
        self.precision = precision
        self.recall = recall
        self.f1Score = f1Score
        self.rocAUC = rocAUC
        self.thresholdValue = thresholdValue
        self.anomalyRatio = anomalyRatio
    }

    init(_ o: [String: JSONValue], at path: String, _ r: inout SchemaReader) {
        accuracy = r.double(o, "accuracy", at: path)
        precision = r.double(o, "precision", at: path)
        recall = r.double(o, "recall", at: path)
        f1Score = r.double(o, "f1_score", at: path)
        rocAUC = r.double(o, "roc_auc", at: path)
        thresholdValue = r.double(o, "threshold_value", at: path)
        anomalyRatio = r.double(o, "anomaly_ratio", at: path)
        r.noteUnknown(o, at: path, known: Self.keys)
    }
}

/// `evaluation_info`.
public struct PackageEvaluationInfo: Sendable, Equatable {
    /// The basic metrics, if present.
    public var basicMetrics: PackageMetrics?
    /// The cross-validation score.
    public var crossValidationScore: Double?
    /// Per-feature importance as written.
    public var featureImportance: [String: JSONValue]?

    static let keys: Set<String> = ["basic_metrics", "cross_validation_score", "feature_importance"]

    init(_ o: [String: JSONValue], at path: String, _ r: inout SchemaReader) {
        basicMetrics = r.object(o, "basic_metrics", at: path).map {
            PackageMetrics($0, at: SchemaReader.join(path, "basic_metrics"), &r)
        }
        crossValidationScore = r.double(o, "cross_validation_score", at: path)
        featureImportance = r.object(o, "feature_importance", at: path)
        r.noteUnknown(o, at: path, known: Self.keys)
    }
}

/// `deployment_info`.
public struct PackageDeploymentInfo: Sendable, Equatable {
    /// e.g. `deployed`.
    public var status: String?
    /// When the model was deployed.
    public var deployedAt: Timestamp?
    /// Who deployed it.
    public var deployedBy: String?

    static let keys: Set<String> = ["status", "deployed_at", "deployed_by"]

    init(_ o: [String: JSONValue], at path: String, _ r: inout SchemaReader) {
        status = r.string(o, "status", at: path)
        deployedAt = r.date(o, "deployed_at", at: path)
        deployedBy = r.string(o, "deployed_by", at: path)
        r.noteUnknown(o, at: path, known: Self.keys)
    }
}

extension SchemaReader {
    /// Parses bytes as a JSON object; records a problem and returns nil otherwise.
    mutating func root(_ bytes: [UInt8]) -> [String: JSONValue]? {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            problems.append(ValidationIssue(.invalidMetadata, "\(file): \(error.message)", file: file))
            return nil
        }
        return root(json)
    }

    mutating func root(_ json: JSONValue) -> [String: JSONValue]? {
        guard case .object(let o) = json else {
            problems.append(
                ValidationIssue(
                    .invalidMetadata, "\(file) must hold a JSON object, found \(Self.describe(json))", file: file))
            return nil
        }
        return o
    }
}
