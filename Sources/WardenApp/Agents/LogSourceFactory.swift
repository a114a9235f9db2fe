public import Agents
public import ServiceLifecycle
public import WardenConfig

/// Makes an agent's log source from its settings: the embedded source and files here; a driver's source (PostgreSQL)
/// through ``drivers``, which the executable fills in (the application names no driver).
public struct LogSourceFactory: Sendable {
    /// Makes a source of another type, with the services it needs running; nil when the type is unknown to it.
    public typealias Driver = @Sendable (LogSourceSettings) throws -> (any LogSource, [any Service])?

    /// Drivers by source type (`postgres`).
    public var drivers: [String: Driver]

    /// Creates a factory.
    public init(drivers: [String: Driver] = [:]) {
        self.drivers = drivers
    }

    /// The source of `settings`.
    ///
    /// - Throws: ``AppError`` `invalid_request` for a type no driver makes; the driver's error.
    public func make(_ settings: LogSourceSettings, stores: AppStores) throws -> (any LogSource, [any Service]) {
        switch settings.type {
        case "embedded": return (EmbeddedLogSource(store: stores.logs), [])
        case "file": return (try FileLogSource(path: settings.path ?? ""), [])
        default:
            guard let driver = drivers[settings.type], let made = try driver(settings) else {
                throw AppError(
                    .invalidRequest,
                    "no log source of type '\(settings.type)' is available in this build; use embedded, file or postgres")
            }
            return made
        }
    }
}
