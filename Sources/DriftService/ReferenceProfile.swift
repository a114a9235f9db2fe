public import Foundation
public import Monitoring

/// What a version's drift checks compare with: reference input rows per feature, reference anomaly scores and
/// seed 004's score baseline, with where they came from.
///
/// Sources, in the order a check prefers them: a reference sample shipped in the package
/// (`reference_sample.csv`), else the baseline captured from a window (`POST /api/monitoring/baseline`) or an
/// uploaded reference CSV (whichever was stored last).
public struct ReferenceProfile: Sendable, Equatable, Codable {
    /// Where a profile came from.
    public enum Source: String, Sendable, Equatable, Codable, CaseIterable {
        /// Captured from the version's rolling window.
        case window
        /// Uploaded as a CSV of feature rows.
        case upload
        /// The package's `reference_sample.csv`.
        case package
    }

    /// Where it came from.
    public var source: Source
    /// When it was captured.
    public var capturedAt: Date
    /// Feature names, in column order.
    public var featureNames: [String]
    /// Reference values, one array per feature (equal lengths; may be empty when only scores were captured).
    public var featureColumns: [[Double]]
    /// Reference anomaly scores (the version's scores of the reference rows).
    public var scores: [Double]
    /// Reference latencies in seconds (captured windows only).
    public var latencies: [Double]
    /// Seed 004's baseline of the score: mean and spread, when the scores vary.
    public var scoreBaseline: Baseline?
    /// Share of reference rows labelled anomalous, when known.
    public var anomalyRate: Double?

    /// Creates a profile.
    /// - Throws: ``DriftServiceError`` (`invalid_reference`) when columns and names disagree or a value is not finite.
    public init(
        source: Source, capturedAt: Date, featureNames: [String], featureColumns: [[Double]], scores: [Double],
        latencies: [Double] = [], anomalyRate: Double? = nil
    ) throws {
        guard featureColumns.isEmpty || featureColumns.count == featureNames.count else {
            throw DriftServiceError(
                .invalidReference,
                "the reference has \(featureColumns.count) columns but \(featureNames.count) feature names")
        }
        let rows = featureColumns.first?.count ?? 0
        guard featureColumns.allSatisfy({ $0.count == rows }) else {
            throw DriftServiceError(.invalidReference, "the reference's feature columns have different lengths")
        }
        for (name, column) in zip(featureNames, featureColumns) {
            if let bad = column.first(where: { !$0.isFinite }) {
                throw DriftServiceError(
                    .invalidReference, "reference feature '\(name)' holds \(bad); remove non-finite values and upload again")
            }
        }
        self.source = source
        self.capturedAt = capturedAt
        self.featureNames = featureNames
        self.featureColumns = featureColumns
        self.scores = scores.filter(\.isFinite)
        self.latencies = latencies
        self.scoreBaseline = try? Baseline(values: self.scores, minimumSamples: 2)
        self.anomalyRate = anomalyRate
    }

    /// Captures a profile from a version's window contents (seed 004's `set_baseline`, extended to the inputs).
    /// - Throws: ``DriftServiceError`` (`insufficient_data`) when the window has fewer than `minimumSamples`
    ///   successful predictions.
    public init(window: WindowContents, capturedAt: Date, minimumSamples: Int = Baseline.defaultMinimumSamples) throws {
        let successful = window.records.filter(\.succeeded)
        guard successful.count >= minimumSamples else {
            throw DriftServiceError(
                .insufficientData,
                "a baseline needs at least \(minimumSamples) successful predictions in the window but it has "
                    + "\(successful.count); serve more predictions and capture it again")
        }
        try self.init(
            source: .window, capturedAt: capturedAt, featureNames: window.featureNames,
            featureColumns: window.featureColumns, scores: successful.compactMap(\.score),
            latencies: window.records.map(\.latency),
            anomalyRate: Double(successful.filter(\.isAnomaly).count) / Double(successful.count))
    }

    /// Rows of reference input.
    public var rowCount: Int { featureColumns.first?.count ?? 0 }

    /// The stored form (``VersionedJSON``, format 1).
    public func encoded() throws -> Data { try VersionedJSON.encode(self, format: 1) }

    /// Reads what ``encoded()`` wrote.
    /// - Throws: ``DriftServiceError`` (`corrupt_payload`) when the payload is unreadable.
    public static func decode(_ data: Data) throws -> ReferenceProfile {
        guard let profile = VersionedJSON.decode(ReferenceProfile.self, from: data, format: 1) else {
            throw DriftServiceError(
                .corruptPayload, "the stored reference profile is unreadable; capture or upload the baseline again")
        }
        return profile
    }

    enum CodingKeys: String, CodingKey {
        case source
        case capturedAt = "captured_at"
        case featureNames = "feature_names"
        case featureColumns = "feature_columns"
        case scores, latencies
        case scoreBaseline = "score_baseline"
        case anomalyRate = "anomaly_rate"
    }
}
