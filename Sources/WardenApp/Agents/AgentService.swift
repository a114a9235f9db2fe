public import Agents
import DataFormats
public import Foundation
public import Registry
public import Serving
public import WardenConfig

/// The agents: their status, starting and stopping them, pairing them with a model version at run time (checked for
/// compatibility, persisted, taking effect at the next window), the shadow comparison, replays of a past period,
/// and the stateless pipeline over records given directly (`/api/v1/models/analyze`, `warden agents scan`).
public struct AgentService: Sendable {
    /// The agents in configuration order.
    public let runners: [AgentRunner]
    let store: any AnomalyStore
    let models: AgentModels
    let scorer: WindowScorer
    let versions: any VersionStore
    let clock: @Sendable () -> Date

    /// Creates the service.
    public init(
        runners: [AgentRunner], store: any AnomalyStore, models: AgentModels, scorer: WindowScorer,
        versions: any VersionStore, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.runners = runners
        self.store = store
        self.models = models
        self.scorer = scorer
        self.versions = versions
        self.clock = clock
    }

    /// The agent with this id.
    ///
    /// - Throws: ``AppError`` `not_found` naming the agents there are.
    public func runner(_ id: String) throws(AppError) -> AgentRunner {
        guard let r = runners.first(where: { $0.settings.id == id }) else {
            throw AppError(
                .notFound,
                "no agent has id '\(id.prefix(64))'; agents are declared in the configuration's agents: list"
                    + (runners.isEmpty ? " (none is)" : " (\(runners.map(\.settings.id).joined(separator: ", ")))"),
                details: ["agent": .string(String(id.prefix(64)))])
        }
        return r
    }

    /// Every agent's status, within the caller's model scope.
    public func list(caller: Caller) async -> [AgentStatus] {
        var out: [AgentStatus] = []
        for r in runners {
            let s = await r.status()
            if caller.covers(model: s.model) { out.append(s) }
        }
        return out
    }

    /// One agent's status.
    public func status(_ id: String, caller: Caller) async throws -> AgentStatus {
        let s = await try runner(id).status()
        guard caller.covers(model: s.model) else {
            throw AppError(.notFound, "no agent has id '\(id)' among those the key may see")
        }
        return s
    }

    /// Starts an agent.
    public func start(_ id: String) async throws -> AgentStatus {
        let r = try runner(id)
        await r.start()
        return await r.status()
    }

    /// Stops an agent (its checkpoint is kept).
    public func stop(_ id: String) async throws -> AgentStatus {
        let r = try runner(id)
        await r.stop()
        return await r.status()
    }

    // MARK: Pairing

    /// Pairs an agent with a model version (`nil` or `production`: follow the serving version) and optionally a shadow
    /// version. The versions are loaded and checked first: every feature the model needs must be one the agent
    /// extracts. The pairing is stored (with history) and takes effect at the next window the agent closes.
    ///
    /// - Throws: ``AppError`` `not_found`, `conflict` naming unknown features; ``ServingError`` `version_not_found`,
    ///   `load_failed`, `model_not_loaded`.
    public func setModel(
        agent id: String, model: String?, version: String?, shadowVersion: String?, caller: Caller, reason: String?
    ) async throws -> AgentPairingRecord {
        let r = try runner(id)
        let current = try await store.pairing(agent: id)
        let name = model ?? current?.model ?? r.settings.model
        guard caller.covers(model: name), caller.covers(model: r.settings.model) else {
            throw AppError(
                .modelOutOfScope, "the caller's key may not act on model '\(name)'; use a key for that model",
                details: ["model": .string(name)])
        }
        let pinned = AgentModels.followsServing(version) ? nil : version
        let rules = try AgentModels.rules(r.settings)
        _ = try await models.prepare(model: name, version: pinned, rules: rules)
        if let shadowVersion { _ = try await models.prepare(model: name, version: shadowVersion, rules: rules) }
        let pairing = AgentPairingRecord(
            agent: id, model: name, version: pinned, shadowVersion: shadowVersion, actor: caller.actor, at: clock(),
            reason: reason)
        try await store.setPairing(pairing)
        await r.wake()
        return pairing
    }

    /// The versions of the agent's model, each marked compatible or not (with the reason), for a "change model" choice.
    public func pairingOptions(agent id: String) async throws -> [PairingOption] {
        let r = try runner(id)
        let name = try await store.pairing(agent: id)?.model ?? r.settings.model
        let rules = try AgentModels.rules(r.settings)
        var options: [PairingOption] = []
        for s in try await versions.summaries(model: name, offset: 0, limit: 200).versions {
            guard s.status != .failed, s.status != .deactivated else {
                options.append(PairingOption(model: name, version: s.version, status: s.status.rawValue, compatible: false,
                                             reason: "the version is \(s.status.rawValue)"))
                continue
            }
            do {
                _ = try await models.prepare(model: name, version: s.version, rules: rules)
                options.append(PairingOption(model: name, version: s.version, status: s.status.rawValue, compatible: true))
            } catch {
                options.append(
                    PairingOption(
                        model: name, version: s.version, status: s.status.rawValue, compatible: false,
                        reason: ErrorDescription(error).message))
            }
        }
        return options
    }

