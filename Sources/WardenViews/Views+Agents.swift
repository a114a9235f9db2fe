public import Agents
public import DataFormats
public import Registry
public import WardenApp

extension Views {
    /// An agent's status (`GET /api/v1/agents[/{agent}]`, MCP `list_agents`).
    public static func agent(_ s: AgentStatus) -> JSONValue { encoded(s) }

    /// The reply to a pairing (`POST /api/v1/agents/{agent}/set-model`, MCP `set_agent_model`): the agent, the model
    /// and the version it scores with from its next window (`production` follows the serving version), its shadow.
    public static func pairing(_ p: AgentPairingRecord) -> JSONValue {
        .object([
            "success": true, "agent": .string(p.agent), "model": .string(p.model),
            "version": .string(p.version ?? "production"), "shadow_version": optional(p.shadowVersion),
            "paired_at": date(p.at), "message": "the agent scores its next closed window with this version",
        ])
    }

    /// An anomaly (`GET /api/v1/anomalies[/{id}]`, MCP `list_anomalies`, `update_anomaly_status`): the contract's
    /// record with its id.
    public static func anomaly(_ s: AnomalyService.Stored) -> JSONValue {
        var o = fields(encoded(s.record))
        o["id"] = .int(Int(s.id))
        return .object(o)
    }

    /// Why an anomaly was flagged (MCP `explain_window`, the `investigate_anomaly` prompt): the window (agent, access
    /// point, start, end, events), the version that scored it with its score and threshold, the classifier's type,
    /// severity, confidence and description, who detected it, the window's 17 features, and the contributors stored
    /// with it — the features that deviate most from the model's training reference, each with its value and its
    /// standardised deviation `z`, strongest first.
    public static func explanation(_ s: AnomalyService.Stored) -> JSONValue {
        let r = s.record
        return .object([
            "id": .int(Int(s.id)), "agent": .string(r.agent), "ap": .string(r.entity),
            "window_start": .string(r.windowStart.description), "window_end": .string(r.windowEnd.description),
            "event_count": .int(r.eventCount), "model": .string(r.model), "model_version": .string(r.modelVersion),
            "type": .string(r.type.rawValue), "severity": .string(r.severity.rawValue),
            "confidence": .double(r.confidence), "score": .double(r.score), "threshold": .double(r.threshold),
            "description": .string(r.description), "status": .string(r.status.rawValue),
            "detected_by": .object([
                "source": .string(r.detectedBy.source.rawValue),
                "rules": .array(r.detectedBy.rules.map(JSONValue.string)),
            ]),
            "features": .object(r.features.mapValues(JSONValue.double)),
            "contributors": .array(
                r.contributors.map {
                    .object(["feature": .string($0.feature), "value": .double($0.value), "z": .double($0.z)])
                }),
        ])
    }
}

extension Views {
    /// An incident (`GET /api/v1/incidents[/{id}]`): its id, agent, access point (`ap`), type, model, status
    /// (`open|closed`), first window start and last window end (ISO 8601), peak severity, window count, the ids of
    /// its anomalies, when it opened and last changed; with `anomalies` (the records) when shown alone.
    public static func incident(_ i: AnomalyService.Incident, withAnomalies: Bool = false) -> JSONValue {
        let r = i.row
        var o: [String: JSONValue] = [
            "id": .int(Int(r.id)), "agent": .string(r.agent), "ap": .string(r.entity), "type": .string(r.type),
            "model": .string(r.model), "status": .string(r.status),
            "start": .string(Timestamp(microseconds: r.start).description),
            "end": .string(Timestamp(microseconds: r.end).description), "peak_severity": .string(r.peakSeverity),
            "window_count": .int(r.windowCount), "anomaly_ids": .array(r.anomalyIDs.map { .int(Int($0)) }),
            "opened_at": date(r.openedAt), "updated_at": date(r.updatedAt),
        ]
        if withAnomalies { o["anomalies"] = .array(i.anomalies.map(anomaly)) }
        return .object(o)
    }
}
