internal import DataFormats
internal import Foundation

/// Two versions' metrics side by side (seed 004's "compare metrics between versions").
public struct VersionComparison: Sendable, Equatable, Codable {
    /// One metric of both versions.
    public struct Metric: Sendable, Equatable, Codable {
        /// The metric's key in `basic_metrics`, e.g. `f1_score`.
        public var name: String
        /// The value of version `a`, if it reports the metric as a number.
        public var a: Double?
        /// The value of version `b`, if it reports the metric as a number.
        public var b: Double?
        /// `b − a`, when both are present.
        public var difference: Double?
    }

    /// The first version.
    public var a: String
    /// The second version.
    public var b: String
    /// Every numeric metric either version reports, sorted by name.
    public var metrics: [Metric]

    /// Compares the metrics of two records, read from their metadata's `evaluation_info.basic_metrics`
    /// (or, for records parsed from a legacy registry, the entry's top-level `metrics`).
    public init(_ a: VersionRecord, _ b: VersionRecord) {
        self.a = a.version
        self.b = b.version
        let ma = VersionComparison.metrics(a.metadataJSON)
        let mb = VersionComparison.metrics(b.metadataJSON)
        metrics = Set(ma.keys).union(mb.keys).sorted().map { name in
            let x = ma[name], y = mb[name]
            return Metric(name: name, a: x, b: y, difference: x.flatMap { x in y.map { $0 - x } })
        }
    }

    /// The numeric entries of a metadata document's basic metrics.
    static func metrics(_ json: String?) -> [String: Double] {
        guard let json, let doc = try? JSONValue.parse(Data(json.utf8)) else { return [:] }
        guard case .object(let object) = doc["evaluation_info"]?["basic_metrics"] ?? doc["metrics"] else { return [:] }
        return object.compactMapValues(\.number)
    }
}
