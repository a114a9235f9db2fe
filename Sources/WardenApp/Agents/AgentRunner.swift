public import Agents
import DataFormats
public import Foundation
public import Logging
public import Registry
import Serving
public import WardenConfig

/// One agent at work: reads pages of events after its position, cuts them into windows, scores every closed window
/// with its paired model (and shadow), classifies, and commits outcomes, anomalies and its checkpoint in one
/// transaction (``AnomalyStore/commitWindows(_:)``), so a restart — even after SIGKILL — neither loses nor duplicates
/// a window. A source that fails backs off and retries; a model that cannot load makes it wait, consuming nothing.
///
/// The model in effect is read at the start of every page: a pairing changed at run time takes effect at the next
/// window that closes, so no window is scored twice or skipped, and every anomaly names the version that scored it.
public actor AgentRunner {
    /// The agent's settings.
    public nonisolated let settings: AgentSettings
    /// Where it reads.
    public nonisolated let source: any LogSource
    let store: any AnomalyStore
    let models: AgentModels
    let scorer: WindowScorer
    let metrics: AgentMetrics?
    let logger: Logger
    let extractorConfiguration: ExtractorConfiguration

    private var enabled: Bool
    private var wakeups: [CheckedContinuation<Void, Never>] = []
    private var extractor: WindowExtractor?
    private var persistence = PersistenceTracker()
    private var position: Int64 = 0
    private var state = "stopped"
    private var lastRun: Date?
    private var lastError: String?
    private var lastVersion: String?
    private var events = 0
    private var malformed = 0
    private var failures = 0
    private var newest: (id: Int64, ts: Int64)?
    private var shuttingDown = false

    /// Creates a runner (nothing runs until ``run()``).
    ///
    /// - Throws: ``AgentsError`` for invalid window settings or rules.
    public init(
        settings: AgentSettings, source: any LogSource, store: any AnomalyStore, models: AgentModels,
        scorer: WindowScorer, metrics: AgentMetrics?, logger: Logger
    ) throws {
        self.settings = settings
        self.source = source
        self.store = store
        self.models = models
        self.scorer = scorer
        self.metrics = metrics
        self.logger = logger
        self.enabled = settings.enabled
        extractorConfiguration = try ExtractorConfiguration(
            windowSeconds: Int64(settings.windowSeconds), graceSeconds: Int64(settings.graceSeconds),
            minEvents: settings.minEvents)
    }

    // MARK: Control

    /// Starts the agent (it runs inside ``run()``).
    public func start() {
        enabled = true
        wake()
    }

    /// Stops the agent after the page it is working on; its checkpoint is kept.
    public func stop() {
        enabled = false
        state = "stopped"
        wake()
    }

    /// Makes a sleeping agent look at its source (and its pairing) now.
    public func wake() {
        let waiting = wakeups
        wakeups = []
        for w in waiting { w.resume() }
    }

    /// Ends ``run()`` after the page it is working on (graceful shutdown).
    public func shutdown() {
        shuttingDown = true
        wake()
    }

    /// Forgets the extractor state held in memory so the next page starts from the stored checkpoint (after the
    /// checkpoint was reset or a replay).
    public func reload() {
        extractor = nil
        wake()
    }

    // MARK: Running

    /// Works until the task is cancelled: a page at a time while there is something to read, else waits for the
    /// interval (or a wake-up); stopped agents wait to be started.
    public func run() async {
        state = enabled ? "idle" : "stopped"
        while !Task.isCancelled, !shuttingDown {
            guard enabled else {
                await sleep(nil)
                continue
            }
            let outcome = await step()
            switch outcome {
            case .progressed: continue
            case .idle: await sleep(settings.interval)
            case .failed: await sleep(min(60, settings.interval * pow(2, Double(min(failures, 6)))))
            }
        }
        state = "stopped"
    }

    enum StepOutcome { case progressed, idle, failed }

    /// One page (tests and `warden agents run` use it to step deterministically).
    ///
    /// - Throws: ``AppError`` `unavailable` with the agent's last error when the page fails.
    public func stepOnce() async throws {
        if case .failed = await step() {
            throw AppError(.unavailable, "agent '\(settings.id)' failed a page: \(lastError ?? "unknown error")")
        }
    }

    /// Works until the source has nothing new (a backfill from the command line); a failure is thrown.
    ///
    /// - Throws: ``AppError`` `unavailable` with the agent's last error when a page fails.
    public func drain() async throws {
        try await restoreIfNeeded()
        while true {
            switch await step() {
            case .progressed: continue
            case .idle: return
            case .failed:
                throw AppError(.unavailable, "agent '\(settings.id)' stopped: \(lastError ?? "unknown error")")
            }
        }
    }

    /// One page: read, window, score, classify, commit.
    func step() async -> StepOutcome {
        do {
            let model: WindowModel
            let shadow: WindowModel?
            do {
                (model, shadow) = try await models.resolve(agent: settings)
            } catch {
                state = "waiting_for_model"
                note(error, "agent waits for its model")
                return .failed
            }
            try await restoreIfNeeded()
            guard var extractor else { return .failed }
            let page = try await source.read(after: position, limit: settings.pageSize)
            lastRun = Date()
            newest = try? await source.newest()
            guard let last = page.lastPosition else {
                state = "idle"
                lastError = nil
                failures = 0
                publish(model: model.serving.version)
                return .idle
            }
            var closed: [ClosedWindow] = []
            for event in page.events { closed += extractor.push(event) }
            var persistence = self.persistence
            let batch = try scorer.score(
                closed, agent: settings.id, primary: model, shadow: shadow, persistence: &persistence)
            let checkpoint = try JSONEncoder().encode(
                AgentCheckpointState(extractor: extractor.checkpoint, persistence: persistence))
            let result = try await store.commitWindows(
                AgentWindowBatch(
                    agent: settings.id, outcomes: batch.outcomes, anomalies: try batch.anomalies.map(Self.row),
                    checkpoint: AgentCheckpointRecord(agent: settings.id, position: last, state: checkpoint, updatedAt: Date())))
            self.extractor = extractor
            self.persistence = persistence
            position = last
            events += page.events.count
            malformed += page.malformed.count
            for m in page.malformed.prefix(3) {
                logger.debug("malformed log record skipped", metadata: ["agent": "\(settings.id)", "record": "\(m)"])
            }
            metrics?.recordPage(
                agent: settings.id, events: page.events.count, malformed: page.malformed.count, outcomes: batch.outcomes,
                anomalies: result.newAnomalies, incidents: result.raisedIncidents)
            state = "running"
            lastError = nil
            failures = 0
            lastVersion = model.serving.version
            publish(model: model.serving.version)
            return .progressed
        } catch {
            state = "backing_off"
            note(error, "agent step failed; backing off")
            return .failed
        }
    }

    /// The extractor from the stored checkpoint, or a fresh one at the source's beginning; reading restarts at the
    /// first event of a window still open at the checkpoint.
    private func restoreIfNeeded() async throws {
        guard extractor == nil else { return }
        if let stored = try await store.agentCheckpoint(agent: settings.id) {
            let state = try AgentCheckpointState(json: stored.state)
            let checkpoint = state.extractor
            persistence = state.persistence
            extractor = try WindowExtractor(configuration: extractorConfiguration, resumingFrom: checkpoint)
            position = checkpoint.resumePosition == Int64.min ? 0 : checkpoint.resumePosition - 1
        } else {
            extractor = WindowExtractor(configuration: extractorConfiguration)
            persistence = PersistenceTracker()
            position = 0
        }
    }

    private func note(_ error: any Error, _ message: Logger.Message) {
        failures += 1
        let description = ErrorDescription(error)
        lastError = "\(description.code): \(description.message)"
        logger.warning(message, metadata: ["agent": "\(settings.id)", "error": "\(lastError ?? "")"])
    }

    private func publish(model version: String) {
        metrics?.setLag(agent: settings.id, seconds: lagSeconds)
        metrics?.setLastRun(agent: settings.id, at: lastRun ?? Date())
    }

    private var lagSeconds: Double? {
        guard let newest, let watermark = extractor?.checkpoint.watermark else { return nil }
        return max(0, Double(newest.ts - watermark) / 1e6)
    }

    private func sleep(_ seconds: Double?) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            wakeups.append(c)
            if let seconds {
                Task { [weak self] in
                    try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                    await self?.wake()
                }
            }
        }
    }

    // MARK: Status

    /// The agent's status now.
    public func status() async -> AgentStatus {
        let totals = try? await store.agentTotals(agent: settings.id)
        var counters = extractor?.checkpoint.counters
        var committed: Int64? = position == 0 ? nil : position
        if extractor == nil, let stored = try? await store.agentCheckpoint(agent: settings.id) {
            // Not started in this process: what the last commit recorded.
            counters = (try? AgentCheckpointState(json: stored.state))?.extractor.counters
            committed = stored.position
        }
        let pairing = try? await store.pairing(agent: settings.id)
        return AgentStatus(
            id: settings.id, type: settings.type, description: settings.description,
            capabilities: ["wifi_log_windows", "seventeen_features", "model_scoring", "rule_classification"]
                + ((pairing?.shadowVersion ?? settings.shadowVersion) != nil ? ["shadow_model"] : []),
            isRunning: enabled, state: state, source: source.description, model: pairing?.model ?? settings.model,
            pairedVersion: pairing.map { $0.version ?? "production" } ?? settings.version, version: lastVersion,
            shadowVersion: pairing?.shadowVersion ?? settings.shadowVersion, lastRun: lastRun, lastError: lastError,
            checkpoint: committed, lagSeconds: lagSeconds, events: events, malformed: malformed,
            windowsScored: counters?.scored ?? 0, windowsSkipped: counters?.skipped ?? 0,
            eventsLate: counters?.late ?? 0,
            anomaliesByType: (totals?.anomalies ?? [:]).mapValues { $0.values.reduce(0, +) })
    }

    /// An anomaly as the store keeps it.
    static func row(_ a: AnomalyRecord) throws -> AnomalyRow {
        let created = Date(timeIntervalSince1970: Double(a.createdAt.microseconds) / 1e6)
        return AnomalyRow(
            agent: a.agent, entity: a.entity, windowStart: a.windowStart.microseconds,
            windowEnd: a.windowEnd.microseconds, type: a.type.rawValue, severity: a.severity.rawValue,
            status: a.status.rawValue, model: a.model, version: a.modelVersion, score: a.score, createdAt: created,
            updatedAt: created, payload: try JSONEncoder().encode(a))
    }
}
