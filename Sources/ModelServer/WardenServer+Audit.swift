import Foundation
import Hummingbird
import Logging
import ModelRuntime
import Registry
import AccessControl
import DataFormats
import Serving

extension APIError {
    /// A key scoped to other models acting on `model`.
    static func outOfScope(_ model: String, _ identity: Identity) -> APIError {
        APIError(
            .forbidden, code: "model_out_of_scope",
            "the API key '\(identity.name)' may act on \((identity.models ?? []).joined(separator: ", ")) only, "
                + "not on '\(model)'; use a key for that model",
            details: ["model": .string(model), "allowed_models": .array((identity.models ?? []).map(JSONValue.string))])
    }
}

extension WardenServer {
    /// Refuses a model outside the scope of the request's key.
    func checkScope(_ model: String) throws {
        if let identity = Identity.current, !identity.covers(model: model) { throw APIError.outOfScope(model, identity) }
    }

    /// The state an audited change moves: the serving version of the model it names (lifecycle), or the mode.
    func auditState(_ rule: EndpointRule, _ request: Request) async -> String? {
        switch rule.action {
        case .lifecycle:
            let named = request.uri.queryParameters["model"].map(String.init)
            let model = named ?? host.defaultModel ?? host.loadedModels.first(where: \.serving)?.model.model
            guard let model else { return nil }
            let serving = host.loadedModels.first { $0.serving && $0.model.model == model }
            return "{\"model\":" + JSONString.quoted(model) + ",\"serving\":"
                + (serving.map { JSONString.quoted($0.model.version) } ?? "null") + "}"
        case .administer where rule.audit == "mode":
            return "{\"mode\":" + JSONString.quoted(modes.mode.rawValue) + "}"
        default:
            return nil
        }
    }

    /// Appends one entry to the audit log (when the server keeps one); a failure to write is logged, never
    /// returned to the client whose change already happened.
    func audit(
        _ action: String, rule: EndpointRule, request: Request, identity: Identity, before: String?, after: String?,
        outcome: String, status: Int
    ) async {
        guard let store = security?.store else { return }
        var details = "{\"method\":" + JSONString.quoted(rule.method) + ",\"route\":" + JSONString.quoted(rule.path)
            + ",\"status\":\(status)"
        if let model = request.uri.queryParameters["model"] { details += ",\"model\":" + JSONString.quoted(String(model)) }
        details += "}"
        let entry = AuditRecord(
            at: Date(), actor: identity.actor, action: action, target: String(request.uri.path.prefix(512)),
            before: before, after: after, outcome: outcome, details: details)
        do {
            _ = try await store.appendAudit(entry)
        } catch {
            logger.error("audit append failed", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }
}
