public import Foundation

/// A captured drift reference for one version: where it came from and its opaque payload.
///
/// The store keeps one per (model, version); saving another replaces it.
public struct DriftBaselineRecord: Sendable, Equatable, Codable {
    /// The largest payload a store accepts: ``MonitoringWindowRecord/maxPayloadBytes``, 64 MiB.
    public static let maxPayloadBytes = MonitoringWindowRecord.maxPayloadBytes

    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// When the reference was captured.
    public var capturedAt: Date
    /// Where it came from, e.g. `window`, `upload`, `package`.
    public var source: String
    /// Who captured it.
    public var actor: String
    /// The reference as the monitor encoded it; the store never reads it.
    public var payload: Data

    /// Creates a baseline record.
    public init(model: String, version: String, capturedAt: Date, source: String, actor: String, payload: Data) {
        self.model = model
        self.version = version
        self.capturedAt = capturedAt
        self.source = source
        self.actor = actor
        self.payload = payload
    }

    /// Checks the record before it is stored: a safe model name and version, a source and an actor of 1 to 256
    /// bytes, a finite date and a payload of at most ``maxPayloadBytes``.
    ///
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` naming the field and the value.
    public func validate() throws(RegistryError) {
        try MonitoringChecks.key(model: model, version: version)
        try MonitoringChecks.label(source, "source", of: "baseline", model: model, version: version)
        try MonitoringChecks.label(actor, "actor", of: "baseline", model: model, version: version)
        try MonitoringChecks.date(capturedAt, "capturedAt", of: "baseline", model: model, version: version)
        try MonitoringChecks.payload(payload, of: "baseline", model: model, version: version)
    }
}
