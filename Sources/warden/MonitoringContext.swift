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
        let resolved: String
        if let version = selection.version {
            _ = try await registry.app.models.record(model: name, version: version)
            resolved = version
        } else {
            guard let serving = try await registry.app.models.page(model: name).versions.first(where: \.status.isServing)
            else {
                throw RegistryError(
                    .versionNotFound, "model '\(name)' has no serving version; name a version or deploy one first")
            }
            resolved = serving.version
        }
        return MonitoringContext(registry: registry, model: name, version: resolved)
    }
}
