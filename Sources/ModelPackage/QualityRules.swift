public import Foundation

/// The quality rules of seed 002's `ModelValidator` (section 3.1), made careful where the seed is naive.
///
/// - Findings accumulate: the seed merges each check's result with `dict.update`, so a later check's `warnings`
///   list replaces an earlier one's; here every finding of every check is kept.
/// - An absent metric is not a zero: the seed's `metrics.get('roc_auc', 0)` turns seed 003's own metadata (whose
///   `basic_metrics` has no `roc_auc`) into an "ROC AUC below 0.6" error. An absent metric gives a
///   `metric_not_reported` note and a recommendation to report it, never an error or a warning.
/// - The seed's hard-coded expected features (`hour_of_day`, `day_of_week`, `message_length`) belong to another
///   feature set; `expectedFeatures` is configurable and empty by default.
/// - Age is measured against an injected `now`, never a hidden clock. The seed subtracts a naive `created_at` from
///   an aware `now` (a `TypeError` in Python for the training service's own naive timestamps); here a naive time is
///   read in a configurable zone (UTC by default), and age is whole days rounded down like Python's
///   `timedelta.days`.
public struct QualityRules: Sendable, Equatable {
    /// Fewer estimators than this gives a `few_estimators` warning (seed: 50).
    public var minimumEstimators: Int
    /// Fewer features than this gives a `few_features` warning (seed: 5).
    public var minimumFeatureCount: Int
    /// Features the deployment expects; absent ones give a `missing_expected_features` warning. Empty by default.
    public var expectedFeatures: [String]

    /// F1 below this is an error (seed: 0.5).
    public static let f1ErrorBelow = 0.5
    /// F1 below this is a warning (seed: 0.7).
    public static let f1WarningBelow = 0.7
    /// ROC AUC below this is an error (seed: 0.6).
    public static let rocAUCErrorBelow = 0.6
    /// ROC AUC below this is a warning (seed: 0.8).
    public static let rocAUCWarningBelow = 0.8
    /// Precision or recall below this is a warning (seed: 0.5).
    public static let precisionRecallWarningBelow = 0.5
    /// Older than this many days: `model_stale`, consider retraining (seed: 30).
    public static let staleAfterDays = 30
    /// Older than this many days: `model_aging`, monitor for drift (seed: 7).
    public static let agingAfterDays = 7

    /// Creates rules with the seed's thresholds and no expected features.
    public init(minimumEstimators: Int = 50, minimumFeatureCount: Int = 5, expectedFeatures: [String] = []) {
        self.minimumEstimators = minimumEstimators
        self.minimumFeatureCount = minimumFeatureCount
        self.expectedFeatures = expectedFeatures
    }

    /// What the rules look at.
    public struct Input: Sendable {
        /// `evaluation_info.basic_metrics`, if any.
        public var metrics: PackageMetrics?
        /// The feature names, if known.
        public var featureNames: [String]?
        /// The model's `n_estimators`, for ensembles.
        public var nEstimators: Int?
        /// When the model was created, if known.
        public var createdAt: Date?
        /// The time to measure the age against.
        public var now: Date

        /// Creates an input.
        public init(
            metrics: PackageMetrics?, featureNames: [String]?, nEstimators: Int?, createdAt: Date?, now: Date
        ) {
            self.metrics = metrics
            self.featureNames = featureNames
            self.nEstimators = nEstimators
            self.createdAt = createdAt
            self.now = now
        }
    }

    /// What the rules found.
    public struct Findings: Sendable, Equatable {
        /// Errors (F1 < 0.5, ROC AUC < 0.6).
        public var errors: [ValidationIssue] = []
        /// Warnings.
        public var warnings: [ValidationIssue] = []
        /// Recommendations.
        public var recommendations: [ValidationIssue] = []
        /// Notes (metrics not reported, age unknown).
        public var notes: [ValidationIssue] = []
        /// The model's age in whole days, when known.
        public var ageDays: Int?
    }

