public import Foundation

/// One entry of the drift alert history.
public struct DriftAlertRecord: Sendable, Equatable, Codable {
    /// The store's id: 0 before the entry is appended; the store assigns increasing ids, never reused.
    public var id: Int64
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// Which alert, e.g. `data_drift`, `prediction_drift`, `baseline_drift`, `performance_drift`.
    public var kind: String
    /// Raised or cleared.
    public var event: DriftAlertEvent
    /// When it happened.
    public var at: Date
    /// The statistic's value.
    public var value: Double
    /// The threshold it was compared with.
    public var threshold: Double
    /// JSON text with the values that triggered it; the store never reads it.
    public var details: String

    /// Creates an entry; `id` stays 0 until a store appends it.
    public init(
        id: Int64 = 0, model: String, version: String, kind: String, event: DriftAlertEvent, at: Date, value: Double,
        threshold: Double, details: String = "{}"
    ) {
        self.id = id
        self.model = model
        self.version = version
        self.kind = kind
        self.event = event
        self.at = at
        self.value = value
        self.threshold = threshold
        self.details = details
    }

    /// Checks the entry before it is appended: a safe model name and version, a kind of 1 to 256 bytes, a finite
    /// date, value and threshold. The id is not checked: the store assigns it.
    ///
    /// - Throws: `invalid_model_name`, `invalid_version`, `invalid_record` naming the field and the value.
    public func validate() throws(RegistryError) {
        try MonitoringChecks.key(model: model, version: version)
        try MonitoringChecks.label(kind, "kind", of: "drift alert", model: model, version: version)
        try MonitoringChecks.date(at, "at", of: "drift alert", model: model, version: version)
        guard value.isFinite, threshold.isFinite else {
            throw RegistryError(
                .invalidRecord,
                "the \(kind) alert of version '\(version)' of model '\(model)' has value \(value) and threshold "
                    + "\(threshold); both must be finite numbers",
                model: model, version: version)
        }
    }

    /// Refuses a negative limit for ``MonitoringStore/alerts(model:version:limit:)``, with the wording every store
    /// uses.
    ///
    /// - Throws: `invalid_record`.
    public static func checkLimit(_ limit: Int) throws(RegistryError) {
        guard limit >= 0 else {
            throw RegistryError(.invalidRecord, "the alert limit is \(limit); ask for 0 or more alert events")
        }
    }
}
