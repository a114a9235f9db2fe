import Foundation
import PostgresNIO

/// Turning postgres-nio's and NIO's failures into errors that say what is wrong and what to do, without the
/// password.
extension PostgresLogSource {
    /// The error of a failed read. Failures that do not say why (a timeout while the pool waits for a connection,
    /// a lost connection, the pool's circuit breaker) are explained by opening one connection directly: refused,
    /// wrong password, missing database, or it works (then the server is slow or the pool still reconnecting).
    func diagnose(_ error: any Error) async -> LogSourcePostgresError {
        if let known = classify(error) { return known }
        if let connectError = await probe() {
            return classify(connectError) ?? unreachable("\(connectError)", cause: connectError)
        }
        if error is QueryTimeout {
            return LogSourcePostgresError(
                .timedOut,
                "\(server) accepts connections, but reading table \(configuration.table) did not complete within "
                    + "\(Self.seconds(configuration.queryTimeout)); the server may be overloaded, or the pool still "
                    + "reconnecting after an outage (it backs off up to a minute), or the source's client is not "
                    + "running (add it to the service group); the agent retries")
        }
        return LogSourcePostgresError(
            .unreachable,
            "the connection to \(server) was lost while reading table \(configuration.table); the pool reconnects "
                + "and the agent retries",
            cause: error)
    }

    /// `PostgreSQL at host:port`.
    private var server: String { "PostgreSQL at \(configuration.endpoint)" }

    /// The error for a failure that explains itself; nil when a probe must tell.
    private func classify(_ error: any Error) -> LogSourcePostgresError? {
        guard let error = error as? PSQLError else { return nil }
        let table = configuration.table
        let user = configuration.username
        let database = configuration.database
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let said = error.serverInfo?[.message] ?? "no message"
            switch state {
            case "28P01", "28000":
                return LogSourcePostgresError(
                    .authenticationFailed,
                    "\(server) refused user \"\(user)\" for database \"\(database)\" (\(said)); check the user and "
                        + "password of the source's URL (taken from the environment) and the server's pg_hba.conf",
                    cause: error)
            case "3D000":
                return LogSourcePostgresError(
                    .databaseNotFound,
                    "\(server) has no database \"\(database)\"; create it or fix the database in the source's URL",
                    cause: error)
            case "42P01", "3F000":
                return LogSourcePostgresError(
                    .tableNotFound,
                    "table \(table) does not exist in database \"\(database)\" at \(configuration.endpoint), or user "
                        + "\"\(user)\" may not see it (\(said)); create it as docs/AGENTS.md shows or set the "
                        + "source's table",
                    cause: error)
            case "42703":
                return LogSourcePostgresError(
                    .columnNotFound,
                    "table \(table) lacks a column the source reads (\(said)); map each contract field to an "
                        + "existing column with the source's columns, or to null for an optional field the table "
                        + "does not have (columns: \(configuration.columns))",
                    cause: error)
            case "42883":
                return LogSourcePostgresError(
                    .unsupportedColumnType,
                    "the id column of table \(table) cannot be compared with an integer position (\(said)); id must "
                        + "be smallint, integer or bigint",
                    cause: error)
            case "42501":
                return LogSourcePostgresError(
                    .queryFailed,
                    "user \"\(user)\" may not read table \(table) (\(said)); GRANT SELECT on it to that user",
                    cause: error)
            case "57014":
                return LogSourcePostgresError(
                    .timedOut,
                    "\(server) cancelled reading table \(table) after the statement timeout of "
                        + "\(Self.seconds(configuration.queryTimeout)) (\(said)); the agent retries; an index on the "
                        + "id column keeps pages fast",
                    cause: error)
            case "53300", "57P01", "57P02", "57P03":
                return unreachable(said, cause: error)
            default:
                if state.hasPrefix("08") { return unreachable(said, cause: error) }
                return LogSourcePostgresError(
                    .queryFailed,
                    "\(server) refused reading table \(table): \(said) (SQLSTATE \(state)); check the table's "
                        + "definition and the user's privileges",
                    cause: error)
            }
        case .connectionError:
            guard let underlying = error.underlying else { return nil }
            return unreachable(Self.reason(underlying), cause: error)
        case .sslUnsupported:
            return LogSourcePostgresError(
                .invalidConfiguration,
                "\(server) does not offer TLS, but the source's sslmode is \(configuration.tls.rawValue); enable "
                    + "ssl on the server, or use sslmode=prefer or disable on a trusted network",
                cause: error)
        case .authMechanismRequiresPassword:
            return LogSourcePostgresError(
                .authenticationFailed,
                "\(server) asks user \"\(user)\" for a password, but the source's URL has none; put it in the URL "
                    + "(taken from the environment)",
                cause: error)
        case .unsupportedAuthMechanism, .saslError:
            return LogSourcePostgresError(
                .authenticationFailed,
                "\(server) asks user \"\(user)\" for an authentication this client cannot do, or it failed; use "
                    + "scram-sha-256, md5 or password in pg_hba.conf",
                cause: error)
        default:
            return nil
        }
    }

    /// Opens (and closes) one connection outside the pool; nil when that works, else its error.
    private func probe() async -> (any Error)? {
        do {
            let tls: PostgresConnection.Configuration.TLS
            switch configuration.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: Self.tlsConfiguration(configuration.tls)))
            case .require, .verifyCA, .verifyFull:
                tls = .require(try NIOSSLContext(configuration: Self.tlsConfiguration(configuration.tls)))
            }
            var probe = PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: tls)
            let (seconds, attoseconds) = configuration.connectTimeout.components
            probe.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            probe.options.additionalStartupParameters = Self.startupParameters(configuration)
            let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger)
            try? await connection.close()
            return nil
        } catch {
            return error
        }
    }

    private func unreachable(_ reason: String, cause: any Error) -> LogSourcePostgresError {
        LogSourcePostgresError(
            .unreachable,
            "\(server) is not reachable (\(reason)); check that the server runs and listens there (listen_addresses, "
                + "port, firewall) or fix the host and port of the source's URL; reads resume once it answers",
            cause: cause)
    }

    /// Why a TCP connection could not be made, in a few words.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return reason(first.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name does not resolve" }
            return "no address to connect to"
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ETIMEDOUT: return "connection timed out"
            case EHOSTUNREACH, ENETUNREACH: return "no route to host"
            default: return "\(error)"
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return "no answer to connect" }
        if error is SocketAddressError { return "the host name does not resolve" }
        return "\(error)"
    }

    /// NIOSSL settings with libpq's meaning of each `sslmode`.
    static func tlsConfiguration(_ mode: PostgresLogSourceConfiguration.TLSMode) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    /// The startup parameters of every connection: the application name, and a server-side statement timeout as
    /// long as the client's, so an abandoned read does not run on.
    static func startupParameters(_ c: PostgresLogSourceConfiguration) -> [(String, String)] {
        let (seconds, attoseconds) = c.queryTimeout.components
        let milliseconds = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        var parameters = [("statement_timeout", "\(milliseconds)")]
        if !c.applicationName.isEmpty { parameters.append(("application_name", c.applicationName)) }
        return parameters
    }

    /// `10 s`, `2.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(seconds) s" : "\(value) s"
    }
}
