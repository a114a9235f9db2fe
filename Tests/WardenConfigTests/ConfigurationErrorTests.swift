import Foundation
import Testing
import WardenConfig

@Suite("ConfigurationLoader: unknown keys, bad values and limits, reported with their paths")
struct ConfigurationErrorTests {
    private func issues(
        file text: String? = nil, dataDirectory: String? = nil, environment: [String: String] = [:]
    ) throws -> [ConfigurationError.Issue] {
        let file = try text.map(temporaryYAML)
        do {
            _ = try ConfigurationLoader.load(file: file, dataDirectory: dataDirectory, environment: environment)
        } catch {
            return error.issues
        }
        Issue.record("expected a ConfigurationError")
        return []
    }

    @Test("every problem in the file and the environment is reported at once, in order, with its path")
    func severalAtOnce() throws {
        let found = try issues(
            file: """
                storage:
                  keep_last_n_versions: five
                  retention_days: -1
                integration:
                  auto_imprt: true
                  import_interval: 0
                logging:
                  level: verbose
                  format: '%(asctime)s - %(message)s'
                """,
            dataDirectory: "",
            environment: ["WARDEN_MONITORING_WINDOW_SIZE": "0", "WARDEN_STORAGE_KEEP_LAST_VERSIONS": "3"])
        #expect(found.map(\.description) == [
            #"storage.keep_last_n_versions: expected a non-negative integer or null, found "five""#,
            "storage.retention_days: expected a non-negative integer or null, found -1",
            "integration.auto_imprt: unknown key (did you mean auto_import?)",
            "integration.import_interval: expected a positive integer (seconds), found 0",
            #"logging.level: expected one of trace, debug, info, notice, warning, error, critical, found "verbose""#,
            #"logging.format: expected one of json, text, found "%(asctime)s - %(message)s""#,
            "WARDEN_MONITORING_WINDOW_SIZE: expected a positive integer, found 0",
            "WARDEN_STORAGE_KEEP_LAST_VERSIONS: unknown key (did you mean WARDEN_STORAGE_KEEP_LAST_N_VERSIONS?)",
            #"--data-dir: expected a non-empty path, found """#,
        ])
        #expect(found.map(\.code) == [
            .invalidValue, .invalidValue, .unknownKey, .invalidValue, .invalidValue, .invalidValue, .invalidValue,
            .unknownKey, .invalidValue,
        ])
    }

    /// A YAML document, the path reported and the start of its message.
    struct FileCase: Sendable, CustomStringConvertible {
        let yaml: String
        let code: ConfigurationError.Code
        let path: String
        let message: String
        var description: String { path + " <- " + yaml.replacingOccurrences(of: "\n", with: " | ") }
    }

    static let fileCases: [FileCase] = [
        .init(yaml: "storag:\n  directory: x\n", code: .unknownKey, path: "storag", message: "unknown key (did you mean storage?)"),
        .init(yaml: "model:\n  threshold: 0.5\n", code: .unknownKey, path: "model.threshold",
              message: "unknown key (did you mean anomaly_threshold?)"),
        .init(yaml: "monitoring:\n  windowsize: 10\n", code: .unknownKey, path: "monitoring.windowsize",
              message: "unknown key (did you mean window_size?)"),
        .init(yaml: "storage:\n  retension_days: 10\n", code: .unknownKey, path: "storage.retension_days",
              message: "unknown key (did you mean retention_days?)"),
        .init(yaml: "server:\n  bind_everything: true\n", code: .unknownKey, path: "server.bind_everything",
              message: "unknown key; known keys here: header_timeout, host, max_connections_per_client, mcp_allowed_origins, port"),
        .init(yaml: "model:\n  confidence_threshold: 1.5\n", code: .invalidValue, path: "model.confidence_threshold",
              message: "expected a number between 0 and 1, found 1.5"),
        .init(yaml: "monitoring:\n  drift_threshold: [1, 2]\n", code: .invalidValue, path: "monitoring.drift_threshold",
              message: "expected a number greater than 0, found a list"),
        .init(yaml: "integration:\n  auto_import: maybe\n", code: .invalidValue, path: "integration.auto_import",
              message: #"expected true or false, found "maybe""#),
        .init(yaml: "server:\n  mcp_allowed_origins: ops.example.com\n", code: .invalidValue,
              path: "server.mcp_allowed_origins",
              message: #"expected a comma-separated list of origins such as https://ops.example.com, found "ops.example.com""#),
        .init(yaml: "server:\n  port: 70000\n", code: .invalidValue, path: "server.port",
              message: "expected an integer between 1 and 65535, found 70000"),
        .init(yaml: "storage:\n  directory:\n", code: .invalidValue, path: "storage.directory",
              message: "expected a non-empty string, found null"),
        .init(yaml: "storage: 5\n", code: .invalidValue, path: "storage",
              message: "expected a mapping of storage settings, found 5"),
        .init(yaml: "monitoring:\n  enabled: true\n  enable_drift_detection: false\n", code: .invalidValue,
              path: "monitoring.enable_drift_detection", message: "sets the same setting as monitoring.enabled"),
        .init(yaml: "security:\n  auth_enabled: maybe\n", code: .invalidValue, path: "security.auth_enabled",
              message: "expected true or false"),
        .init(yaml: "rate_limit:\n  max_requests: 0\n", code: .invalidValue, path: "rate_limit.max_requests",
              message: "expected a whole number of requests"),
        .init(yaml: "- a\n- b\n", code: .invalidYAML, path: "(document)", message: "expected a mapping of sections"),
    ]

    @Test("a bad key or value in the file is reported with its path", arguments: fileCases)
    func fileProblem(_ c: FileCase) throws {
        let found = try issues(file: c.yaml)
        #expect(found.count == 1)
        #expect(found.first?.code == c.code)
        #expect(found.first?.path == c.path)
        #expect(found.first?.message.hasPrefix(c.message) == true, "\(found.first?.message ?? "")")
    }

    /// An environment variable that must be refused, and the code.
    static let environmentCases: [(String, String, ConfigurationError.Code)] = [
        ("WARDEN_LOGGING_LEVL", "debug", .unknownKey),
        ("WARDEN_MONITORING_WINDOW_SIZE", "0", .invalidValue),
        ("WARDEN_SERVER_PORT", "http", .invalidValue),
        ("WARDEN_MODEL_CONFIDENCE_THRESHOLD", "nan", .invalidValue),
        ("WARDEN_LOGGING_LEVEL", "", .invalidValue),
        ("LOG_LEVEL", "loud", .invalidValue),
        ("WARDEN_SECURITY_AUTH_ENABLED", "maybe", .invalidValue),
        ("WARDEN_RATE_LIMIT_MAX_REQUESTS", "0", .invalidValue),
        ("WARDEN_SERVER_HEADER_TIMEOUT", "0", .invalidValue),
        ("WARDEN_SERVER_HEADER_TIMEOUT", "forever", .invalidValue),
        ("WARDEN_SERVER_MAX_CONNECTIONS_PER_CLIENT", "0", .invalidValue),
        ("WARDEN_", "x", .unknownKey),
    ]

    @Test("a bad or unknown environment variable is reported under its own name", arguments: environmentCases)
    func environmentProblem(_ name: String, _ value: String, _ code: ConfigurationError.Code) throws {
        let found = try issues(environment: [name: value])
        #expect(found.map(\.path) == [name])
        #expect(found.map(\.code) == [code])
    }

    @Test("a missing file, a directory and invalid YAML are refused with their codes")
    func unreadableAndInvalid() throws {
        let missing = "/nonexistent/warden-\(UUID().uuidString).yaml"
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(file: missing, dataDirectory: nil, environment: [:])
        }
        #expect(try issues(file: nil, environment: ["WARDEN_CONFIG": missing]).map(\.code) == [.unreadableFile])
        do {
            _ = try ConfigurationLoader.load(file: NSTemporaryDirectory(), dataDirectory: nil, environment: [:])
            Issue.record("a directory was accepted")
        } catch {
            #expect(error.code == .unreadableFile)
        }
        #expect(try issues(file: "model: [unclosed\n").map(\.code) == [.invalidYAML])
        #expect(try issues(file: "model:\n  name: a\n  name: b\n").map(\.code) == [.invalidYAML])
    }

    @Test("a file over 1 MiB is refused before it is parsed")
    func oversizedFile() throws {
        let big = "# " + String(repeating: "x", count: 1 << 20) + "\n"
        let found = try issues(file: big)
        #expect(found.map(\.code) == [.limitExceeded])
        #expect(found.first?.message.contains("1 MiB") == true)
    }

    /// Billion-laughs documents: aliases as values, aliases as mapping keys (Yams hashes keys), and many aliases.
    static let aliasBombs: [String] = {
        var values = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            let previous = i == 1 ? "a" : "a\(i - 1)"
            values += "a\(i): &a\(i) [" + Array(repeating: "*" + previous, count: 10).joined(separator: ", ") + "]\n"
        }
        var keys = "l0: &l0 [x, x, x, x, x, x, x, x]\n"
        for i in 1...12 {
            keys += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 8).joined(separator: ", ") + "]\n"
        }
        keys += "? *l12\n: boom\n"
        let small = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "model:\n  name: *d\n"  // 30 aliases, under the alias limit; 11,111 nodes, over the node limit
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        return [values, keys, small, deep]
    }()

    @Test("anchors and aliases cannot blow up: expansion, alias count and depth are limited", arguments: aliasBombs)
    func aliasBomb(_ yaml: String) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let found = try issues(file: yaml)
        #expect(found.map(\.code) == [.limitExceeded])
        #expect(clock.now - start < .seconds(5))
    }

    @Test("a few aliases within the limits are fine")
    func modestAliases() throws {
        let file = try temporaryYAML("""
            model:
              name: &n auth
            storage:
              directory: *n
            """)
        let c = try ConfigurationLoader.load(file: file, dataDirectory: "/d", environment: [:])
        #expect(c.model.name == "auth" && c.storage.directory == "/d/auth")
    }

    @Test("the error's description has a header and one line per issue")
    func description() throws {
        let error = ConfigurationError([
            .init(.unknownKey, path: "a.b", "unknown key"), .init(.invalidValue, path: "c.d", "expected x, found y"),
        ], file: "w.yaml")
        #expect(error.code == .unknownKey)
        #expect(error.description == "invalid configuration (2 problems, file w.yaml):\n  a.b: unknown key\n  c.d: expected x, found y")
    }
}
