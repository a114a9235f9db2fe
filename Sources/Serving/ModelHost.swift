import DataFormats
import Foundation
public import Logging
public import Registry

/// The models this process serves: for each model name, the version loaded for serving (swapped atomically by
/// lifecycle commands), plus other versions loaded on request (V2 `versions/{v}`, repository `load`).
///
/// Reading the serving version is a lock-protected pointer read; a request keeps the ``ServingModel`` it read, so
/// a swap never disturbs requests in flight. Lifecycle commands run one at a time: plan, load and verify, commit,
/// swap.
///
/// ```swift
/// let host = ModelHost(store: store, artifacts: artifacts, defaultModel: "wifi-anomaly", logger: logger)
/// await host.start()
/// let prediction = try host.serving(nil).predict(try FeatureInput(rows: rows, for: host.serving(nil), missing: .reject))
/// ```
public final class ModelHost: Sendable {
    /// The registry.
    public let store: any VersionStore
    /// The loader used for every version.
    public let loader: VersionLoader
    /// The model `serving(nil)` means when several are served.
    public let defaultModel: String?
    /// The most extra (non-serving) versions kept loaded at once; the least recently loaded goes first.
    public let extraVersionLimit: Int

    /// Where the versions' files are kept.
    public let artifacts: any ArtifactStore
    private let logger: Logger
    private let state = Locked(HostState())
    private let commands = AsyncLock()
    private let observer = Locked<(any ServingObserver)?>(nil)

    /// Creates a host; nothing is loaded until ``start()``.
    public init(
        store: any VersionStore, artifacts: any ArtifactStore, defaultModel: String?, extraVersionLimit: Int = 8,
        logger: Logger
    ) {
        self.store = store
        self.artifacts = artifacts
        self.loader = VersionLoader(store: store, artifacts: artifacts)
        self.defaultModel = defaultModel
        self.extraVersionLimit = extraVersionLimit
        self.logger = logger
    }

    /// Sets the observer told when versions start or stop serving, and tells it about the versions serving now.
    public func observeServing(_ observer: any ServingObserver) {
        self.observer.withLock { $0 = observer }
        state.withLock { s in
            let serving = s.serving.values.sorted { $0.model < $1.model }
            if !serving.isEmpty { observer.servingChanged(started: serving, stopped: []) }
        }
    }

    // MARK: Reading

    /// The serving model of `model` (nil: the default model, or the only one served).
    ///
    /// - Throws: `model_not_loaded` naming what is served instead.
    public func serving(_ model: String?) throws(ServingError) -> ServingModel {
        let snapshot = state.current
        let name = model ?? defaultModel ?? (snapshot.serving.count == 1 ? snapshot.serving.keys.first : nil)
        if let name, let s = snapshot.serving[name] { return s }
        let served = snapshot.serving.keys.sorted()
        let what = name.map { "model '\($0)' has no version loaded for serving" } ?? "several models are served"
        throw ServingError(
            .modelNotLoaded,
            served.isEmpty
                ? "\(what); import a package and deploy a version (warden import PATH; warden models deploy VERSION)"
                : "\(what); name one of: \(served.joined(separator: ", "))",
            details: ["served_models": .array(served.map(JSONValue.string))])
    }

    /// A specific version: the serving one, an already loaded one, or (when `loadIfNeeded`) loaded now.
    ///
    /// - Throws: `version_not_found`, `load_failed`, or `model_not_loaded` when not loaded and `loadIfNeeded` is
    ///   false.
    public func model(_ name: String, version: String, loadIfNeeded: Bool = true) async throws(ServingError)
        -> ServingModel
    {
        let snapshot = state.current
        if let s = snapshot.serving[name], s.version == version { return s }
        if let s = snapshot.extra[Key(name, version)] { return s }
        guard loadIfNeeded else {
            throw ServingError(
                .modelNotLoaded, "version '\(version)' of model '\(name)' is not loaded; load it first",
                details: ["model": .string(name), "version": .string(version)])
        }
        let loaded = try await loader.load(model: name, version: version)
        keepExtra(loaded)
        return loaded
    }

