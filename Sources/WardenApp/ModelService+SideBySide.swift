public import ModelPackage
public import Registry

extension ModelService {
    /// Two versions of a model side by side: each one's record, validation verdict and model summary, the
    /// metrics comparison every face shows (``VersionComparison``, as `warden models compare` and the MCP tool
    /// `compare_versions`), and which feature names they share.
    ///
    /// - Throws: `version_not_found` for either version; ``AppError`` `invalid_request` when both are the same.
    public func sideBySide(model: String, _ a: String, _ b: String) async throws -> VersionSideBySide {
        guard a != b else {
            throw AppError(.invalidRequest, "compare two different versions; both are '\(a.prefix(100))'")
        }
        let ra = try await versions.record(model: model, version: a)
        let rb = try await versions.record(model: model, version: b)
        let serving = try? host.serving(model).version
        return VersionSideBySide(
            model: model, a: .init(ra, serving: serving == a), b: .init(rb, serving: serving == b),
            metrics: VersionComparison(ra, rb))
    }
}

/// Two versions side by side (``ModelService/sideBySide(model:_:_:)``).
public struct VersionSideBySide: Sendable {
    /// One of the two versions.
    public struct Side: Sendable {
        /// The version's record (metadata, status, tags, description, files, validation report).
        public var record: VersionRecord
        /// Whether it serves the model in this process.
        public var serving: Bool
        /// Its feature names, from the validation report (empty when it records none).
        public var featureNames: [String]

        init(_ record: VersionRecord, serving: Bool) {
            self.record = record
            self.serving = serving
            featureNames = record.validationReport?.model?.featureNames ?? []
        }

        /// The validation report's model summary (estimator, features, scikit-learn version), if any.
        public var summary: ValidationReport.ModelSummary? { record.validationReport?.model }
    }

    /// The model.
    public var model: String
    /// The first version.
    public var a: Side
    /// The second version.
    public var b: Side
    /// Their numeric training metrics; difference is b − a.
    public var metrics: VersionComparison

    /// Feature names both versions record, in `a`'s order.
    public var sharedFeatures: [String] { a.featureNames.filter(Set(b.featureNames).contains) }
    /// Feature names only `a` records.
    public var onlyA: [String] { a.featureNames.filter { !Set(b.featureNames).contains($0) } }
    /// Feature names only `b` records.
    public var onlyB: [String] { b.featureNames.filter { !Set(a.featureNames).contains($0) } }
}
