import Foundation

/// Where a ``PostgresRegistryStore`` keeps its tables: the server, the credentials, the schema, the pool's size and
/// the timeouts.
///
/// Built from a libpq-style URL (credentials belong in the URL taken from the environment, such as
/// `WARDEN_DATABASE_URL`, never in a file that is logged) or from its parts. ``description`` never shows the
/// password.
///
/// ```swift
/// var configuration = try PostgresStoreConfiguration(url: environment["WARDEN_DATABASE_URL"] ?? "")
/// configuration.schema = "warden"
/// ```
public struct PostgresStoreConfiguration: Sendable, CustomStringConvertible {
    /// Whether and how the connection is encrypted, with libpq's `sslmode` names and meanings.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the certificate.
        case require
        /// TLS with a certificate signed by a trusted authority, any host name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for the host name connected to.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The user to connect as.
    public var username: String
    /// The user's password, if the server asks for one. Never logged nor put in an error message.
    public var password: String?
    /// The database holding the registry.
    public var database: String
    /// Encryption of the connection.
    public var tls: TLSMode
    /// The schema holding the registry's tables, created by ``PostgresRegistryStore/migrate()`` when missing; nil:
    /// the server's default search path (normally `public`). A plain identifier: lowercase letters, digits and `_`,
    /// not starting with a digit, at most 63 bytes.
    public var schema: String?
    /// How long one statement may run on the server (`statement_timeout`).
    public var statementTimeout: Duration = .seconds(30)
    /// How long one store operation may take, waiting for a connection included, before it fails with
    /// `storage_error`: while the server is down, calls fail after this long rather than hang.
    public var operationTimeout: Duration = .seconds(30)
    /// How long opening one TCP connection may take.
    public var connectTimeout: Duration = .seconds(5)
    /// The name the server shows for the store's connections (`pg_stat_activity.application_name`).
    public var applicationName: String = "warden-registry"
    /// The most connections the store's pool opens.
    public var maximumConnections: Int = 10

    /// A configuration from its parts.
    ///
    /// - Parameters:
    ///   - host: the server's host name or address.
    ///   - port: the server's TCP port.
    ///   - username: the user to connect as.
    ///   - password: the user's password, if any.
    ///   - database: the database holding the registry.
    ///   - schema: the schema of the registry's tables; nil for the default search path.
    ///   - tls: encryption of the connection.
    public init(
        host: String = "127.0.0.1", port: Int = 5432, username: String, password: String? = nil, database: String,
        schema: String? = nil, tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.tls = tls
    }

    /// A configuration from a URL `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]`.
    ///
    /// The scheme may also be `postgresql`; user, password and database are percent-decoded (write `@` in a
    /// password as `%40`); the port defaults to 5432 and the database to the user name. Query parameters:
    /// `sslmode` (``TLSMode``, default `prefer`), `connect_timeout` (seconds), `application_name` and `schema`.
    ///
    /// - Parameter url: the URL.
    /// - Throws: `storage_error` saying what is wrong with the URL, without repeating it (it may hold a password).
    public init(url: String) throws(RegistryPostgresError) {
        func invalid(_ problem: String) -> RegistryPostgresError {
            RegistryPostgresError(
                .invalidConfiguration,
                "the PostgreSQL registry URL \(problem); write postgres://USER:PASSWORD@HOST:PORT/DATABASE, with "
                    + "reserved characters of the user and password percent-encoded")
        }
        guard !url.isEmpty else { throw invalid("is empty") }
        guard let parts = URLComponents(string: url) else { throw invalid("cannot be parsed") }
        guard let scheme = parts.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("does not start with postgres:// or postgresql://")
        }
        var host = parts.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid("names no host") }
        let port = parts.port ?? 5432
        guard (1...65_535).contains(port) else { throw invalid("has port \(port), outside 1-65535") }
        guard let user = parts.user, !user.isEmpty else { throw invalid("names no user") }
        var database = parts.path
        if database.hasPrefix("/") { database.removeFirst() }
        guard !database.contains("/") else { throw invalid("has a path of more than one part") }
        if database.isEmpty { database = user }

        self.init(host: host, port: port, username: user, password: parts.password, database: database)
        for item in parts.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value == "allow" ? "prefer" : value) else {
                    throw invalid(
                        "has sslmode=\(value); use one of " + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                tls = mode
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw invalid("has connect_timeout=\(value); use a whole number of seconds above 0")
                }
                connectTimeout = .seconds(seconds)
            case "application_name":
                applicationName = value
            case "schema":
                schema = value
            default:
                throw invalid(
                    "has the parameter \(item.name), which the registry does not support; use sslmode, "
                        + "connect_timeout, application_name or schema")
            }
        }
        try validate()
    }

    /// Checks the parts a URL cannot check by its shape: the schema name, the pool size and the timeouts.
    ///
    /// - Throws: `invalid_configuration` naming the field and the accepted values.
    public func validate() throws(RegistryPostgresError) {
        if let schema, !Self.isPlainIdentifier(schema) {
            throw RegistryPostgresError(
                .invalidConfiguration,
                "the registry schema '\(schema.prefix(64))' is not a plain identifier; use 1 to 63 lowercase letters, "
                    + "digits and '_', not starting with a digit")
        }
        guard maximumConnections >= 1 else {
            throw RegistryPostgresError(
                .invalidConfiguration, "maximum_connections is \(maximumConnections); use 1 or more")
        }
        guard statementTimeout > .zero, connectTimeout > .zero, operationTimeout > .zero else {
            throw RegistryPostgresError(
                .invalidConfiguration, "the statement, connect and operation timeouts must be longer than zero")
        }
    }

    /// Whether `name` is a lowercase identifier PostgreSQL takes unquoted, so it can stand in a search path and in
    /// DDL without quoting rules.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63, !(0x30...0x39).contains(first) else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// `host:port`, the address the store connects to (`[::1]:5432` for an IPv6 address).
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `postgres://USER@HOST:PORT/DATABASE schema S`, without the password.
    public var description: String {
        "postgres://\(username)@\(endpoint)/\(database)" + (schema.map { " schema \($0)" } ?? "")
    }
}