    /// Applies every rule.
    public func evaluate(_ input: Input) -> Findings {
        var f = Findings()
        let file = PackageMetadata.fileName
        let metricsPath = "evaluation_info.basic_metrics"
        func absent(_ key: String, _ name: String) {
            f.notes.append(
                ValidationIssue(
                    .metricNotReported, "\(name) is not reported in \(file); its quality rule was not applied",
                    file: file, path: "\(metricsPath).\(key)"))
            f.recommendations.append(
                ValidationIssue(
                    .metricNotReported,
                    "Report \(name) in \(metricsPath) so the model's quality can be checked", file: file,
                    path: "\(metricsPath).\(key)"))
        }
        let m = input.metrics ?? PackageMetrics()

        if let nEstimators = input.nEstimators, nEstimators < minimumEstimators {
            f.warnings.append(
                ValidationIssue(
                    .fewEstimators,
                    "The model has \(nEstimators) estimators, fewer than \(minimumEstimators); a low number of "
                        + "estimators may affect performance", file: "model.joblib"))
        }

        if let f1 = m.f1Score {
            let path = "\(metricsPath).f1_score"
            if f1 < Self.f1ErrorBelow {
                f.errors.append(
                    ValidationIssue(
                        .lowF1Score, "F1 score \(Self.format(f1)) is below the acceptable threshold (0.5)",
                        file: file, path: path))
            } else if f1 < Self.f1WarningBelow {
                f.warnings.append(
                    ValidationIssue(
                        .lowF1Score, "F1 score \(Self.format(f1)) is below the recommended threshold (0.7)",
                        file: file, path: path))
                f.recommendations.append(
                    ValidationIssue(
                        .lowF1Score, "Consider retraining with more data or different parameters", file: file,
                        path: path))
            }
        } else {
            absent("f1_score", "F1 score")
        }

        if let auc = m.rocAUC {
            let path = "\(metricsPath).roc_auc"
            if auc < Self.rocAUCErrorBelow {
                f.errors.append(
                    ValidationIssue(
                        .lowROCAUC, "ROC AUC \(Self.format(auc)) is below the acceptable threshold (0.6)",
                        file: file, path: path))
            } else if auc < Self.rocAUCWarningBelow {
                f.warnings.append(
                    ValidationIssue(
                        .lowROCAUC, "ROC AUC \(Self.format(auc)) is below the recommended threshold (0.8)",
                        file: file, path: path))
                f.recommendations.append(
                    ValidationIssue(
                        .lowROCAUC, "Consider feature engineering or model tuning", file: file, path: path))
            }
        } else {
            absent("roc_auc", "ROC AUC")
        }

        if let precision = m.precision {
            if precision < Self.precisionRecallWarningBelow {
                f.warnings.append(
                    ValidationIssue(
                        .lowPrecision,
                        "Precision \(Self.format(precision)) is below 0.5; it may result in many false positives",
                        file: file, path: "\(metricsPath).precision"))
            }
        } else {
            absent("precision", "Precision")
        }
        if let recall = m.recall {
            if recall < Self.precisionRecallWarningBelow {
                f.warnings.append(
                    ValidationIssue(
                        .lowRecall, "Recall \(Self.format(recall)) is below 0.5; the model may miss many anomalies",
                        file: file, path: "\(metricsPath).recall"))
            }
        } else {
            absent("recall", "Recall")
        }

        if let names = input.featureNames {
            if names.count < minimumFeatureCount {
                f.warnings.append(
                    ValidationIssue(
                        .fewFeatures,
                        "The model uses \(names.count) features, fewer than \(minimumFeatureCount); a low feature "
                            + "count may limit model performance", file: file, path: "training_info.feature_names"))
            }
            let missing = expectedFeatures.filter { !names.contains($0) }
            if !missing.isEmpty {
                f.warnings.append(
                    ValidationIssue(
                        .missingExpectedFeatures,
                        "Missing expected features: \(missing.joined(separator: ", "))", file: file,
                        path: "training_info.feature_names"))
            }
        }

        if let created = input.createdAt {
            let days = Int((input.now.timeIntervalSince(created) / 86_400).rounded(.down))
            f.ageDays = days
            let path = "model_info.created_at"
            if days > Self.staleAfterDays {
                f.warnings.append(
                    ValidationIssue(.modelStale, "Model is \(days) days old, consider retraining", file: file, path: path))
            } else if days > Self.agingAfterDays {
                f.warnings.append(
                    ValidationIssue(.modelAging, "Model is \(days) days old, monitor for drift", file: file, path: path))
            }
        } else {
            f.notes.append(
                ValidationIssue(
                    .modelAgeUnknown, "model_info.created_at is absent or invalid; the model's age was not checked",
                    file: file, path: "model_info.created_at"))
        }
        return f
    }

    /// The seed's score, `1 − 0.2·errors − 0.05·warnings` clamped to [0, 1], computed in hundredths so that
    /// boundary cases are exact (one error and four warnings is exactly 0.6, not 0.6000000000000001).
    public static func score(errors: Int, warnings: Int) -> Double {
        let hundredths = 100 - 20 * max(0, errors) - 5 * max(0, warnings)
        return Double(min(100, max(0, hundredths))) / 100
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return String(scaled)
    }
}