    /// The agent's pairings, oldest first.
    public func pairingHistory(agent id: String) async throws -> [AgentPairingRecord] {
        _ = try runner(id)
        return try await store.pairingHistory(agent: id)
    }

    // MARK: Shadow

    /// How the shadow model's verdicts compare with the primary's on the same windows.
    public func shadowReport(agent id: String, from: Int64?, to: Int64?, limit: Int = 100_000) async throws
        -> ShadowReport
    {
        _ = try runner(id)
        let primary = try await store.windowOutcomes(agent: id, shadow: false, from: from, to: to, limit: limit)
        let shadow = try await store.windowOutcomes(agent: id, shadow: true, from: from, to: to, limit: limit)
        return ShadowReport(agent: id, primary: primary, shadow: shadow)
    }

    // MARK: Replay

    /// Re-scores a past period from the agent's source into the store: windows starting in [`from`, `to`) that are
    /// not stored yet are stored (a window already stored is kept), without touching the agent's checkpoint.
    ///
    /// - Returns: how many windows of the period were closed, and how many outcomes and anomalies were new.
    public func replay(agent id: String, from: Int64, to: Int64) async throws -> ReplayResult {
        let r = try runner(id)
        guard from < to else { throw AppError(.invalidRequest, "--from must be before --to") }
        let (model, shadow) = try await models.resolve(agent: r.settings)
        var extractor = WindowExtractor(
            configuration: try ExtractorConfiguration(
                windowSeconds: Int64(r.settings.windowSeconds), graceSeconds: Int64(r.settings.graceSeconds),
                minEvents: r.settings.minEvents))
        var position: Int64 = 0
        var persistence = PersistenceTracker()
        var result = ReplayResult(windows: 0, newOutcomes: 0, newAnomalies: 0)
        var done = false
        while !done {
            let page = try await r.source.read(after: position, limit: r.settings.pageSize)
            guard let last = page.lastPosition else { break }
            position = last
            var closed: [ClosedWindow] = []
            for event in page.events { closed += extractor.push(event) }
            if page.events.count + page.malformed.count < r.settings.pageSize { closed += extractor.finish(); done = true }
            let inRange = closed.filter { $0.start >= from && $0.start < to }
            if let newest = closed.map(\.start).max(), newest >= to, extractor.checkpoint.watermark ?? 0 >= to { done = true }
            guard !inRange.isEmpty else { continue }
            let batch = try scorer.score(
                inRange, agent: id, primary: model, shadow: shadow, persistence: &persistence)
            let committed = try await store.commitWindows(
                AgentWindowBatch(
                    agent: id, outcomes: batch.outcomes, anomalies: try batch.anomalies.map(AgentRunner.row),
                    checkpoint: nil))
            result.windows += inRange.count
            result.newOutcomes += committed.newOutcomes
            result.newAnomalies += committed.newAnomalies.count
        }
        return result
    }

    // MARK: Evaluation

    /// Runs an agent's pipeline (its windows, rules and paired model, or `package` in its place) over labelled
    /// records, offline, storing nothing (``AgentEvaluator``).
    ///
    /// - Throws: ``AppError`` `not_found` for an unknown agent; the errors of loading the model.
    public func evaluate(
        agent id: String, _ parsed: LogRecords.Parsed, labels: [DetectionEvaluation.Label], package: URL? = nil
    ) async throws -> AgentEvaluator.Result {
        let r = try runner(id)
        let model: WindowModel
        if let package {
            model = try await AgentEvaluator.model(package: package, rules: AgentModels.rules(r.settings))
        } else {
            model = try await models.resolve(agent: r.settings).0
        }
        return try AgentEvaluator.evaluate(
            parsed, model: model, configuration: AgentEvaluator.configuration(r.settings), labels: labels)
    }

    // MARK: Records given directly

    /// The windows of records read to their end (every window still open is closed), with their features: what
    /// `warden features extract` prints. Skipped windows are counted, not returned.
    public static func windows(_ parsed: LogRecords.Parsed, configuration: ExtractorConfiguration)
        -> (windows: [ClosedWindow], counters: ExtractorCounters)
    {
        var extractor = WindowExtractor(configuration: configuration)
        var closed: [ClosedWindow] = []
        for e in parsed.events { closed += extractor.push(e).filter { !$0.isSkipped } }
        closed += extractor.finish().filter { !$0.isSkipped }
        return (closed, extractor.counters)
    }

