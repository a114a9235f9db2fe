/// The one error type of the LogSourcePostgres module: what failed, the offending value and the remedy, and the
/// cause.
///
/// Messages name the server as `host:port`, the database, the table and the column, never the password. A row that
/// breaks the log contract is not an error: it is a ``Agents/MalformedRecord`` in the page.
///
/// ```swift
/// do { page = try await source.read(after: position, limit: 10_000) } catch let error as LogSourcePostgresError {
///     if error.code == .unreachable { /* back off and retry */ }
/// }
/// ```
public struct LogSourcePostgresError: Error, CustomStringConvertible {
    /// Stable, machine-readable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case invalidConfiguration = "invalid_configuration"
            case unreachable = "unreachable"
            case timedOut = "timed_out"
            case authenticationFailed = "authentication_failed"
            case databaseNotFound = "database_not_found"
            case tableNotFound = "table_not_found"
            case columnNotFound = "column_not_found"
            case unsupportedColumnType = "unsupported_column_type"
            case queryFailed = "query_failed"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// The URL, a table or column name, or another setting is not valid; nothing was sent to the server.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// No connection could be made (refused, no route, name not resolved, server shutting down): retry later.
        public static let unreachable = Code(.unreachable)
        /// The server accepted connections but the query did not complete in time: retry later.
        public static let timedOut = Code(.timedOut)
        /// The server refused the user name or password.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The server has no database of that name.
        public static let databaseNotFound = Code(.databaseNotFound)
        /// The configured table does not exist (or the user may not see it).
        public static let tableNotFound = Code(.tableNotFound)
        /// A configured column does not exist in the table.
        public static let columnNotFound = Code(.columnNotFound)
        /// A column's PostgreSQL type cannot hold its contract field (e.g. `ts` as `jsonb`, `id` as `text`).
        public static let unsupportedColumnType = Code(.unsupportedColumnType)
        /// The server refused the query for another reason (permissions, ...); the message carries its SQLSTATE.
        public static let queryFailed = Code(.queryFailed)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `unreachable`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }

        /// Whether the failure is expected to go away by itself (a server that is down or busy): the agent backs
        /// off and reads again; other codes need an operator.
        public var isTransient: Bool { base == .unreachable || base == .timedOut }
    }

    /// The category of the failure.
    public var code: Code
    /// What failed, the offending value and the remedy, as one sentence (no password).
    public var message: String
    /// The underlying error (postgres-nio's, NIO's), when another layer failed. Its description holds no password:
    /// postgres-nio keeps query text and connection settings out of it.
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the category.
    ///   - message: what failed, the offending value and the remedy, as one sentence.
    ///   - cause: the underlying error, if any.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
