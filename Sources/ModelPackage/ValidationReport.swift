/// Everything `PackageValidator` found about one deployment package. `Codable` with snake_case keys for the API.
public struct ValidationReport: Sendable, Equatable, Codable {
    /// Facts about a model file that loaded.
    public struct ModelSummary: Sendable, Equatable, Codable {
        /// Top-level class, e.g. `IsolationForest`.
        public var className: String
        /// Final estimator class for pipelines (same as `className` otherwise).
        public var finalClassName: String
        /// `n_features_in_`.
        public var nFeaturesIn: Int
        /// `feature_names_in_`, when fitted on a DataFrame.
        public var featureNames: [String]?
        /// The scikit-learn version that pickled the file, if recorded.
        public var sklearnVersion: String?
        /// The joblib compression, e.g. `zlib`.
        public var compression: String
        /// `n_estimators`, for ensembles.
        public var nEstimators: Int?

        enum CodingKeys: String, CodingKey {
            case className = "class_name", finalClassName = "final_class_name", nFeaturesIn = "n_features_in"
            case featureNames = "feature_names", sklearnVersion = "sklearn_version", compression
            case nEstimators = "n_estimators"
        }
    }

    /// One file of the package.
    public struct FileRecord: Sendable, Equatable, Codable {
        /// The name relative to the package root.
        public var name: String
        /// Size in bytes.
        public var size: Int
        /// SHA256, lowercase hex.
        public var sha256: String
        /// The digest `file_integrity` expects, if the file is listed there.
        public var expectedSHA256: String?

        enum CodingKeys: String, CodingKey {
            case name, size, sha256
            case expectedSHA256 = "expected_sha256"
        }
    }

    /// The trial inference on synthetic rows.
    public struct TrialInference: Sendable, Equatable, Codable {
        /// How many rows were scored.
        public var rows: Int
        /// What the rows were, e.g. `zeros`, `scaler means`.
        public var rowKinds: [String]
        /// Anomaly scores as the package's inference_example.py computes them: `-score_samples`, higher is more
        /// abnormal.
        public var scores: [Double]
        /// 1 where the model's `predict` says outlier, else 0 (validate_model.py's "Sample predictions").
        public var predictions: [Int]
        /// The smallest score.
        public var scoreMin: Double
        /// The largest score.
        public var scoreMax: Double
        /// Whether the scaler was applied first.
        public var scaled: Bool

        enum CodingKeys: String, CodingKey {
            case rows, scores, predictions, scaled
            case rowKinds = "row_kinds", scoreMin = "score_min", scoreMax = "score_max"
        }
    }

    /// Whether the package may be imported: no error outside the quality rules and a score at or above the
    /// configured minimum.
    public var isValid: Bool
    /// The quality score, 1 − 0.2·errors − 0.05·warnings clamped to [0, 1].
    public var score: Double
    /// Problems that block the import (and quality errors, which lower the score).
    public var errors: [ValidationIssue]
    /// Problems that do not block the import by themselves.
    public var warnings: [ValidationIssue]
    /// Suggested actions.
    public var recommendations: [ValidationIssue]
    /// Facts worth knowing: unlisted files, unknown fields, metrics not reported.
    public var notes: [ValidationIssue]
    /// How the package was laid out.
    public var layout: PackageContents.Layout
    /// The model, when model.joblib loaded.
    public var model: ModelSummary?
    /// The scaler, when scaler.joblib loaded.
    public var scaler: ModelSummary?
    /// Every file with its size and digest, sorted by name.
    public var files: [FileRecord]
    /// The trial inference, when the model loaded and its features agreed.
    public var trialInference: TrialInference?
    /// The model version from the manifest (or the metadata).
    public var modelVersion: String?
    /// The model's age in whole days at validation time, when its creation date is known.
    public var modelAgeDays: Int?

    /// Every issue code among errors, warnings, recommendations and notes.
    public var codes: Set<ValidationIssue.Code> {
        Set((errors + warnings + recommendations + notes).map(\.code))
    }

    enum CodingKeys: String, CodingKey {
        case isValid = "is_valid", score, errors, warnings, recommendations, notes, layout, model, scaler, files
        case trialInference = "trial_inference", modelVersion = "model_version", modelAgeDays = "model_age_days"
    }
}
