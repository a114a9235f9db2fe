import DataFormats

/// JSON Schema fragments for tools' output schemas.
enum Schema {
    /// `{"type": name}`.
    static func type(_ name: String) -> JSONValue { .object(["type": .string(name)]) }

    static let string = type("string")
    static let number = type("number")
    static let integer = type("integer")
    static let boolean = type("boolean")
    static let anyObject = type("object")
    static let nullableString: JSONValue = .object(["type": .array(["string", "null"])])
    static let nullableNumber: JSONValue = .object(["type": .array(["number", "null"])])
    static let nullableObject: JSONValue = .object(["type": .array(["object", "null"])])

    /// A string, one of `values`.
    static func choice(_ values: [String]) -> JSONValue {
        .object(["type": "string", "enum": .array(values.map(JSONValue.string))])
    }

    /// An array of `items`.
    static func array(_ items: JSONValue) -> JSONValue { .object(["type": "array", "items": items]) }

    /// An object with these properties, the listed ones required; other properties allowed.
    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { o["required"] = .array(required.map(JSONValue.string)) }
        return .object(o)
    }

    /// A version summary as list_models shows it (Views.version).
    static let versionSummary = object(
        [
            "model": string, "version": string, "status": string, "is_serving": boolean, "imported_at": string,
            "metrics": anyObject, "tags": array(string),
        ], required: ["model", "version", "status", "is_serving"])

    /// The outcome of a lifecycle command (Views.outcome).
    static let lifecycleOutcome = object(
        [
            "success": boolean, "model": string, "version": string, "command": string, "changed": boolean,
            "changes": array(anyObject), "previous_version": nullableString, "serving_version": string,
            "message": string, "serving": anyObject,
        ], required: ["success", "model", "version", "command", "changed", "changes"])

    /// An agent's status (Views.agent): fields the agent does not know yet are absent.
    static let agentStatus = object(
        [
            "id": string, "type": string, "description": string, "capabilities": array(string),
            "is_running": boolean, "state": string, "source": string, "model": string, "paired_version": string,
            "version": string, "shadow_version": string, "last_run": string, "last_error": string,
            "checkpoint": number, "lag_seconds": number, "events": number, "malformed": number,
            "windows_scored": number, "windows_skipped": number, "events_late": number,
            "anomalies_by_type": anyObject,
        ], required: ["id", "type", "is_running", "state", "model", "paired_version"])

    /// An anomaly with its id (Views.anomaly): the contract's record.
    static let anomaly = object(
        [
            "id": integer, "agent": string, "entity": string, "window_start": string, "window_end": string,
            "event_count": number, "model": string, "model_version": string, "score": number, "threshold": number,
            "type": string, "severity": string, "confidence": number, "description": string, "features": anyObject,
            "contributors": array(anyObject), "detected_by": anyObject, "status": string,
            "status_history": array(anyObject), "created_at": string,
        ], required: ["id", "agent", "entity", "window_start", "window_end", "model", "model_version", "type",
                      "severity", "status"])
}
