/// The one error type of the Registry module: what failed, the offending value and the remedy.
///
/// `code` is stable and machine-readable; the server maps it to an HTTP status and the CLI to an exit status, each
/// in one place. Every refused command is one of these errors, never a silent no-op.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible, Codable {
        private enum Base: String, CaseIterable {
            case versionNotFound = "version_not_found"
            case invalidTransition = "invalid_transition"
            case servingVersionProtected = "serving_version_protected"
            case noPreviousVersion = "no_previous_version"
            case duplicateVersion = "duplicate_version"
            case invalidVersion = "invalid_version"
            case invalidModelName = "invalid_model_name"
            case invalidRecord = "invalid_record"
            case conflict = "conflict"
            case storage = "storage_error"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// No version with that name exists for the model.
        public static let versionNotFound = Code(.versionNotFound)
        /// The command is not allowed from the version's current status.
        public static let invalidTransition = Code(.invalidTransition)
        /// The command would remove or disable the version that is serving.
        public static let servingVersionProtected = Code(.servingVersionProtected)
        /// A rollback without a target found no earlier serving version that can serve again.
        public static let noPreviousVersion = Code(.noPreviousVersion)
        /// The model already has a version with that name.
        public static let duplicateVersion = Code(.duplicateVersion)
        /// The version string is not one of the accepted forms or contains unsafe characters.
        public static let invalidVersion = Code(.invalidVersion)
        /// The model name is empty, too long or contains unsafe characters.
        public static let invalidModelName = Code(.invalidModelName)
        /// A record field is malformed (e.g. a digest that is not 64 lowercase hex digits).
        public static let invalidRecord = Code(.invalidRecord)
        /// The plan was made at an older revision of the model; re-plan and retry.
        public static let conflict = Code(.conflict)
        /// The store's backend failed (database, disk); `cause` holds the backend's description.
        public static let storage = Code(.storage)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `version_not_found`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// A sentence saying what failed, naming the value, and the remedy.
    public var message: String
    /// The model concerned, when known.
    public var model: String?
    /// The version concerned, when known.
    public var version: String?
    /// The underlying error, when another layer failed (the database's, the file system's).
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The category.
    ///   - message: What failed, naming the value, and the remedy.
    ///   - model: The model concerned, if known.
    ///   - version: The version concerned, if known.
    ///   - cause: The underlying error, if another layer failed.
    public init(
        _ code: Code, _ message: String, model: String? = nil, version: String? = nil, cause: (any Error)? = nil
    ) {
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

    /// Equal when everything but the cause is equal and the causes describe themselves alike.
    public static func == (a: RegistryError, b: RegistryError) -> Bool {
        a.code == b.code && a.message == b.message && a.model == b.model && a.version == b.version
            && a.cause.map { "\($0)" } == b.cause.map { "\($0)" }
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