    /// Every loaded model: serving ones first, then extra versions.
    public var loadedModels: [(model: ServingModel, serving: Bool)] {
        let s = state.current
        return s.serving.keys.sorted().compactMap { s.serving[$0] }.map { ($0, true) }
            + s.extraOrder.compactMap { s.extra[$0] }.map { ($0, false) }
    }

    /// Start-up and refresh problems per model: which version was wanted, which serves instead, and why.
    public var fallbacks: [Fallback] { state.current.fallbacks.keys.sorted().compactMap { state.current.fallbacks[$0] } }

    /// A version the registry marks serving that did not load, and what serves instead.
    public struct Fallback: Sendable, Equatable {
        /// The model.
        public var model: String
        /// The version the registry says serves.
        public var wanted: String
        /// The version serving instead, if any loaded.
        public var serving: String?
        /// Why `wanted` did not load.
        public var reason: String
    }

    // MARK: Starting and refreshing

    /// Loads every model's serving version. When one fails, the previous deployed versions are tried newest
    /// first; the first that loads serves, and the failure is logged and reported in ``fallbacks``.
    public func start() async {
        let models: [String]
        do { models = try await store.models() } catch {
            logger.error("cannot list models at start", metadata: ["error": "\(error.description)"])
            return
        }
        for model in models { await syncServing(model) }
    }

    /// Brings serving pointers in line with the registry (another process or replica may have deployed).
    /// Models unloaded through the repository API stay unloaded.
    public func refresh() async {
        do {
            try await commands.run { [self] in
                let models = (try? await store.models()) ?? []
                for model in models { await syncServing(model) }
            }
        } catch {}
    }

    private func syncServing(_ model: String) async {
        let lifecycle: Lifecycle
        do { lifecycle = try await store.lifecycle(model: model) } catch {
            logger.error("cannot read lifecycle", metadata: ["model": "\(model)", "error": "\(error.description)"])
            return
        }
        let snapshot = state.current
        if snapshot.unloaded.contains(model) { return }
        guard let wanted = lifecycle.serving else {
            if snapshot.serving[model] != nil {
                changeServing { _ = $0.serving.removeValue(forKey: model) }
                logger.info("model no longer has a serving version", metadata: ["model": "\(model)"])
            }
            return
        }
        if snapshot.serving[model]?.version == wanted, snapshot.serving[model]?.record.status == lifecycle.statuses[wanted] {
            return
        }
        if let fallback = snapshot.fallbacks[model], fallback.wanted == wanted { return }
        do {
            let loaded = try await loader.load(model: model, version: wanted)
            swap(loaded)
            logger.info("serving version loaded", metadata: ["model": "\(model)", "version": "\(wanted)"])
        } catch {
            await fallBack(model: model, wanted: wanted, reason: error.message, lifecycle: lifecycle)
        }
    }

    private func fallBack(model: String, wanted: String, reason: String, lifecycle: Lifecycle) async {
        logger.error(
            "serving version failed to load; trying earlier versions",
            metadata: ["model": "\(model)", "version": "\(wanted)", "reason": "\(reason)"])
        var tried: Set<String> = [wanted]
        if let current = state.current.serving[model] {
            // Keep the version already serving if there is one: it is known to work.
            state.withLock { $0.fallbacks[model] = Fallback(model: model, wanted: wanted, serving: current.version, reason: reason) }
            logger.warning(
                "keeps serving the previous version",
                metadata: ["model": "\(model)", "version": "\(current.version)", "wanted": "\(wanted)"])
            return
        }
        for event in lifecycle.deployments.reversed() {
            for candidate in [event.from, event.to].compactMap({ $0 }) where !tried.contains(candidate) {
                tried.insert(candidate)
                guard let status = lifecycle.statuses[candidate], status != .failed, status != .deactivated else {
                    continue
                }
                if let loaded = try? await loader.load(model: model, version: candidate) {
                    swap(loaded)
                    state.withLock {
                        $0.fallbacks[model] = Fallback(model: model, wanted: wanted, serving: candidate, reason: reason)
                    }
                    logger.warning(
                        "serving an earlier version instead",
                        metadata: ["model": "\(model)", "version": "\(candidate)", "wanted": "\(wanted)"])
                    return
                }
            }
        }
        state.withLock { $0.fallbacks[model] = Fallback(model: model, wanted: wanted, serving: nil, reason: reason) }
        logger.error("no version of the model could be loaded", metadata: ["model": "\(model)"])
    }

