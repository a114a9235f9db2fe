public import DataFormats
public import DriftService
public import Foundation
public import Registry
public import Serving
public import WardenApp

extension Views {
    /// Seed 003's prediction response, written directly (the hot path avoids Foundation's encoder): `predictions`,
    /// `scores`, `threshold`, `anomaly_count`, `total_samples`, `model`, `model_version`, and the optional outputs
    /// and warnings. `/predict`, `/api/predict`, `/api/v1/models/analyze` and MCP's `predict` answer with it.
    public static func prediction(_ p: Prediction) -> String {
        var out = "{\"predictions\":"
        out.reserveCapacity(128 + p.totalSamples * 24)
        JSONWriter.ints(p.predictions, into: &out)
        out += ",\"scores\":"
        JSONWriter.numbers(p.scores, into: &out)
        out += ",\"threshold\":"
        JSONWriter.number(p.threshold, into: &out)
        out += ",\"anomaly_count\":\(p.anomalyCount),\"total_samples\":\(p.totalSamples),\"model\":"
        JSONString.append(p.model, to: &out)
        out += ",\"model_version\":"
        JSONString.append(p.modelVersion, to: &out)
        if let s = p.scoreSamples {
            out += ",\"score_samples\":"
            JSONWriter.numbers(s, into: &out)
        }
        if let d = p.decisionFunction {
            out += ",\"decision_function\":"
            JSONWriter.numbers(d, into: &out)
        }
        if let r = p.predict {
            out += ",\"predict\":"
            JSONWriter.ints(r, into: &out)
        }
        if let probabilities = p.probabilities {
            out += ",\"probabilities\":["
            for (i, pair) in probabilities.enumerated() {
                if i > 0 { out += "," }
                JSONWriter.numbers(pair, into: &out)
            }
            out += "]"
        }
        if !p.warnings.isEmpty {
            out += ",\"warnings\":"
            JSONWriter.write(.array(p.warnings.map(JSONValue.string)), into: &out)
        }
        out += "}"
        return out
    }

    /// The health summary: `status`, `mode`, the serving `models` and the `fallbacks`.
    public static func health(_ h: HealthStatus) -> [String: JSONValue] {
        [
            "status": .string(h.level.rawValue), "mode": .string(h.mode.rawValue),
            "models": .array(h.serving.map {
                .object([
                    "model": .string($0.model), "version": .string($0.version),
                    "status": .string($0.record.status.rawValue),
                ])
            }),
            "fallbacks": .array(h.fallbacks.map {
                .object([
                    "model": .string($0.model), "wanted_version": .string($0.wanted),
                    "serving_version": optional($0.serving), "reason": .string($0.reason),
                ])
            }),
        ]
    }

    /// One audit log entry.
    public static func audit(_ e: AuditRecord) -> JSONValue {
        .object([
            "id": .int(Int(e.id)), "at": date(e.at), "actor": .string(e.actor), "action": .string(e.action),
            "target": .string(e.target), "before": e.before.map(JSONValue.string) ?? .null,
            "after": e.after.map(JSONValue.string) ?? .null, "outcome": .string(e.outcome),
            "details": .string(e.details),
        ])
    }

    /// Alert events as the API shows them.
    public static func alerts(_ records: [DriftAlertRecord]) -> JSONValue { encoded(records.map(AlertView.init)) }

    /// A drift check: the check's fields, the alert events it raised or cleared, and the alerts raised now.
    public static func driftCheck(_ check: DriftCheck, events: [DriftAlertRecord], raised: [DriftAlerts.Kind])
        -> [String: JSONValue]
    {
        var body = fields(encoded(check))
        body["alerts"] = alerts(events)
        body["raised_alerts"] = .array(raised.map { .string($0.rawValue) })
        return body
    }

    /// The members of an object; empty for anything else.
    public static func fields(_ value: JSONValue) -> [String: JSONValue] {
        if case .object(let o) = value { return o }
        return [:]
    }
}

/// An alert event as the API shows it.
struct AlertView: Encodable {
    var id: Int64
    var model: String
    var version: String
    var kind: String
    var event: String
    var at: Date
    var value: Double
    var threshold: Double
    var details: JSONObjectText

    init(_ r: DriftAlertRecord) {
        id = r.id
        model = r.model
        version = r.version
        kind = r.kind
        event = r.event.rawValue
        at = r.at
        value = r.value
        threshold = r.threshold
        details = JSONObjectText(text: r.details)
    }
}

/// Stored JSON text (an object of numbers) re-encoded as a JSON object.
struct JSONObjectText: Encodable {
    var text: String

    func encode(to encoder: any Encoder) throws {
        let values =
            (try? JSONDecoder().decode([String: Double].self, from: Data(text.utf8))) ?? [:]
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
