import Foundation
import Registry
import WardenApp

/// What the monitoring commands share: the opened registry and the version a command acts on.
struct MonitoringContext {
    let registry: RegistryContext
    let model: String
    let version: String

    /// The application.
    var app: WardenServices { registry.app }

    /// Opens the registry and resolves the model (`--model`, configuration, only model) and version (given, else the
    /// serving one).
    static func open(_ options: RegistryOptions, _ selection: VersionSelection) async throws -> MonitoringContext {
        let registry = try await RegistryContext.open(options)
        let name = try await registry.model(selection.model)
        let resolved = try await registry.app.models.resolveVersion(selection.version, model: name)
        return MonitoringContext(registry: registry, model: name, version: resolved)
    }
}