    // MARK: Lifecycle

    /// The outcome of a lifecycle command.
    public struct Outcome: Sendable {
        /// The committed plan.
        public var plan: LifecyclePlan
        /// The model now serving this model's name, when the command changed what serves.
        public var serving: ServingModel?
    }

    /// Runs a lifecycle command: plans it, loads and verifies the target when the plan asks, commits, and swaps
    /// the serving pointer. A target that fails to load is marked `failed` and serving is unchanged. A command whose
    /// target state already holds changes nothing (its plan ``LifecyclePlan/isNoChange``) and is not committed.
    ///
    /// - Throws: `registry_error` (details carry the registry's code), `version_not_found`, `load_failed`.
    @discardableResult
    public func perform(
        _ command: LifecycleCommand, model: String, actor: String, reason: String? = nil
    ) async throws(ServingError) -> Outcome {
        do {
            return try await commands.run { [self] in
                try await performLocked(command, model: model, actor: actor, reason: reason)
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.registry, "\(error)")
        }
    }

    private func performLocked(_ command: LifecycleCommand, model: String, actor: String, reason: String?)
        async throws(ServingError) -> Outcome
    {
        let plan = try await registry { try await store.lifecycle(model: model).plan(command, actor: actor, reason: reason, at: Date()) }
        if plan.isNoChange { return Outcome(plan: plan, serving: nil) }
        var loaded: ServingModel?
        if case .loadAndVerify(let m, let v)? = plan.action {
            do throws(ServingError) {
                loaded = try await loader.load(model: m, version: v)
            } catch {
                if error.code == .loadFailed {
                    _ = try? await registry {
                        let failed = try await store.lifecycle(model: m).plan(
                            .markFailed(v, reason: error.message), actor: actor, reason: reason, at: Date())
                        return try await store.commit(failed)
                    }
                    throw ServingError(
                        .loadFailed, "\(error.message); the version is now failed and serving is unchanged",
                        details: error.details)
                }
                throw error
            }
        }
        _ = try await registry { try await store.commit(plan) }
        var serving: ServingModel?
        if plan.deployment != nil {
            let target = plan.target
            let record = try await registry { try await store.record(model: model, version: target) }
            if let l = loaded {
                serving = try ServingModel(
                    record: record, detector: l.detector, estimatorClass: l.estimatorClass,
                    sklearnVersion: l.sklearnVersion, metadataFeatureNames: l.featureNames)
            } else if let current = state.current.serving[model], current.version == target {
                // promote of the serving version: same model, new status.
                serving = try ServingModel(
                    record: record, detector: current.detector, estimatorClass: current.estimatorClass,
                    sklearnVersion: current.sklearnVersion, metadataFeatureNames: current.featureNames,
                    loadedAt: current.loadedAt)
            }
            if let serving {
                swap(serving)
                logger.info(
                    "serving version swapped",
                    metadata: ["model": "\(model)", "version": "\(target)", "command": "\(command.name)", "actor": "\(actor)"])
            }
        } else if let deleted = plan.deletion {
            state.withLock { s in
                s.extra.removeValue(forKey: Key(model, deleted))
                s.extraOrder.removeAll { $0 == Key(model, deleted) }
            }
        }
        return Outcome(plan: plan, serving: serving)
    }

