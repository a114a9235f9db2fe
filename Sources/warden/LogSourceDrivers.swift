import Agents
import Foundation
import LogSourcePostgres
import Logging
import ServiceLifecycle
import WardenApp
import WardenConfig

/// The log source drivers this executable links: PostgreSQL. The application names no driver; `warden` picks them.
enum LogSourceDrivers {
    /// The factory with the PostgreSQL driver: the URL from `url`, else from the environment variable `url_env`
    /// (default `WARDEN_DATABASE_URL`), never printed.
    static func factory(environment: [String: String], logger: Logger) -> LogSourceFactory {
        LogSourceFactory(drivers: [
            "postgres": { settings in
                let variable = settings.urlEnv ?? "WARDEN_DATABASE_URL"
                guard let url = settings.url ?? environment[variable], !url.isEmpty else {
                    throw AppError(
                        .invalidRequest,
                        "the postgres log source has no URL: set \(variable) to postgres://USER:PASSWORD@HOST:PORT/DB "
                            + "or give url: (without a password) in the agent's source")
                }
                var overrides: [String: String?] = [:]
                for (field, column) in settings.columns { overrides[field] = column.isEmpty ? .some(nil) : column }
                let configuration = try PostgresLogSourceConfiguration(
                    url: url, table: settings.table ?? "wifi_logs", columns: try PostgresLogColumns(overrides))
                let source = try PostgresLogSource(configuration: configuration, logger: logger)
                return (source, [source.client])
            }
        ])
    }
}
