/// The one error type of the Registry module: what failed, the offending value and the remedy.
///
/// `code` is stable and machine-readable; the server maps it to an HTTP status and the CLI to an exit status, each
/// in one place. Every refused command is one of these errors, never a silent no-op.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    public enum Code: String, Sendable, Equatable, CaseIterable, Codable {
        /// No version with that name exists for the model.
        case versionNotFound = "version_not_found"
        /// The command is not allowed from the version's current status.
        case invalidTransition = "invalid_transition"
        /// The command would remove or disable the version that is serving.
        case servingVersionProtected = "serving_version_protected"
        /// A rollback without a target found no earlier serving version that can serve again.
        case noPreviousVersion = "no_previous_version"
        /// The model already has a version with that name.
        case duplicateVersion = "duplicate_version"
        /// The version string is not one of the accepted forms or contains unsafe characters.
        case invalidVersion = "invalid_version"
        /// The model name is empty, too long or contains unsafe characters.
        case invalidModelName = "invalid_model_name"
        /// A record field is malformed (e.g. a digest that is not 64 lowercase hex digits).
        case invalidRecord = "invalid_record"
        /// The plan was made at an older revision of the model; re-plan and retry.
        case conflict = "conflict"
        /// The store's backend failed (database, disk); `cause` holds the backend's description.
        case storage = "storage_error"
    }

    /// The category of the failure.
    public var code: Code
    /// A sentence saying what failed, naming the value, and the remedy.
    public var message: String
    /// The model concerned, when known.
    public var model: String?
    /// The version concerned, when known.
    public var version: String?
    /// The underlying error's description, when another layer failed.
    public var cause: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, model: String? = nil, version: String? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.model = model
        self.version = version
        self.cause = cause
    }

    /// The message with the cause appended when known.
    public var description: String {
        if let cause { return "\(message) (cause: \(cause))" }
        return message
    }

    static func notFound(_ model: String, _ version: String) -> RegistryError {
        RegistryError(
            .versionNotFound,
            "model '\(model)' has no version '\(version)'; list the model's versions to pick an existing one",
            model: model, version: version)
    }

    static func invalidTransition(
        _ model: String, _ version: String, status: VersionStatus, command: String, allowed: String
    ) -> RegistryError {
        RegistryError(
            .invalidTransition,
            "cannot \(command) version '\(version)' of model '\(model)' while it is \(status.rawValue); "
                + "\(command) needs a version that is \(allowed)",
            model: model, version: version)
    }
}