    private func registry<T>(_ body: () async throws -> T) async throws(ServingError) -> T {
        do { return try await body() } catch let error as ServingError { throw error } catch {
            guard let error = error as? RegistryError else { throw ServingError(.registry, "\(error)") }
            var details: [String: JSONValue] = ["registry_code": .string(error.code.rawValue)]
            if let m = error.model { details["model"] = .string(m) }
            if let v = error.version { details["version"] = .string(v) }
            if error.code == .versionNotFound { throw ServingError(.versionNotFound, error.message, details: details) }
            throw ServingError(.registry, error.description, details: details)
        }
    }

    // MARK: Repository control (V2 load/unload)

    /// Loads a model's serving version again after ``unload(_:)``, or loads it for the first time.
    ///
    /// - Throws: `model_not_found`, `model_not_loaded` (no serving version), `load_failed`.
    public func load(_ model: String) async throws(ServingError) -> ServingModel {
        state.withLock { _ = $0.unloaded.remove(model) }
        let lifecycle = try await registry { try await store.lifecycle(model: model) }
        guard !lifecycle.statuses.isEmpty else {
            throw ServingError(.modelNotFound, "the registry has no model '\(model)'; import a package first")
        }
        guard let wanted = lifecycle.serving else {
            throw ServingError(
                .modelNotLoaded, "model '\(model)' has no deployed version; deploy one first",
                details: ["model": .string(model)])
        }
        if let s = state.current.serving[model], s.version == wanted { return s }
        let loaded = try await loader.load(model: model, version: wanted)
        swap(loaded)
        return loaded
    }

    /// Drops a model from memory: its serving version and extra versions. Requests for it get
    /// `model_not_loaded` until ``load(_:)``.
    public func unload(_ model: String) {
        changeServing { s in
            s.serving.removeValue(forKey: model)
            s.unloaded.insert(model)
            s.extra = s.extra.filter { $0.key.model != model }
            s.extraOrder.removeAll { $0.model == model }
            s.fallbacks.removeValue(forKey: model)
        }
    }

    // MARK: State

    private func swap(_ model: ServingModel) {
        changeServing { s in
            s.serving[model.model] = model
            s.fallbacks.removeValue(forKey: model.model)
        }
    }

    /// Changes the state and tells the observer which versions started and stopped serving. The observer is told
    /// under the state lock, so changes reach it in the order they were made (it must not call back into the host).
    private func changeServing(_ body: (inout HostState) -> Void) {
        let observer = observer.current
        state.withLock { s in
            let before = s.serving
            body(&s)
            guard let observer else { return }
            var started: [ServingModel] = []
            var stopped: [(model: String, version: String)] = []
            for (model, was) in before.sorted(by: { $0.key < $1.key }) where s.serving[model]?.version != was.version {
                stopped.append((model, was.version))
            }
            for (model, now) in s.serving.sorted(by: { $0.key < $1.key }) where before[model]?.version != now.version {
                started.append(now)
            }
            if !started.isEmpty || !stopped.isEmpty { observer.servingChanged(started: started, stopped: stopped) }
        }
    }

    private func keepExtra(_ model: ServingModel) {
        let key = Key(model.model, model.version)
        state.withLock { s in
            if s.extra[key] == nil { s.extraOrder.append(key) }
            s.extra[key] = model
            while s.extraOrder.count > extraVersionLimit {
                s.extra.removeValue(forKey: s.extraOrder.removeFirst())
            }
        }
    }

    struct Key: Hashable, Sendable {
        var model: String
        var version: String
        init(_ model: String, _ version: String) {
            self.model = model
            self.version = version
        }
    }

    struct HostState: Sendable {
        var serving: [String: ServingModel] = [:]
        var extra: [Key: ServingModel] = [:]
        var extraOrder: [Key] = []
        var unloaded: Set<String> = []
        var fallbacks: [String: Fallback] = [:]
    }
}
