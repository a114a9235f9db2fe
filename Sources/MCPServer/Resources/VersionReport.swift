public import DataFormats
import Foundation
public import WardenApp
import WardenViews

/// The reports of a version that MCP offers as resources (`warden://models/{name}/versions/{version}/<kind>`), and
/// how each is read from the application: the stored validation report (`GET …/{version}/validation-report`), the
/// drift report and the performance report (`GET …/performance/{version}/report`, which holds the drift check; no
/// alert is recorded by reading either).
public enum VersionReport: String, Sendable, CaseIterable {
    /// The validation report stored at import.
    case validation = "validation-report"
    /// The drift check of the version's window against its reference, with the alerts raised now.
    case drift = "drift-report"
    /// Performance indicators, window statistics, the last day's aggregates, drift and alerts.
    case performance = "performance-report"

    /// The operation that authorizes reading it.
    public var operation: AppOperation {
        switch self {
        case .validation: .readModels
        case .drift, .performance: .readMonitoring
        }
    }

    /// A title for people.
    public var title: String {
        switch self {
        case .validation: "Validation report"
        case .drift: "Drift report"
        case .performance: "Performance report"
        }
    }

    /// What it holds.
    public var summary: String {
        switch self {
        case .validation:
            "The validation report stored when the version was imported: valid or not, quality score, errors, "
                + "warnings and recommendations."
        case .drift:
            "The drift check of the version's recent predictions against its reference (the package's reference "
                + "sample, else its baseline): score drift, per-feature data drift, performance indicators, and "
                + "the alerts raised now. Reading it records no alert."
        case .performance:
            "The performance report: indicators, statistics of the recent window (latency, scores, anomaly rate), "
                + "the last day's aggregates, the drift check and recent alerts."
        }
    }

    /// The URI template.
    public var uriTemplate: String { "warden://models/{name}/versions/{version}/" + rawValue }

    /// The URI of this report of a version.
    public func uri(model: String, version: String) -> String {
        "warden://models/\(Self.escape(model))/versions/\(Self.escape(version))/\(rawValue)"
    }

    /// The report, read from the application.
    ///
    /// - Throws: `version_not_found`, `no_validation_report`, the monitoring errors of a report.
    public func read(model: String, version: String, app: WardenServices) async throws -> [String: JSONValue] {
        switch self {
        case .validation:
            let report = try await app.models.validationReport(model: model, version: version)
            return ["model": .string(model), "version": .string(version), "report": Views.encoded(report)]
        case .drift:
            _ = try await app.models.record(model: model, version: version)
            let report = try await app.monitoring.report(model: model, version: version)
            var body = Views.fields(Views.encoded(report.drift))
            body["raised_alerts"] = .array(report.raisedAlerts.map(JSONValue.string))
            return body
        case .performance:
            _ = try await app.models.record(model: model, version: version)
            return Views.fields(Views.encoded(try await app.monitoring.report(model: model, version: version)))
        }
    }

    /// The report and version a URI names, nil for a URI of no report.
    public static func parse(_ uri: String) -> (report: VersionReport, model: String, version: String)? {
        let prefix = "warden://models/"
        guard uri.hasPrefix(prefix) else { return nil }
        let parts = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[1] == "versions", let report = VersionReport(rawValue: String(parts[3])),
            let model = String(parts[0]).removingPercentEncoding, let version = String(parts[2]).removingPercentEncoding,
            !model.isEmpty, !version.isEmpty
        else { return nil }
        return (report, model, version)
    }

    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? s
    }
}
