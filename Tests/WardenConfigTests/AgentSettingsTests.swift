import Foundation
import Testing
import WardenConfig

@Suite("The agents: list and the logs: section")
struct AgentSettingsTests {
    @Test("an agent takes the contract's defaults; the sample configuration loads")
    func defaults() throws {
        let path = try temporaryYAML("""
            agents:
              - id: wifi-campus
                model: wifi-anomaly
            """)
        let c = try ConfigurationLoader.load(file: path, dataDirectory: nil, environment: [:])
        #expect(c.agents == [AgentSettings(id: "wifi-campus", model: "wifi-anomaly")])
        let a = c.agents[0]
        #expect(a.windowSeconds == 300 && a.graceSeconds == 60 && a.minEvents == 5 && a.version == "production")
        #expect(a.source == LogSourceSettings(type: "embedded"))
        #expect(c.logs == LogSettings())
        let sample = try ConfigurationLoader.load(
            file: "samples/wifi-anomaly/warden.yaml", dataDirectory: nil, environment: [:])
        #expect(sample.agents.map(\.id) == ["wifi-campus"])
    }

    @Test("every field of an agent, its source and its rules")
    func everyField() throws {
        let path = try temporaryYAML("""
            agents:
              - id: edge.1
                type: wifi
                description: the edge
                enabled: false
                source: {type: postgres, url: "postgres://warden@127.0.0.1:5432/logs", table: wifi_logs, columns: {ts: event_time}}
                model: m
                version: 20240101_000000
                shadow_version: 20240202_000000
                window_seconds: 120
                grace_seconds: 30
                min_events: 12
                interval: 2.5
                page_size: 500
                rules:
                  rules: []
            logs:
              retention_days: 3
              max_ingest_bytes: 2048
            """)
        let c = try ConfigurationLoader.load(file: path, dataDirectory: nil, environment: [:])
        let a = try #require(c.agents.first)
        #expect(a.id == "edge.1" && !a.enabled && a.description == "the edge")
        #expect(a.source == LogSourceSettings(
            type: "postgres", url: "postgres://warden@127.0.0.1:5432/logs", table: "wifi_logs", columns: ["ts": "event_time"]))
        #expect(a.version == "20240101_000000" && a.shadowVersion == "20240202_000000")
        #expect(a.windowSeconds == 120 && a.graceSeconds == 30 && a.minEvents == 12 && a.interval == 2.5 && a.pageSize == 500)
        #expect(a.rulesJSON == #"{"rules":[]}"#)
        #expect(c.logs.retentionDays == 3 && c.logs.maxIngestBytes == 2048)
    }

    @Test("mistakes are reported with their path", arguments: [
        ("agents:\n  - model: m", "agents[0].id"),
        ("agents:\n  - id: a\n    model: m\n    windw_seconds: 300", "agents[0].windw_seconds"),
        ("agents:\n  - id: a\n    model: m\n  - id: a\n    model: m", "agents[1].id"),
        ("agents:\n  - id: a\n    model: m\n    source: {type: kafka}", "agents[0].source.type"),
        ("agents:\n  - id: a\n    model: m\n    source: {type: file}", "agents[0].source.path"),
        ("agents:\n  - id: a b\n    model: m", "agents[0].id"),
        ("agents:\n  - id: a\n    model: m\n    min_events: 0", "agents[0].min_events"),
        ("agents:\n  - id: a\n    model: m\n    type: bluetooth", "agents[0].type"),
        ("agents: 3", "agents"),
    ])
    func mistakes(_ yaml: String, _ path: String) throws {
        let file = try temporaryYAML(yaml)
        let error = #expect(throws: ConfigurationError.self) {
            _ = try ConfigurationLoader.load(file: file, dataDirectory: nil, environment: [:])
        }
        #expect(error?.issues.contains { $0.path == path } == true, "\(error?.issues ?? [])")
    }
}
