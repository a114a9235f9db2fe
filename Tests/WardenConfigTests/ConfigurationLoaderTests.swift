import Foundation
import TestSupport
import Testing
import WardenConfig

@Suite("ConfigurationLoader: defaults, the seed-shaped file, the environment and precedence")
struct ConfigurationLoaderTests {
    @Test("with no file, no environment and no flags every field has its documented default")
    func defaults() throws {
        let c = try ConfigurationLoader.load(file: nil, dataDirectory: nil, environment: [:])
        #expect(c == WardenConfiguration())
        #expect(c.dataDirectory == "./warden-data")
        #expect(c.model == ModelSettings(name: nil, anomalyThreshold: 0.5, confidenceThreshold: 0.8))
        #expect(c.storage == StorageSettings(directory: "./warden-data/models", keepLastVersions: 5, retentionDays: 30,
                                             protectedHistoryEntries: 5))
        #expect(c.integration == IntegrationSettings(trainingServicePath: nil, autoImport: false, importInterval: 3600,
                                                     validateImports: true))
        #expect(c.monitoring == MonitoringSettings(enabled: true, windowSize: 1000, driftThreshold: 0.1,
                                                   baselineDriftThreshold: 2.0, metricsRetentionDays: 30))
        #expect(c.logging == LoggingSettings(level: .info, format: .text))
        #expect(c.server == ServerSettings(host: "127.0.0.1", port: 8080))
        #expect(c.server.headerTimeout == 10 && c.server.maxConnectionsPerClient == 64)
    }

    @Test("server.header_timeout and server.max_connections_per_client from the file and the environment")
    func connectionLimits() throws {
        let file = try temporaryYAML("server:\n  header_timeout: 2.5\n  max_connections_per_client: 8\n")
        var c = try ConfigurationLoader.load(file: file, dataDirectory: nil, environment: [:])
        #expect(c.server == ServerSettings(headerTimeout: 2.5, maxConnectionsPerClient: 8))
        c = try ConfigurationLoader.load(
            file: file, dataDirectory: nil,
            environment: ["WARDEN_SERVER_HEADER_TIMEOUT": "4", "WARDEN_SERVER_MAX_CONNECTIONS_PER_CLIENT": "3"])
        #expect(c.server == ServerSettings(headerTimeout: 4, maxConnectionsPerClient: 3))
    }

    @Test("variables without the WARDEN_ prefix are ignored")
    func unrelatedEnvironment() throws {
        let c = try ConfigurationLoader.load(
            file: nil, dataDirectory: nil, environment: ["PATH": "/bin", "HOME": "/root", "WARDENX": "1"])
        #expect(c == WardenConfiguration())
    }

    @Test("the committed seed-shaped file loads every section and reports the seed keys it ignores")
    func seedShapedFile() throws {
        let file = Fixtures.directory("config").appendingPathComponent("seed-shape.yaml").path
        let loaded = try ConfigurationLoader.loadReport(file: file, dataDirectory: "/var/lib/warden", environment: [:])
        let c = loaded.configuration
        #expect(c.dataDirectory == "/var/lib/warden")
        #expect(c.model == ModelSettings(name: "auth-anomaly", anomalyThreshold: 0.55, confidenceThreshold: 0.9))
        #expect(c.storage == StorageSettings(directory: "/var/lib/warden/models", keepLastVersions: 7, retentionDays: 45,
                                             protectedHistoryEntries: 3))
        #expect(c.integration == IntegrationSettings(trainingServicePath: "/srv/training/output", autoImport: true,
                                                     importInterval: 600, validateImports: true))
        #expect(c.monitoring == MonitoringSettings(enabled: true, windowSize: 500, driftThreshold: 0.15,
                                                   baselineDriftThreshold: 2.5, metricsRetentionDays: 14))
        #expect(c.logging == LoggingSettings(level: .warning, format: .json))
        #expect(c.server == ServerSettings(host: "0.0.0.0", port: 9090))
        #expect(loaded.ignoredKeys == [
            "version", "model.type", "model.n_estimators", "model.max_samples", "model.contamination",
            "model.random_state", "model.max_features", "storage.version_format", "storage.backup_enabled",
            "storage.compression", "monitoring.performance_tracking", "monitoring.resource_monitoring",
            "monitoring.model_health_checks", "monitoring.alerting", "logging.file", "logging.rotation",
        ])
    }

    @Test("the configuration encodes with the YAML key names, for display")
    func encodesWithYAMLKeys() throws {
        let json = String(decoding: try JSONEncoder().encode(WardenConfiguration()), as: UTF8.self)
        for key in ["\"data_dir\"", "\"keep_last_n_versions\"", "\"import_interval\"", "\"baseline_drift_threshold\""] {
            #expect(json.contains(key))
        }
        let back = try JSONDecoder().decode(WardenConfiguration.self, from: Data(json.utf8))
        #expect(back == WardenConfiguration())
    }

    @Test("precedence: defaults < file < environment < --data-dir")
    func precedence() throws {
        let file = try temporaryYAML("""
            data_dir: /from/file
            storage:
              keep_last_n_versions: 2
              retention_days: 9
            logging:
              level: error
            """)
        // File over defaults.
        var c = try ConfigurationLoader.load(file: file, dataDirectory: nil, environment: [:])
        #expect(c.dataDirectory == "/from/file")
        #expect(c.storage.directory == "/from/file/models")
        #expect(c.storage.keepLastVersions == 2 && c.storage.retentionDays == 9)
        #expect(c.logging.level == .error)
        // Environment over file.
        let env = ["WARDEN_DATA_DIR": "/from/env", "WARDEN_STORAGE_KEEP_LAST_N_VERSIONS": "4", "LOG_LEVEL": "DEBUG"]
        c = try ConfigurationLoader.load(file: file, dataDirectory: nil, environment: env)
        #expect(c.dataDirectory == "/from/env")
        #expect(c.storage.keepLastVersions == 4 && c.storage.retentionDays == 9)
        #expect(c.logging.level == .debug)
        // The flag over both.
        c = try ConfigurationLoader.load(file: file, dataDirectory: "/from/flag", environment: env)
        #expect(c.dataDirectory == "/from/flag")
        #expect(c.storage.directory == "/from/flag/models")
    }

    @Test("WARDEN_LOGGING_* wins over the seeds' LOG_LEVEL / LOG_FORMAT")
    func warderFormWinsOverSeedAliases() throws {
        let c = try ConfigurationLoader.load(
            file: nil, dataDirectory: nil,
            environment: ["LOG_LEVEL": "ERROR", "WARDEN_LOGGING_LEVEL": "trace", "LOG_FORMAT": "text",
                          "WARDEN_LOGGING_FORMAT": "json"])
        #expect(c.logging == LoggingSettings(level: .trace, format: .json))
    }

    @Test("an absolute storage.directory is kept whatever the data directory; a relative one follows it")
    func storageDirectoryResolution() throws {
        let absolute = try temporaryYAML("storage:\n  directory: /srv/models\n")
        #expect(try ConfigurationLoader.load(file: absolute, dataDirectory: "/d", environment: [:]).storage.directory
            == "/srv/models")
        let relative = try temporaryYAML("storage:\n  directory: versions\n")
        #expect(try ConfigurationLoader.load(file: relative, dataDirectory: "/d/", environment: [:]).storage.directory
            == "/d/versions")
    }

    @Test("WARDEN_CONFIG names the file when --config is not given; --config wins")
    func configFromEnvironment() throws {
        let a = try temporaryYAML("server:\n  port: 1111\n")
        let b = try temporaryYAML("server:\n  port: 2222\n")
        #expect(try ConfigurationLoader.load(file: nil, dataDirectory: nil, environment: ["WARDEN_CONFIG": a]).server.port
            == 1111)
        #expect(try ConfigurationLoader.load(file: b, dataDirectory: nil, environment: ["WARDEN_CONFIG": a]).server.port
            == 2222)
    }

    @Test("an empty file and empty sections mean defaults")
    func emptyFile() throws {
        for text in ["", "# nothing\n", "model:\nstorage: ~\n"] {
            #expect(try ConfigurationLoader.load(file: try temporaryYAML(text), dataDirectory: nil, environment: [:])
                == WardenConfiguration())
        }
    }

    /// One environment variable, its value, and what it must set.
    struct EnvCase: Sendable, CustomStringConvertible {
        let name: String
        let value: String
        let check: @Sendable (WardenConfiguration) -> Bool
        var description: String { "\(name)=\(value)" }
    }

    static let environmentCases: [EnvCase] = [
        .init(name: "WARDEN_DATA_DIR", value: "/data") { $0.dataDirectory == "/data" && $0.storage.directory == "/data/models" },
        .init(name: "WARDEN_MODEL_NAME", value: "auth") { $0.model.name == "auth" },
        .init(name: "WARDEN_MODEL_ANOMALY_THRESHOLD", value: "-0.25") { $0.model.anomalyThreshold == -0.25 },
        .init(name: "WARDEN_MODEL_CONFIDENCE_THRESHOLD", value: "1") { $0.model.confidenceThreshold == 1 },
        .init(name: "WARDEN_STORAGE_DIRECTORY", value: "/srv/models") { $0.storage.directory == "/srv/models" },
        .init(name: "WARDEN_STORAGE_KEEP_LAST_N_VERSIONS", value: "5") { $0.storage.keepLastVersions == 5 },
        .init(name: "WARDEN_STORAGE_KEEP_LAST_N_VERSIONS", value: "none") { $0.storage.keepLastVersions == nil },
        .init(name: "WARDEN_STORAGE_RETENTION_DAYS", value: "0") { $0.storage.retentionDays == 0 },
        .init(name: "WARDEN_STORAGE_PROTECTED_HISTORY_ENTRIES", value: "10") { $0.storage.protectedHistoryEntries == 10 },
        .init(name: "WARDEN_INTEGRATION_TRAINING_SERVICE_PATH", value: "/srv/train") {
            $0.integration.trainingServicePath == "/srv/train"
        },
        .init(name: "WARDEN_INTEGRATION_AUTO_IMPORT", value: "true") { $0.integration.autoImport },
        .init(name: "WARDEN_INTEGRATION_AUTO_IMPORT", value: "1") { $0.integration.autoImport },
        .init(name: "WARDEN_INTEGRATION_IMPORT_INTERVAL", value: "60") { $0.integration.importInterval == 60 },
        .init(name: "WARDEN_INTEGRATION_VALIDATE_IMPORTS", value: "no") { !$0.integration.validateImports },
        .init(name: "WARDEN_MONITORING_ENABLED", value: "FALSE") { !$0.monitoring.enabled },
        .init(name: "WARDEN_MONITORING_WINDOW_SIZE", value: "250") { $0.monitoring.windowSize == 250 },
        .init(name: "WARDEN_MONITORING_DRIFT_THRESHOLD", value: "0.2") { $0.monitoring.driftThreshold == 0.2 },
        .init(name: "WARDEN_MONITORING_BASELINE_DRIFT_THRESHOLD", value: "3") { $0.monitoring.baselineDriftThreshold == 3 },
        .init(name: "WARDEN_MONITORING_METRICS_RETENTION_DAYS", value: "7") { $0.monitoring.metricsRetentionDays == 7 },
        .init(name: "WARDEN_LOGGING_LEVEL", value: "debug") { $0.logging.level == .debug },
        .init(name: "WARDEN_LOGGING_LEVEL", value: "CRITICAL") { $0.logging.level == .critical },
        .init(name: "WARDEN_LOGGING_FORMAT", value: "json") { $0.logging.format == .json },
        .init(name: "LOG_LEVEL", value: "WARNING") { $0.logging.level == .warning },
        .init(name: "LOG_FORMAT", value: "JSON") { $0.logging.format == .json },
        .init(name: "WARDEN_SERVER_HOST", value: "0.0.0.0") { $0.server.host == "0.0.0.0" },
        .init(name: "WARDEN_SERVER_PORT", value: "65535") { $0.server.port == 65_535 },
        .init(name: "WARDEN_SERVER_MCP_ALLOWED_ORIGINS", value: "https://ops.example.com, http://127.0.0.1:3000/") {
            $0.server.mcpAllowedOrigins == ["https://ops.example.com", "http://127.0.0.1:3000/"]
        },
    ]

    @Test("every environment variable form sets its key", arguments: environmentCases)
    func environmentVariable(_ c: EnvCase) throws {
        let config = try ConfigurationLoader.load(file: nil, dataDirectory: nil, environment: [c.name: c.value])
        #expect(c.check(config))
    }
}
