public import DriftService
public import Foundation
import ModelRuntime
public import Registry
public import Serving

/// Reference profiles built from feature rows: the package's `reference_sample.csv` (cached per version, read
/// once) and uploaded CSVs. The rows are scored by the version itself so prediction drift has a reference too.
public final class ReferenceSamples: @unchecked Sendable {
    /// The package file that carries a reference sample.
    public static let packageFile = "reference_sample.csv"
    /// The most rows a reference may hold.
    public static let maximumRows = 100_000

    // Invariant: `cache` is only touched while `lock` is held.
    private let lock = NSLock()
    private var cache: [String: ReferenceProfile?] = [:]

    /// Creates an empty cache.
    public init() {}

    /// The package's reference profile of a version, or nil when its package ships none.
    public func package(_ serving: ServingModel, artifacts: any ArtifactStore) async throws -> ReferenceProfile? {
        let key = serving.model + "\u{0}" + serving.version
        if let cached = lock.withLock({ cache[key] }) { return cached }
        var profile: ReferenceProfile?
        if let file = serving.record.files.first(where: { $0.name == Self.packageFile }) {
            let bytes = try await artifacts.read(file.sha256)
            profile = try Self.profile(
                csv: bytes, serving: serving, source: .package, capturedAt: serving.record.importedAt)
        }
        lock.withLock { cache[key] = .some(profile) }
        return profile
    }

    /// A profile from CSV text (UTF-8 bytes) with a header naming the model's features, read with the same reader
    /// as every other file Warden takes (``FeatureRows``, over DataFormats' ``CSVReader``).
    /// - Throws: ``DriftServiceError`` (`invalid_reference`) naming the problem.
    public static func profile(
        csv: some Collection<UInt8>, serving: ServingModel, source: ReferenceProfile.Source, capturedAt: Date
    ) throws -> ReferenceProfile {
        let matrix: FeatureMatrix
        do {
            matrix = try FeatureRows.parse(
                bytes: csv, format: .csv, featureNames: serving.featureNames, nFeatures: serving.nFeatures)
        } catch {
            throw DriftServiceError(
                .invalidReference,
                "the reference CSV cannot be read: \(error.message); send a header with the model's feature names "
                    + "and one numeric row per line")
        }
        guard matrix.rows <= maximumRows else {
            throw DriftServiceError(
                .invalidReference, "the reference has \(matrix.rows) rows; send at most \(maximumRows)")
        }
        let prediction: Prediction
        do {
            prediction = try serving.predict(try FeatureInput(matrix: matrix, for: serving))
        } catch {
            throw DriftServiceError(.invalidReference, "the reference rows cannot be scored: \(error.message)")
        }
        var columns = [[Double]](repeating: [], count: matrix.columns)
        for j in 0..<matrix.columns {
            columns[j].reserveCapacity(matrix.rows)
            for r in 0..<matrix.rows { columns[j].append(matrix.values[r * matrix.columns + j]) }
        }
        let anomalies = prediction.predictions.filter { $0 == 1 }.count
        return try ReferenceProfile(
            source: source, capturedAt: capturedAt, featureNames: serving.columnNames, featureColumns: columns,
            scores: prediction.scores, anomalyRate: matrix.rows > 0 ? Double(anomalies) / Double(matrix.rows) : nil)
    }
}
