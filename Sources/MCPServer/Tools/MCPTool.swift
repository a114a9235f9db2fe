public import DataFormats
public import WardenApp

/// One MCP tool: what clients see (``ToolDefinition``) and what it does, which is to call one operation of the
/// application. The registry authorizes the call against ``ToolDefinition/operation`` (role, key scope, serving
/// mode; refusals and changes are audited) and checks the arguments against ``ToolDefinition/parameters`` before
/// ``run(_:in:)`` is called, so a tool only reads typed arguments, calls the service and renders the value.
///
/// A new tool is one file: a type conforming to `MCPTool`, added to ``WardenTools/all``.
///
/// ```swift
/// struct GetHealthTool: MCPTool {
///     let definition = ToolDefinition(
///         name: "get_health", title: "Serving health", description: "...", parameters: [],
///         output: .object(["type": "object"]), operation: .readStatus, effect: .readOnly)
///     func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput {
///         .value(Views.health(context.app.health()))
///     }
/// }
/// ```
public protocol MCPTool: Sendable {
    /// The tool's declaration.
    var definition: ToolDefinition { get }

    /// Runs the tool inside its operation, with arguments already checked against its parameters.
    ///
    /// - Throws: any Warden error; it becomes a tool result with `isError: true` carrying the error's code.
    func run(_ arguments: ToolArguments, in context: ToolContext) async throws -> ToolOutput
}

/// What a tool returns: its structured result.
public enum ToolOutput: Sendable {
    /// A JSON object.
    case value([String: JSONValue])
    /// A JSON object already written as text (the prediction's hot path writes it directly).
    case json(String)

    /// The result as JSON text.
    var text: String {
        switch self {
        case .value(let o): JSONWriter.text(.object(o))
        case .json(let t): t
        }
    }
}

/// What a tool runs with: the application and the caller it acts for.
public struct ToolContext: Sendable {
    /// The application.
    public let app: WardenServices
    /// Who calls the tool.
    public let caller: Caller

    /// Creates a context.
    public init(app: WardenServices, caller: Caller) {
        self.app = app
        self.caller = caller
    }

    /// The model the arguments name (`model`), else the default one, within the caller's scope.
    ///
    /// - Throws: ``AppError`` `model_required`, `model_out_of_scope`.
    public func model(_ arguments: ToolArguments) async throws -> String {
        try await app.models.resolveModel(arguments.string("model"), caller: caller)
    }

    /// The model and version the arguments name: `version` (which must exist), else the model's serving version.
    ///
    /// - Throws: ``AppError`` `model_required`, `model_out_of_scope`; `version_not_found`.
    public func version(_ arguments: ToolArguments) async throws -> (model: String, version: String) {
        let model = try await model(arguments)
        return (model, try await app.models.resolveVersion(arguments.string("version"), model: model))
    }
}
