/// The one error type of the RegistryPostgres module for what lies outside the store protocols (which throw
/// `RegistryError`, `storage_error` for backend failures): the configuration and the schema migrations. What failed,
/// the offending value and the remedy, and the cause; never the password.
///
/// ```swift
/// do { try await store.migrate() } catch let error as RegistryPostgresError where error.code == .newerSchema {
///     // run the newer Warden release instead
/// }
/// ```
public struct RegistryPostgresError: Error, CustomStringConvertible {
    /// Stable, machine-readable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case invalidConfiguration = "invalid_configuration"
            case migrationFailed = "migration_failed"
            case newerSchema = "newer_schema"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// The URL, the schema name or another setting is not valid; nothing was sent to the server.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server refused or could not run a migration; nothing of it was applied (each runs in a transaction).
        public static let migrationFailed = Code(.migrationFailed)
        /// The schema was migrated by a newer Warden, with migrations this build does not know.
        public static let newerSchema = Code(.newerSchema)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `migration_failed`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The category.
    public var code: Code
    /// What failed and the remedy.
    public var message: String
    /// The underlying error (the server's, with its SQLSTATE), if any.
    public var cause: (any Error)?

    /// An error with its category, message and cause.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message with the cause appended when known.
    public var description: String {
        if let cause { return "\(message) (cause: \(cause))" }
        return message
    }
}
