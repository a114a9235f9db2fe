public import Foundation
public import Monitoring

/// One drift check of a model version: seed 002's performance indicators, seed 004's baseline distance, and data
/// drift per feature and of the score against the reference profile. A part that cannot be computed says why
/// (`*_unavailable`) instead of reporting 0.
public struct DriftCheck: Sendable, Equatable, Codable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// When the check ran.
    public var checkedAt: Date
    /// Whether any part detected drift.
    public var driftDetected: Bool
    /// Seed 002's drift score (mean of the defined indicators); nil when unavailable.
    public var driftScore: Double?
    /// Seed 002's `confidence`: min(drift score, 1).
    public var confidence: Double?
    /// Seed 002's indicator threshold.
    public var threshold: Double
    /// Seed 002's indicators (recent half of the window against the older half).
    public var indicators: PerformanceIndicators?
    /// Why the indicators are missing.
    public var indicatorsUnavailable: String?
    /// Seed 004's distance of the score mean from the baseline.
    public var baseline: BaselineDrift?
    /// Why the baseline distance is missing.
    public var baselineUnavailable: String?
    /// Data drift of each feature and of the score against the reference profile.
    public var data: DriftReport?
    /// Why data drift is missing.
    public var dataUnavailable: String?
    /// The reference used: source, capture time and rows.
    public var reference: ReferenceSummary?
    /// Predictions in the window checked (successful and failed).
    public var windowCount: Int
    /// Share of the window's requests that arrived valid (not refused with a 4xx input error); nil for an empty
    /// window.
    public var dataQuality: Double?

    /// Where the reference came from.
    public struct ReferenceSummary: Sendable, Equatable, Codable {
        /// The source.
        public var source: ReferenceProfile.Source
        /// When it was captured.
        public var capturedAt: Date
        /// Reference input rows.
        public var rows: Int
        /// Reference scores.
        public var scores: Int

        enum CodingKeys: String, CodingKey {
            case source
            case capturedAt = "captured_at"
            case rows, scores
        }
    }

    /// Runs every part of the check.
    /// - Parameters:
    ///   - window: The version's current window (predictions and input rows).
    ///   - profile: The reference profile, if the version has one.
    ///   - settings: Thresholds.
    public init(
        model: String, version: String, window: WindowContents, profile: ReferenceProfile?, settings: DriftSettings,
        now: Date = Date()
    ) {
        self.model = model
        self.version = version
        checkedAt = now
        threshold = settings.indicatorThreshold
        windowCount = window.records.count
        let invalid = window.records.filter { ($0.errorCode ?? 0) >= 400 && ($0.errorCode ?? 0) < 500 }.count
        dataQuality = window.records.isEmpty ? nil : 1 - Double(invalid) / Double(window.records.count)
        let successful = window.records.filter(\.succeeded)
        // The recent half of the window against the older half (the seed compares 10 with 10).
        let segment = max(settings.minimumSamples / 2, successful.count / 2, 1)
        do {
            let i = try PerformanceIndicators(
                records: successful, segment: segment, threshold: settings.indicatorThreshold)
            indicators = i
            driftScore = i.driftScore
            confidence = i.driftScore.map { min($0, 1) }
        } catch {
            indicatorsUnavailable = Self.reason(error)
        }
        reference = profile.map {
            ReferenceSummary(source: $0.source, capturedAt: $0.capturedAt, rows: $0.rowCount, scores: $0.scores.count)
        }
        if let baseline = profile?.scoreBaseline {
            do {
                self.baseline = try BaselineDrift(
                    baseline: baseline, current: successful.compactMap(\.score), threshold: settings.baselineThreshold,
                    minimumSamples: settings.minimumSamples)
            } catch {
                baselineUnavailable = Self.reason(error)
            }
        } else {
            baselineUnavailable =
                profile == nil
                ? "no baseline: capture one with POST /api/monitoring/baseline (or `warden baseline set`)"
                : "the reference has no varied anomaly scores to take a baseline from"
        }
        if let profile {
            do {
                data = try Self.dataDrift(window: window, scores: successful.compactMap(\.score), profile, settings)
            } catch {
                dataUnavailable = Self.reason(error)
            }
        } else {
            dataUnavailable =
                "no reference profile: ship reference_sample.csv in the package, capture a baseline with "
                + "POST /api/monitoring/baseline, or upload a reference CSV to it"
        }
        driftDetected =
            (indicators?.driftDetected ?? false) || (baseline?.driftDetected ?? false)
            || (data?.datasetDrift ?? false) || (data?.prediction?.drifted ?? false)
    }

    static func dataDrift(
        window: WindowContents, scores: [Double], _ profile: ReferenceProfile, _ settings: DriftSettings
    ) throws -> DriftReport {
        let current = Dictionary(zip(window.featureNames, window.featureColumns), uniquingKeysWith: { a, _ in a })
        var samples: [FeatureSamples] = []
        for (name, reference) in zip(profile.featureNames, profile.featureColumns) {
            guard let values = current[name] else { continue }
            samples.append(FeatureSamples(name: name, reference: reference, current: values))
        }
        guard !samples.isEmpty else {
            throw DriftServiceError(
                .insufficientData,
                profile.featureColumns.isEmpty
                    ? "the reference holds no input rows; capture a baseline after predictions or upload a reference CSV"
                    : "the window holds no input rows of the reference's features yet; serve predictions first")
        }
        let scoreSamples =
            profile.scores.count >= settings.data.minimumSamples && scores.count >= settings.data.minimumSamples
            ? FeatureSamples(name: "anomaly_score", reference: profile.scores, current: scores) : nil
        return try DriftDetector(configuration: settings.data).report(features: samples, scores: scoreSamples)
    }

    static func reason(_ error: any Error) -> String {
        if let e = error as? MonitoringError { return e.message }
        if let e = error as? DriftServiceError { return e.message }
        return "\(error)"
    }

    enum CodingKeys: String, CodingKey {
        case model, version
        case checkedAt = "checked_at"
        case driftDetected = "drift_detected"
        case driftScore = "drift_score"
        case confidence, threshold, indicators
        case indicatorsUnavailable = "indicators_unavailable"
        case baseline
        case baselineUnavailable = "baseline_unavailable"
        case data = "data_drift"
        case dataUnavailable = "data_drift_unavailable"
        case reference
        case windowCount = "window_count"
        case dataQuality = "data_quality"
    }
}
