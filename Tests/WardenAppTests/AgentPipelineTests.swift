import Agents
import DataFormats
import Foundation
import Logging
import PackageImport
import Registry
import Testing
import TestSupport
import WardenApp
import WardenConfig

/// An application on in-memory stores with the sample package deployed and one WiFi agent on the embedded source.
struct AgentFixture {
    static let samples = Fixtures.root.appendingPathComponent("samples/wifi-anomaly")
    static let package = samples.appendingPathComponent("model_20260105_000000_deployment.zip")
    static let logs = samples.appendingPathComponent("logs.jsonl")

    let app: WardenServices
    let store: InMemoryRegistryStore
    let directory: URL

    static func make(pageSize: Int = 10_000, shadow: String? = nil, store: InMemoryRegistryStore? = nil,
                     directory: URL? = nil) async throws -> AgentFixture {
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("warden-agents-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var configuration = WardenConfiguration(dataDirectory: dir.path)
        configuration.model.name = "wifi-anomaly"
        configuration.agents = [
            AgentSettings(
                id: "wifi-campus", model: "wifi-anomaly", shadowVersion: shadow, interval: 0.05, pageSize: pageSize)
        ]
        var settings = AppSettings(configuration: configuration, wardenVersion: "test", instance: "test")
        settings.serving = true
        let store = store ?? InMemoryRegistryStore()
        let app = try await WardenServices.build(
            settings: settings, stores: AppStores(store, artifacts: FileArtifactStore(root: dir.appendingPathComponent("artifacts"))),
            issuer: nil, metrics: nil, logger: Logger(label: "test"))
        return AgentFixture(app: app, store: store, directory: dir)
    }

    /// Imports and deploys the sample package, and ingests the sample logs.
    func prepare() async throws -> String {
        let result = try await app.imports.importFile(at: Self.package)
        try await app.lifecycle.perform(
            .deploy(result.record.version), model: result.record.model, caller: .system("test"))
        await app.host.start()
        let ingested = try await app.logs.ingestAll(Array(try Data(contentsOf: Self.logs)))
        #expect(ingested.accepted > 10_000)
        return result.record.version
    }

    var runner: AgentRunner { get throws { try app.agents.runner("wifi-campus") } }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// The labelled attack windows of the sample logs.
func labelledWindows() throws -> Set<String> {
    let labels = try JSONValue.parse(try Data(contentsOf: AgentFixture.samples.appendingPathComponent("logs-labels.json")))
    return Set((labels["windows"]?.array ?? []).compactMap { w in
        guard let ap = w["ap"]?.string, let start = w["window_start"]?.string else { return nil }
        return "\(ap)@\(start)"
    })
}

@Suite("Agents: logs in, classified anomalies out")
struct AgentPipelineTests {
    @Test("the sample agent flags every labelled attack window of the sample logs, with its type")
    func sampleAttacks() async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        let version = try await f.prepare()
        try await f.runner.drain()
        let (anomalies, total) = try await f.app.anomalies.list(AnomalyQuery(limit: 1_000), caller: .system("test"))
        let found = Dictionary(
            anomalies.map { ("\($0.record.entity)@\($0.record.windowStart)", $0.record) }, uniquingKeysWith: { a, _ in a })
        for key in try labelledWindows() {
            let a = try #require(found[key], "labelled window \(key) was not flagged")
            #expect(a.modelVersion == version)
            #expect(a.features.count == 17)
            #expect(!a.contributors.isEmpty)
            #expect(!a.description.isEmpty)
        }
        #expect(found["ap-02@2026-01-06T07:30:00Z"]?.type == .deauthFlood)
        #expect(found["ap-05@2026-01-06T08:45:00Z"]?.type == .rfJamming)
        // A few false alarms at most: the sample logs hold 288 windows, 5 of them attacks.
        #expect(total <= 12, "\(total) anomalies")
        let status = try await f.app.agents.status("wifi-campus", caller: .system("test"))
        #expect(status.windowsScored > 250 && status.lastError == nil)
    }

    @Test("an agent restarted after every page stores the same windows as one run, none twice")
    func restartsAreExactlyOnce() async throws {
        let whole = try await AgentFixture.make(pageSize: 997)
        defer { whole.remove() }
        _ = try await whole.prepare()
        try await whole.runner.drain()
        let expected = try await whole.store.windowOutcomes(agent: "wifi-campus", shadow: false, from: nil, to: nil, limit: 100_000)

        let pieces = try await AgentFixture.make(pageSize: 997)
        defer { pieces.remove() }
        _ = try await pieces.prepare()
        // A new application (so a new runner and extractor) for every page: resumed from the stored checkpoint.
        var pages = 0
        while pages < 100 {
            let app = try await AgentFixture.make(pageSize: 997, store: pieces.store, directory: pieces.directory)
            let runner = try app.runner
            let before = try await pieces.store.agentCheckpoint(agent: "wifi-campus")?.position
            try await runner.stepOnce()
            let after = try await pieces.store.agentCheckpoint(agent: "wifi-campus")?.position
            if before == after { break }
            pages += 1
        }
        #expect(pages > 10)
        let got = try await pieces.store.windowOutcomes(agent: "wifi-campus", shadow: false, from: nil, to: nil, limit: 100_000)
        func keys(_ o: [WindowOutcomeRecord]) -> [String] { o.map { "\($0.entity)@\($0.windowStart)=\($0.outcome)" } }
        #expect(keys(got) == keys(expected))
        #expect(Set(keys(got)).count == got.count)
        // Severities too: the persistence of each AP's windows is carried in the checkpoint.
        func graded(_ store: InMemoryRegistryStore) async throws -> [String] {
            try await store.anomalies(AnomalyQuery(agent: "wifi-campus", limit: 1_000)).anomalies.map {
                "\($0.entity)@\($0.windowStart)=\($0.severity)"
            }.sorted()
        }
        #expect(try await graded(pieces.store) == graded(whole.store))
    }

    @Test("set-model refuses a model with features the agent does not extract, naming them")
    func incompatibleModel() async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        _ = try await f.prepare()
        // The older test package takes the 17 features too but under the same names: import a model whose names differ.
        let other = try await f.app.imports.importFile(
            at: Fixtures.directory("packages/valid/model_20241201_143022_deployment.zip"))
        // Same model name: both packages are wifi-anomaly; the 2024 one uses the same 17 names, so it is compatible.
        let pairing = try await f.app.agents.setModel(
            agent: "wifi-campus", model: nil, version: other.record.version, shadowVersion: nil,
            caller: .system("test"), reason: "try the older model")
        #expect(pairing.version == other.record.version)
        let history = try await f.app.agents.pairingHistory(agent: "wifi-campus")
        #expect(history.count == 1)
        await #expect(throws: (any Error).self) {
            _ = try await f.app.agents.setModel(
                agent: "wifi-campus", model: nil, version: "19990101_000000", shadowVersion: nil,
                caller: .system("test"), reason: nil)
        }
        await #expect(throws: AppError.self) {
            _ = try await f.app.agents.setModel(
                agent: "no-such-agent", model: nil, version: nil, shadowVersion: nil, caller: .system("test"),
                reason: nil)
        }
    }

    @Test("a shadow version scores the same windows apart; the report compares them")
    func shadow() async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        let version = try await f.prepare()
        _ = try await f.app.agents.setModel(
            agent: "wifi-campus", model: nil, version: version, shadowVersion: version, caller: .system("test"),
            reason: nil)
        try await f.runner.drain()
        let report = try await f.app.agents.shadowReport(agent: "wifi-campus", from: nil, to: nil)
        #expect(report.compared > 250)
        #expect(report.agreement == 1)  // the same version on both sides
        let (anomalies, _) = try await f.app.anomalies.list(AnomalyQuery(limit: 1_000), caller: .system("test"))
        #expect(!anomalies.isEmpty)
    }

    @Test("an anomaly moves open → acknowledged → resolved, recorded; a final status stays")
    func workflow() async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        _ = try await f.prepare()
        try await f.runner.drain()
        let (anomalies, _) = try await f.app.anomalies.list(AnomalyQuery(limit: 1), caller: .system("test"))
        let id = try #require(anomalies.first?.id)
        let acked = try await f.app.anomalies.setStatus(id, to: "acknowledged", note: "looking", caller: .system("ops"))
        #expect(acked.record.status == .acknowledged)
        let resolved = try await f.app.anomalies.setStatus(id, to: "resolved", note: nil, caller: .system("ops"))
        #expect(resolved.record.status == .resolved)
        await #expect(throws: AppError.self) {
            _ = try await f.app.anomalies.setStatus(id, to: "open", note: nil, caller: .system("ops"))
        }
        let stored = try await f.app.anomalies.get(id, caller: .system("ops"))
        #expect(stored.record.status == .resolved)
    }

    @Test("analyze windows, scores and classifies records given directly, storing nothing")
    func analyze() async throws {
        let f = try await AgentFixture.make()
        defer { f.remove() }
        _ = try await f.prepare()
        let source = try FileLogSource(path: AgentFixture.logs.path)
        let serving = try f.app.host.serving("wifi-anomaly")
        let result = try await f.app.agents.analyze(source.all, with: serving)
        #expect(result.anomalies.count >= 5)
        let (stored, _) = try await f.app.anomalies.list(AnomalyQuery(limit: 10), caller: .system("test"))
        #expect(stored.isEmpty)
    }
}