    /// The whole pipeline over records, without storing: windows (every window still open at the end is closed),
    /// scores with `serving`, classification with the default rules.
    public func analyze(
        _ parsed: LogRecords.Parsed, with serving: ServingModel, configuration: ExtractorConfiguration = .standard,
        agent: String = "analyze"
    ) async throws -> AnalysisResult {
        let model = try await models.prepare(model: serving.model, version: serving.version, rules: .standard)
        var extractor = WindowExtractor(configuration: configuration)
        var closed: [ClosedWindow] = []
        for e in parsed.events { closed += extractor.push(e) }
        closed += extractor.finish()
        var persistence = PersistenceTracker()
        let batch = try scorer.score(closed, agent: agent, primary: model, persistence: &persistence)
        return AnalysisResult(
            anomalies: batch.anomalies, outcomes: batch.outcomes, counters: extractor.counters,
            malformed: parsed.malformed)
    }
}

/// One version offered for pairing.
public struct PairingOption: Sendable, Codable {
    /// The model.
    public var model: String
    /// The version.
    public var version: String
    /// Its status.
    public var status: String
    /// Whether the agent can be paired with it.
    public var compatible: Bool
    /// Why not.
    public var reason: String?
}

/// What a replay did.
public struct ReplayResult: Sendable, Codable {
    /// Windows of the period closed.
    public var windows: Int
    /// Outcomes stored that were not stored before.
    public var newOutcomes: Int
    /// Anomalies stored that were not stored before.
    public var newAnomalies: Int

    enum CodingKeys: String, CodingKey {
        case windows, newOutcomes = "new_outcomes", newAnomalies = "new_anomalies"
    }
}

/// What the pipeline found in records given directly.
public struct AnalysisResult: Sendable {
    /// The anomalies, in window order.
    public var anomalies: [AnomalyRecord]
    /// Every window's outcome.
    public var outcomes: [WindowOutcomeRecord]
    /// Events, late events, scored and skipped windows.
    public var counters: ExtractorCounters
    /// Records refused.
    public var malformed: [MalformedRecord]
}

/// The primary and shadow models' verdicts on the same windows.
public struct ShadowReport: Sendable, Codable {
    /// One window the two judged differently.
    public struct Difference: Sendable, Codable {
        /// The access point.
        public var entity: String
        /// The window's start (µs since the epoch).
        public var windowStart: Int64
        /// The primary's outcome.
        public var primary: String
        /// The shadow's outcome.
        public var shadow: String
        /// The primary's score.
        public var primaryScore: Double?
        /// The shadow's score.
        public var shadowScore: Double?

        enum CodingKeys: String, CodingKey {
            case entity, primary, shadow
            case windowStart = "window_start", primaryScore = "primary_score", shadowScore = "shadow_score"
        }
    }

    /// The agent.
    public var agent: String
    /// The primary version(s) of the compared windows.
    public var primaryVersions: [String]
    /// The shadow version(s).
    public var shadowVersions: [String]
    /// Windows both scored.
    public var compared: Int
    /// Share of compared windows judged alike.
    public var agreement: Double?
    /// Windows both flagged.
    public var bothFlagged: Int
    /// Windows only the primary flagged.
    public var onlyPrimary: Int
    /// Windows only the shadow flagged.
    public var onlyShadow: Int
    /// The differing windows (at most 200).
    public var differences: [Difference]

    /// Joins the outcomes of both by (entity, window start).
    public init(agent: String, primary: [WindowOutcomeRecord], shadow: [WindowOutcomeRecord]) {
        self.agent = agent
        struct Key: Hashable {
            var entity: String
            var start: Int64
        }
        var byKey: [Key: WindowOutcomeRecord] = [:]
        for o in primary where o.outcome != .skipped { byKey[Key(entity: o.entity, start: o.windowStart)] = o }
        var compared = 0, both = 0, onlyP = 0, onlyS = 0
        var differences: [Difference] = []
        for s in shadow where s.outcome != .skipped {
            guard let p = byKey[Key(entity: s.entity, start: s.windowStart)] else { continue }
            compared += 1
            switch (p.outcome == .anomaly, s.outcome == .anomaly) {
            case (true, true): both += 1
            case (true, false): onlyP += 1
            case (false, true): onlyS += 1
            default: break
            }
            if p.outcome != s.outcome, differences.count < 200 {
                differences.append(
                    Difference(
                        entity: s.entity, windowStart: s.windowStart, primary: p.outcome.rawValue,
                        shadow: s.outcome.rawValue, primaryScore: p.score, shadowScore: s.score))
            }
        }
        primaryVersions = Array(Set(primary.compactMap(\.version))).sorted()
        shadowVersions = Array(Set(shadow.compactMap(\.version))).sorted()
        self.compared = compared
        agreement = compared > 0 ? Double(compared - onlyP - onlyS) / Double(compared) : nil
        bothFlagged = both
        onlyPrimary = onlyP
        onlyShadow = onlyS
        self.differences = differences
    }

    enum CodingKeys: String, CodingKey {
        case agent, compared, agreement, differences
        case primaryVersions = "primary_versions", shadowVersions = "shadow_versions", bothFlagged = "both_flagged"
        case onlyPrimary = "only_primary", onlyShadow = "only_shadow"
    }
}
