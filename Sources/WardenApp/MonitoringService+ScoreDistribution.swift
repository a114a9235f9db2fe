import DriftService
import Monitoring

extension MonitoringService {
    /// A histogram of a version's recent anomaly scores (its monitoring window: live in the serving process, else
    /// the persisted one), beside the same bins of its drift reference's scores when it has one (the package's
    /// reference sample, else the baseline) — what drift checks compare, drawn as a chart.
    ///
    /// - Parameter bins: how many equal-width bins span the scores of both; 2…200.
    /// - Throws: ``AppError`` `invalid_request` for `bins` outside 2…200; `version_not_found`; storage errors.
    public func scoreDistribution(model: String, version: String, bins: Int = 20) async throws -> ScoreDistribution {
        guard (2...200).contains(bins) else {
            throw AppError(.invalidRequest, "bins must be from 2 to 200, got \(bins)")
        }
        _ = try await versions.record(model: model, version: version)
        let window = try await coordinator.window(model: model, version: version)
        let current = window.records.compactMap(\.score).filter(\.isFinite)
        let package = try? await packageReference(model: model, version: version)
        let profile = try await coordinator.profile(model: model, version: version, package: package)
        let reference = profile.map { $0.scores.filter(\.isFinite) }
        return ScoreDistribution(
            model: model, version: version, current: current, reference: reference,
            referenceSource: profile?.source.rawValue, bins: bins)
    }
}

/// Recent scores of a version binned for a chart, with its reference's scores in the same bins.
public struct ScoreDistribution: Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// The bins' edges, `bins + 1` ascending values; empty when there are no scores at all.
    public var edges: [Double]
    /// How many recent scores fall in each bin (the last bin includes its upper edge).
    public var current: [Int]
    /// How many reference scores fall in each bin; nil when the version has no reference with scores.
    public var reference: [Int]?
    /// Where the reference comes from (`package`, `capture`, `upload`); nil without one.
    public var referenceSource: String?

    /// Bins `current` and `reference` over `bins` equal-width bins spanning both.
    public init(
        model: String, version: String, current: [Double], reference: [Double]?, referenceSource: String?,
        bins: Int
    ) {
        self.model = model
        self.version = version
        let reference = reference.flatMap { $0.isEmpty ? nil : $0 }
        let all = current + (reference ?? [])
        guard var low = all.min(), var high = all.max(), bins > 0 else {
            edges = []
            self.current = []
            self.reference = nil
            self.referenceSource = referenceSource
            return
        }
        if low == high {
            low -= 0.5
            high += 0.5
        }
        let width = (high - low) / Double(bins)
        edges = (0...bins).map { $0 == bins ? high : low + Double($0) * width }
        func count(_ values: [Double]) -> [Int] {
            var counts = [Int](repeating: 0, count: bins)
            for v in values { counts[min(bins - 1, max(0, Int((v - low) / width)))] += 1 }
            return counts
        }
        self.current = count(current)
        self.reference = reference.map(count)
        self.referenceSource = reference == nil ? nil : referenceSource
    }

    /// How many recent scores were binned.
    public var currentCount: Int { current.reduce(0, +) }
    /// How many reference scores were binned.
    public var referenceCount: Int { reference?.reduce(0, +) ?? 0 }
}
