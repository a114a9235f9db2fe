public import Agents
import DataFormats
import Foundation
import ModelRuntime
import Synchronization
public import Registry
public import Serving
public import WardenConfig

/// Which loaded versions an agent scores with, resolved at every page: the pairing set at run time (stored), else
/// the configuration; `production`/`serving` follows the model's serving version across deploys. Prepared models
/// (column map, classifier with the version's training reference) are cached per loaded version.
public final class AgentModels: Sendable {
    let host: ModelHost
    let versions: any VersionStore
    let anomalies: any AnomalyStore
    let references: ReferenceSamples
    private let cache = Mutex<[String: WindowModel]>([:])

    /// Creates the resolver.
    public init(host: ModelHost, versions: any VersionStore, anomalies: any AnomalyStore, references: ReferenceSamples) {
        self.host = host
        self.versions = versions
        self.anomalies = anomalies
        self.references = references
    }

    /// Whether a version name means "the serving version".
    public static func followsServing(_ version: String?) -> Bool {
        version == nil || version == "production" || version == "serving"
    }

    /// The primary model and the shadow of an agent now.
    ///
    /// - Throws: ``AppError`` `conflict` when the model needs features the agent does not extract; ``ServingError``
    ///   when the version cannot load or nothing serves.
    public func resolve(agent: AgentSettings) async throws -> (WindowModel, WindowModel?) {
        let pairing = try await anomalies.pairing(agent: agent.id)
        let model = pairing?.model ?? agent.model
        let version = pairing.map { $0.version } ?? (Self.followsServing(agent.version) ? nil : agent.version)
        let shadowVersion = pairing == nil ? agent.shadowVersion : pairing?.shadowVersion
        let rules = try Self.rules(agent)
        let primary = try await prepare(model: model, version: version, rules: rules)
        var shadow: WindowModel?
        if let shadowVersion { shadow = try await prepare(model: model, version: shadowVersion, rules: rules) }
        return (primary, shadow)
    }

    /// A version prepared to score windows (loaded if needed).
    public func prepare(model: String, version: String?, rules: ClassifierRules) async throws -> WindowModel {
        let serving: ServingModel
        if let version {
            serving = try await host.model(model, version: version)
        } else if let loaded = try? host.serving(model) {
            serving = loaded
        } else {
            // Outside a serving process (warden agents run): load the registry's serving version.
            guard let wanted = try await versions.lifecycle(model: model).serving else {
                throw ServingError(
                    .modelNotLoaded,
                    "model '\(model)' has no serving version; deploy one or pair the agent with a version",
                    details: ["model": .string(model)])
            }
            serving = try await host.model(model, version: wanted)
        }
        let key = "\(serving.model)\u{0}\(serving.version)\u{0}\(serving.loadedAt.timeIntervalSince1970)"
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let profile = try? await references.package(serving, artifacts: host.artifacts)
        let prepared = try WindowModel(serving, rules: rules, profile: profile ?? nil)
        cache.withLock { c in
            if c.count > 16 { c.removeAll() }
            c[key] = prepared
        }
        return prepared
    }

    /// The agent's classifier rules: its `rules:` JSON, else the defaults.
    ///
    /// - Throws: ``AppError`` `invalid_request` naming the problem in the rules.
    public static func rules(_ agent: AgentSettings) throws -> ClassifierRules {
        guard let text = agent.rulesJSON else { return .standard }
        do { return try JSONDecoder().decode(ClassifierRules.self, from: Data(text.utf8)) } catch {
            throw AppError(
                .invalidRequest, "the rules of agent '\(agent.id)' cannot be read: \(error); see docs/AGENTS.md",
                cause: error)
        }
    }
}
