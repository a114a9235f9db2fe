public import DataFormats
public import MCP
public import WardenApp

/// What clients see of a tool, and the operation that authorizes it: its name, description, parameters (from which
/// both its input JSON Schema and the argument checks are made, so they cannot disagree), output schema, and the
/// MCP annotations that follow from its effect.
public struct ToolDefinition: Sendable {
    /// What a tool does to the registry or the serving state.
    public enum Effect: String, Sendable {
        /// Reads only (`readOnlyHint`).
        case readOnly = "read-only"
        /// Records something without taking anything away (alert history).
        case additive
        /// Changes state Warden keeps without changing what serves or scores (an anomaly's workflow); audited.
        case write
        /// Changes what serves or scores (`destructiveHint`); such tools take a `reason` for the audit log.
        case destructive
    }

    /// What a tool acts on: what its call is authorized and audited against.
    public enum Subject: String, Sendable {
        /// A model (`model`, else the default one for lifecycle tools) and a version; audited as `model/version`.
        case model
        /// An agent (`agent`); audited as `agent:<id>`. The key's scope is checked against the model the call names
        /// and, by the agent service, against the agent's model; never against the default model.
        case agent
        /// An anomaly (`id`); audited as `anomaly:<id>`. The anomaly service refuses one of a model out of scope.
        case anomaly
    }

    /// The name, e.g. `deploy_version`.
    public var name: String
    /// A title for people.
    public var title: String
    /// What the tool does and when to use it, for the assistant.
    public var description: String
    /// The arguments.
    public var parameters: [ToolParameter]
    /// The JSON Schema of the structured result.
    public var output: JSONValue
    /// The operation of the application it performs (authorization and audit).
    public var operation: AppOperation
    /// What it changes.
    public var effect: Effect
    /// Whether calling it again with the same arguments changes nothing more.
    public var idempotent: Bool
    /// What it acts on.
    public var subject: Subject

    /// Creates a definition.
    public init(
        name: String, title: String, description: String, parameters: [ToolParameter], output: JSONValue,
        operation: AppOperation, effect: Effect, idempotent: Bool = true, subject: Subject = .model
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.parameters = parameters
        self.output = output
        self.operation = operation
        self.effect = effect
        self.idempotent = idempotent
        self.subject = subject
    }

    /// The input JSON Schema: an object of the parameters, the required ones listed, no others allowed.
    public var inputSchema: JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object",
            "properties": .object(Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.schema) })),
            "additionalProperties": false,
        ]
        let required = parameters.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }

    /// The SDK's declaration of the tool, as `tools/list` sends it.
    public var tool: Tool {
        Tool(
            name: name, title: title, description: description, inputSchema: MCPValue.from(inputSchema),
            annotations: Tool.Annotations(
                title: title, readOnlyHint: effect == .readOnly, destructiveHint: effect == .destructive,
                idempotentHint: idempotent, openWorldHint: false),
            outputSchema: MCPValue.from(output))
    }
}

/// One argument of a tool.
public struct ToolParameter: Sendable {
    /// The JSON type of an argument and what else is checked.
    public enum Kind: Sendable {
        /// A non-empty string.
        case string
        /// One of these strings.
        case choice([String])
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// true or false.
        case boolean
        /// A non-empty list of strings, each one of `allowed`.
        case strings(allowed: [String])
        /// A non-empty list of objects (feature rows keyed by feature name).
        case rows
        /// An ISO 8601 time in the contract's form (`2026-01-05T10:00:00Z`), as the HTTP API's `from` and `to`.
        case time
    }

    /// The argument's name, as the HTTP API spells it (`model`, `version`, `rows`, `reason`).
    public var name: String
    /// Its type.
    public var kind: Kind
    /// Whether it must be given.
    public var required: Bool
    /// What it means, for the assistant.
    public var description: String

    /// Creates a parameter.
    public init(_ name: String, _ kind: Kind, required: Bool = false, _ description: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.description = description
    }

    /// Its JSON Schema.
    public var schema: JSONValue {
        var s: [String: JSONValue] = ["description": .string(description)]
        switch kind {
        case .string:
            s["type"] = "string"
            s["minLength"] = 1
        case .choice(let values):
            s["type"] = "string"
            s["enum"] = .array(values.map(JSONValue.string))
        case .integer(let range):
            s["type"] = "integer"
            s["minimum"] = .int(range.lowerBound)
            s["maximum"] = .int(range.upperBound)
        case .boolean:
            s["type"] = "boolean"
        case .strings(let allowed):
            s["type"] = "array"
            s["items"] = .object(["type": "string", "enum": .array(allowed.map(JSONValue.string))])
            s["minItems"] = 1
        case .time:
            s["type"] = "string"
            s["format"] = "date-time"
        case .rows:
            s["type"] = "array"
            s["minItems"] = 1
            s["items"] = .object([
                "type": "object", "description": "one row: feature name → value",
                "additionalProperties": .object(["type": .array(["number", "string", "null"])]),
            ])
        }
        return .object(s)
    }

    // MARK: The common parameters, named as the HTTP API names them

    /// `model`: the model; optional where the API defaults to the configured or only model.
    public static let model = ToolParameter(
        "model", .string,
        "The model name (as in list_models). Optional: defaults to the configured model, else the only one.")

    /// `version`, optional: the model's serving version when absent.
    public static let servingVersion = ToolParameter(
        "version", .string, "The version name (as in list_models). Optional: defaults to the serving version.")

    /// `version`, required.
    public static let requiredVersion = ToolParameter(
        "version", .string, required: true, "The version name (as in list_models).")

    /// `reason`: why a destructive change is made; recorded in the audit log and the deployment history.
    public static let reason = ToolParameter(
        "reason", .string, required: true,
        "Why this change is made. Recorded in the audit log and the deployment history; required.")

    /// `agent`, required: an agent's id.
    public static let agent = ToolParameter(
        "agent", .string, required: true, "The agent's id (as in list_agents), e.g. wifi-campus.")

    /// `id`, required: an anomaly's id.
    public static let anomalyID = ToolParameter(
        "id", .integer(1...Int.max), required: true, "The anomaly's id (as in list_anomalies).")

    /// `reason` of an agent's pairing: recorded in the audit log and the agent's pairing history.
    public static let agentReason = ToolParameter(
        "reason", .string, required: true,
        "Why this change is made. Recorded in the audit log and the agent's pairing history; required.")

    /// `limit`: how many entries (1–10,000; 100 when absent).
    public static let limit = ToolParameter(
        "limit", .integer(1...10_000), "How many entries, newest first (1–10000; default 100).")
}
