public import AccessControl
public import DataFormats

/// Decides whether a caller may perform an operation now: the role's permission (403 `forbidden`), the key's model
/// scope (403 `model_out_of_scope`) and the serving mode (`mode_forbids`). Every face asks it before calling an
/// operation; nothing else decides these.
public struct AccessPolicy: Sendable {
    /// The serving mode.
    public let modes: ModeController
    /// Whether the mode decides what may run: in a serving process. Modes are a serving process's state; the
    /// command line, which acts on the registry directly, is not in a mode.
    public let enforcesModes: Bool

    /// Creates the policy over the server's mode.
    public init(modes: ModeController, enforcesModes: Bool = true) {
        self.modes = modes
        self.enforcesModes = enforcesModes
    }

    /// Refuses the operation unless the caller may perform it on `model` (when it names one) in the current mode.
    ///
    /// - Parameters:
    ///   - operation: what is asked.
    ///   - caller: who asks.
    ///   - model: the model the request names, when it names one.
    ///   - subject: how the face names the request in messages, e.g. `POST /api/v1/models/{version}/deploy`.
    /// - Throws: ``AppError`` `forbidden`, `model_out_of_scope` (another model, or a server-wide operation asked
    ///   by a key limited to some models) or `mode_forbids`.
    public func authorize(_ operation: AppOperation, caller: Caller, model: String?, subject: String) throws(AppError) {
        if let permission = operation.permission, !caller.role.allows(permission) {
            throw AppError(
                .forbidden,
                "\(subject) needs the '\(permission.rawValue)' permission; the \(caller.role.rawValue) role does not "
                    + "have it",
                details: ["permission": .string(permission.rawValue), "role": .string(caller.role.rawValue)])
        }
        if let model { try checkScope(model, caller: caller) }
        if operation.isServerWide, let allowed = caller.identity.models {
            throw AppError(
                .modelOutOfScope,
                "\(subject) acts on every model; the API key '\(caller.identity.name)' is limited to "
                    + "\(allowed.joined(separator: ", ")); use a key for every model",
                details: ["allowed_models": .array(allowed.map(JSONValue.string))])
        }
        let mode = modes.mode
        guard !enforcesModes || mode.permits(operation.action) else {
            let allowed = ServingMode.allowedModes(for: operation.action).map(\.rawValue)
            throw AppError(
                .modeForbids,
                "the server is in \(mode.rawValue) mode, which does not allow this (\(operation.action.rawValue)); "
                    + "an admin can switch with POST /api/mode/{mode} to " + allowed.joined(separator: " or "),
                details: [
                    "mode": .string(mode.rawValue), "action": .string(operation.action.rawValue),
                    "allowed_modes": .array(allowed.map(JSONValue.string)),
                ])
        }
    }

    /// Refuses a model outside the caller's key scope.
    ///
    /// - Throws: ``AppError`` `model_out_of_scope`.
    public func checkScope(_ model: String, caller: Caller) throws(AppError) {
        guard !caller.covers(model: model) else { return }
        let allowed = caller.identity.models ?? []
        throw AppError(
            .modelOutOfScope,
            "the API key '\(caller.identity.name)' may act on \(allowed.joined(separator: ", ")) only, not on "
                + "'\(model)'; use a key for that model",
            details: ["model": .string(model), "allowed_models": .array(allowed.map(JSONValue.string))])
    }
}
