import DriftService
import Foundation
import Logging
import ModelServer
import Monitoring
import Registry
import Serving

/// What the monitoring commands share: the registry, a coordinator reading the windows `warden serve` persisted,
/// and the version a command acts on.
struct MonitoringContext {
    let registry: RegistryContext
    let coordinator: MonitoringCoordinator
    let model: String
    let version: String

    /// Opens the registry and resolves the model (`--model`, configuration, only model) and version (given, else the
    /// serving one).
    static func open(_ options: RegistryOptions, _ selection: VersionSelection) async throws -> MonitoringContext {
        let model = selection.model
        let version = selection.version
        let registry = try await RegistryContext.open(options)
        let name = try await registry.model(model)
        let resolved: String
        if let version {
            _ = try await registry.store.record(model: name, version: version)
            resolved = version
        } else {
            let records = try await registry.store.records(model: name)
            guard let serving = records.first(where: { $0.status.isServing }) else {
                throw RegistryError(
                    .versionNotFound,
                    "model '\(name)' has no serving version; name a version or deploy one first")
            }
            resolved = serving.version
        }
        let coordinator = MonitoringCoordinator(
            monitor: nil, store: registry.store, instance: "cli",
            settings: try DriftSettings(registry.configuration.monitoring))
        return MonitoringContext(registry: registry, coordinator: coordinator, model: name, version: resolved)
    }

    /// The version's package reference sample as a profile, when its package ships one.
    func packageReference() async throws -> ReferenceProfile? {
        let record = try await registry.store.record(model: model, version: version)
        guard record.files.contains(where: { $0.name == ReferenceSamples.packageFile }) else { return nil }
        return try await ReferenceSamples().package(try await servingModel(), artifacts: registry.artifacts)
    }

    /// The version loaded and verified (to score reference rows).
    func servingModel() async throws -> ServingModel {
        let host = ModelHost(
            store: registry.store, artifacts: registry.artifacts, defaultModel: nil,
            logger: Logger(label: "warden", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await host.model(model, version: version)
    }
}
