import Foundation

/// Where a ``PostgresLogSource`` reads: the server, the credentials, the table and its columns, and the timeouts.
///
/// Built from a libpq-style URL (credentials belong in the URL taken from the environment, never in a file that
/// is logged) or from its parts. ``description`` never shows the password.
///
/// ```swift
/// var configuration = try PostgresLogSourceConfiguration(
///     url: environment["WARDEN_DATABASE_URL"] ?? "", table: "wifi_logs")
/// configuration.queryTimeout = .seconds(5)
/// ```
public struct PostgresLogSourceConfiguration: Sendable, CustomStringConvertible {
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
    /// The database holding the table.
    public var database: String
    /// Encryption of the connection.
    public var tls: TLSMode
    /// The table: `name` or `schema.name`, each part a plain identifier (``SQLIdentifier``).
    public var table: String
    /// The column of each contract field.
    public var columns: PostgresLogColumns
    /// How long one read (or ``PostgresLogSource/newest()``) may take, waiting for a connection included, before
    /// it throws: a server that is down makes reads fail after this long rather than hang.
    public var queryTimeout: Duration = .seconds(10)
    /// How long opening one TCP connection may take.
    public var connectTimeout: Duration = .seconds(5)
    /// The name the server shows for the source's connections (`pg_stat_activity.application_name`).
    public var applicationName: String = "warden-agents"
    /// The most connections the source's pool opens (one agent reads one page at a time: 2 is plenty).
    public var maximumConnections: Int = 2

    /// A configuration from its parts.
    ///
    /// - Parameters:
    ///   - host: the server's host name or address.
    ///   - port: the server's TCP port.
    ///   - username: the user to connect as.
    ///   - password: the user's password, if any.
    ///   - database: the database holding the table.
    ///   - table: `name` or `schema.name`.
    ///   - columns: the column of each contract field.
    ///   - tls: encryption of the connection.
    public init(
        host: String = "127.0.0.1", port: Int = 5432, username: String, password: String? = nil, database: String,
        table: String = "wifi_logs", columns: PostgresLogColumns = .contract, tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.table = table
        self.columns = columns
        self.tls = tls
    }

    /// A configuration from a URL `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]`.
    ///
    /// The scheme may also be `postgresql`; user, password and database are percent-decoded (write `@` in a
    /// password as `%40`); the port defaults to 5432 and the database to the user name. Query parameters:
    /// `sslmode` (``TLSMode``, default `prefer`), `connect_timeout` (seconds) and `application_name`.
    ///
    /// - Parameters:
    ///   - url: the URL.
    ///   - table: `name` or `schema.name`.
    ///   - columns: the column of each contract field.
    /// - Throws: ``LogSourcePostgresError/Code/invalidConfiguration`` saying what is wrong with the URL, without
    ///   repeating it (it may hold a password).
    public init(url: String, table: String = "wifi_logs", columns: PostgresLogColumns = .contract)
        throws(LogSourcePostgresError)
    {
        func invalid(_ problem: String) -> LogSourcePostgresError {
            LogSourcePostgresError(
                .invalidConfiguration,
                "the PostgreSQL URL \(problem); write postgres://USER:PASSWORD@HOST:PORT/DATABASE, with reserved "
                    + "characters of the user and password percent-encoded")
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

        self.init(
            host: host, port: port, username: user, password: parts.password, database: database, table: table,
            columns: columns)
        for item in parts.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value == "allow" ? "prefer" : value) else {
                    throw invalid(
                        "has sslmode=\(value); use one of "
                            + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                tls = mode
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw invalid("has connect_timeout=\(value); use a whole number of seconds above 0")
                }
                connectTimeout = .seconds(seconds)
            case "application_name":
                applicationName = value
            default:
                throw invalid(
                    "has the parameter \(item.name), which this source does not support; use sslmode, "
                        + "connect_timeout or application_name")
            }
        }
    }

    /// `host:port`, the address the source connects to (`[::1]:5432` for an IPv6 address).
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `postgres://USER@HOST:PORT/DATABASE table wifi_logs`, without the password.
    public var description: String { "postgres://\(username)@\(endpoint)/\(database) table \(table)" }
}
