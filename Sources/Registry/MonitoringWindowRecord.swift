public import Foundation

/// The latest contents of one version's rolling window as kept by one server instance (opaque payload encoded by
/// the monitor).
///
/// The store keeps one per (model, version, instance): each replica replaces its own, and readers combine them.
public struct MonitoringWindowRecord: Sendable, Equatable, Codable {
    /// The largest payload a store accepts, 64 MiB: a window is a bounded sample, so more is a bug upstream.
    public static let maxPayloadBytes = 64 * 1024 * 1024

    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// Which server process or replica wrote it, e.g. a host name and port.
    public var instance: String
    /// When the instance last saved it.
    public var updatedAt: Date
    /// The window as the monitor encoded it; the store never reads it.
    public var payload: Data

    /// Creates a window record.
    public init(model: String, version: String, instance: String, updatedAt: Date, payload: Data) {
        self.model = model
        self.version = version
        self.instance = instance
        self.updatedAt = updatedAt
        self.payload = payload
    }

    /// Checks the record before it is stored: a safe model name and version, an instance of 1 to 256 bytes, a
    /// finite date and a payload of at most ``maxPayloadBytes``.
    ///
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` naming the field and the value.
    public func validate() throws(RegistryError) {
        try MonitoringChecks.key(model: model, version: version)
        try MonitoringChecks.label(instance, "instance", of: "window", model: model, version: version)
        try MonitoringChecks.date(updatedAt, "updatedAt", of: "window", model: model, version: version)
        try MonitoringChecks.payload(payload, of: "window", model: model, version: version)
    }
}

/// The checks every monitoring record shares, with one wording.
enum MonitoringChecks {
    static func key(model: String, version: String) throws(RegistryError) {
        try VersionName.checkModelName(model)
        try VersionName.checkSafe(version, what: "version")
    }

    static func label(
        _ text: String, _ field: String, of what: String, model: String, version: String
    ) throws(RegistryError) {
        guard !text.isEmpty, text.utf8.count <= 256 else {
            throw RegistryError(
                .invalidRecord,
                "the \(what) of version '\(version)' of model '\(model)' has \(field) '\(text.prefix(64))', which is "
                    + "empty or longer than 256 bytes; give 1 to 256 bytes",
                model: model, version: version)
        }
    }

    static func date(_ date: Date, _ field: String, of what: String, model: String, version: String)
        throws(RegistryError)
    {
        guard date.timeIntervalSinceReferenceDate.isFinite else {
            throw RegistryError(
                .invalidRecord, "the \(what) of version '\(version)' of model '\(model)' has a non-finite \(field)",
                model: model, version: version)
        }
    }

    static func payload(_ payload: Data, of what: String, model: String, version: String) throws(RegistryError) {
        let limit = MonitoringWindowRecord.maxPayloadBytes
        guard payload.count <= limit else {
            throw RegistryError(
                .invalidRecord,
                "the \(what) payload of version '\(version)' of model '\(model)' is \(payload.count) bytes, above the "
                    + "limit of \(limit) bytes (64 MiB); keep fewer rows in the \(what) or store a sample of them",
                model: model, version: version)
        }
    }
}
