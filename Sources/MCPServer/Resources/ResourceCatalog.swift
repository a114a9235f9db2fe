import DataFormats
public import MCP
import WardenApp

/// MCP's resources: the reports of a version (``VersionReport``) by URI. `resources/templates/list` names the three
/// templates; `resources/list` names the reports of every serving version the caller may see; `resources/read`
/// reads any version's report, authorized like the equivalent HTTP route (role and key scope).
public struct ResourceCatalog: Sendable {
    /// Creates the catalog.
    public init() {}

    /// The resource templates as the SDK declares them.
    public var templates: [Resource.Template] {
        VersionReport.allCases.map {
            Resource.Template(
                uriTemplate: $0.uriTemplate, name: $0.rawValue, title: $0.title, description: $0.summary,
                mimeType: "application/json")
        }
    }

    /// The reports of every serving version the caller may see.
    func list(app: WardenServices, caller: Caller) async throws -> [Resource] {
        try await app.perform(
            .readModels, caller: caller, model: nil, target: "mcp:resources/list", subject: "MCP resources/list"
        ) {
            var resources: [Resource] = []
            for model in try await app.models.models(visibleTo: caller) {
                guard let version = try? await app.models.resolveVersion(nil, model: model) else { continue }
                for report in VersionReport.allCases {
                    resources.append(
                        Resource(
                            name: "\(model) \(version) \(report.rawValue)", uri: report.uri(model: model, version: version),
                            title: "\(report.title) of \(model) \(version) (serving)", description: report.summary,
                            mimeType: "application/json"))
                }
            }
            return resources
        }
    }

    /// Reads a report by URI.
    ///
    /// - Throws: ``RPCError``: invalid params for a URI of no report; Warden's errors (not found, refused) with
    ///   their code in `data`.
    func read(_ uri: String, app: WardenServices, caller: Caller) async throws(RPCError) -> JSONValue {
        guard let (report, model, version) = VersionReport.parse(uri) else {
            throw RPCError(
                code: RPCError.invalidParamsCode,
                message: "Invalid params: '\(uri.prefix(200))' names no resource; resources/templates/list gives "
                    + "their form, warden://models/{name}/versions/{version}/<report>",
                data: .object(["code": "invalid_uri", "uri": .string(String(uri.prefix(200)))]))
        }
        do {
            return .object(try await read(report, model: model, version: version, app: app, caller: caller))
        } catch {
            throw RPCError.warden(error)
        }
    }

    /// Reads a report of a version, authorized against the report's operation.
    func read(_ report: VersionReport, model: String, version: String, app: WardenServices, caller: Caller)
        async throws -> [String: JSONValue]
    {
        try await app.perform(
            report.operation, caller: caller, model: model, target: report.uri(model: model, version: version),
            subject: "the MCP resource \(report.rawValue)"
        ) { try await report.read(model: model, version: version, app: app) }
    }
}
