/// A value as found in the file or the environment, before it is given a type.
enum RawValue {
    /// A YAML scalar or an environment variable's value.
    case text(String)
    /// A YAML null (`~`, `null`, or nothing).
    case null
    /// A YAML mapping where a single value was expected.
    case mapping
    /// A YAML sequence where a single value was expected.
    case sequence

    /// The value as an error message shows it: numbers bare, text quoted.
    var shown: String {
        switch self {
        case .text(let s):
            let t = s.trimmingWhitespace
            if !t.isEmpty, Double(t) != nil, t.count <= 40 { return t }
            let clipped = s.count > 60 ? String(s.prefix(60)) + "..." : s
            return "\"" + clipped + "\""
        case .null: return "null"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// A configuration being assembled; the storage directory is resolved once the data directory is final.
struct Draft {
    var configuration = WardenConfiguration()
    var storageDirectory: String?
}

/// One settable key: its YAML path and how a raw value is typed, checked and stored.
struct ConfigurationKey {
    /// `section.key`, or `key` at the top level.
    let path: String
    /// Stores the value; returns what was expected when the value is refused.
    let apply: (inout Draft, RawValue) -> String?

    /// `WARDEN_` + the path upper-cased, dots as underscores.
    var environmentName: String {
        "WARDEN_" + String(path.uppercased().map { $0 == "." ? "_" : $0 })
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

// MARK: - Typed key constructors

extension ConfigurationKey {
    static func integer(
        _ path: String, in range: ClosedRange<Int>, expected: String, _ set: @escaping (inout Draft, Int) -> Void
    ) -> ConfigurationKey {
        ConfigurationKey(path: path) { draft, raw in
            guard case .text(let s) = raw, let n = Int(s.trimmingWhitespace), range.contains(n) else { return expected }
            set(&draft, n)
            return nil
        }
    }

    /// An integer that `null` (YAML) or `none` / `null` (text) turns off.
    static func optionalInteger(
        _ path: String, in range: ClosedRange<Int>, expected: String, _ set: @escaping (inout Draft, Int?) -> Void
    ) -> ConfigurationKey {
        ConfigurationKey(path: path) { draft, raw in
            switch raw {
            case .null:
                set(&draft, nil)
                return nil
            case .text(let s):
                let t = s.trimmingWhitespace
                if ["none", "null", "~"].contains(t.lowercased()) {
                    set(&draft, nil)
                    return nil
                }
                guard let n = Int(t), range.contains(n) else { return expected }
                set(&draft, n)
                return nil
            case .mapping, .sequence:
                return expected
            }
        }
    }

    static func number(
        _ path: String, expected: String, valid: @escaping (Double) -> Bool,
        _ set: @escaping (inout Draft, Double) -> Void
    ) -> ConfigurationKey {
        ConfigurationKey(path: path) { draft, raw in
            guard case .text(let s) = raw, let x = Double(s.trimmingWhitespace), x.isFinite, valid(x) else {
                return expected
            }
            set(&draft, x)
            return nil
        }
    }

    static func boolean(_ path: String, _ set: @escaping (inout Draft, Bool) -> Void) -> ConfigurationKey {
        ConfigurationKey(path: path) { draft, raw in
            guard case .text(let s) = raw else { return "true or false" }
            switch s.trimmingWhitespace.lowercased() {
            case "true", "yes", "on", "1": set(&draft, true)
            case "false", "no", "off", "0": set(&draft, false)
            default: return "true or false"
            }
            return nil
        }
    }

    /// A comma-separated list of browser origins (`http://` or `https://` followed by a host and optional port);
    /// an empty text is an empty list.
    static func origins(_ path: String, _ set: @escaping (inout Draft, [String]) -> Void) -> ConfigurationKey {
        ConfigurationKey(path: path) { draft, raw in
            let expected = "a comma-separated list of origins such as https://ops.example.com"
            switch raw {
            case .null:
                set(&draft, [])
                return nil
            case .text(let s):
                let items = s.split(separator: ",").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
                for item in items {
                    var rest = Substring(item.lowercased())
                    guard rest.hasPrefix("http://") || rest.hasPrefix("https://") else { return expected }
                    rest = rest.drop { $0 != "/" }.dropFirst(2)
                    if rest.hasSuffix("/") { rest = rest.dropLast() }
                    guard !rest.isEmpty, !rest.contains("/") else { return expected }
                }
                set(&draft, items)
                return nil
            case .mapping, .sequence:
                return expected
            }
        }
    }

    static func string(_ path: String, _ set: @escaping (inout Draft, String) -> Void) -> ConfigurationKey {
        ConfigurationKey(path: path) { draft, raw in
            guard case .text(let s) = raw, !s.trimmingWhitespace.isEmpty else { return "a non-empty string" }
            set(&draft, s)
            return nil
        }
    }

    /// A string that `null` or the empty string unsets.
    static func optionalString(_ path: String, _ set: @escaping (inout Draft, String?) -> Void) -> ConfigurationKey {
        ConfigurationKey(path: path) { draft, raw in
            switch raw {
            case .null: set(&draft, nil)
            case .text(let s): set(&draft, s.trimmingWhitespace.isEmpty ? nil : s)
            case .mapping, .sequence: return "a string or null"
            }
            return nil
        }
    }

    static func choice<T: RawRepresentable & CaseIterable>(
        _ path: String, _ set: @escaping (inout Draft, T) -> Void
    ) -> ConfigurationKey where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        let expected = "one of " + names.joined(separator: ", ")
        return ConfigurationKey(path: path) { draft, raw in
            guard case .text(let s) = raw, let v = T(rawValue: s.trimmingWhitespace.lowercased()) else {
                return expected
            }
            set(&draft, v)
            return nil
        }
    }
}

// MARK: - The table

extension ConfigurationKey {
    /// Every settable key, in display order. A function, not a stored table: keys hold closures.
    static func all() -> [ConfigurationKey] {
        let nonNegative = "a non-negative integer"
        let positive = "a positive integer"
        return [
            .string("data_dir") { $0.configuration.dataDirectory = $1 },

            .optionalString("model.name") { $0.configuration.model.name = $1 },
            .number("model.anomaly_threshold", expected: "a finite number", valid: { _ in true }) {
                $0.configuration.model.anomalyThreshold = $1
            },
            .number("model.confidence_threshold", expected: "a number between 0 and 1", valid: { (0...1).contains($0) }) {
                $0.configuration.model.confidenceThreshold = $1
            },

            .string("storage.directory") { $0.storageDirectory = $1 },
            .optionalInteger("storage.keep_last_n_versions", in: 0...Int.max, expected: nonNegative + " or null") {
                $0.configuration.storage.keepLastVersions = $1
            },
            .optionalInteger("storage.retention_days", in: 0...Int.max, expected: nonNegative + " or null") {
                $0.configuration.storage.retentionDays = $1
            },
            .integer("storage.protected_history_entries", in: 0...Int.max, expected: nonNegative) {
                $0.configuration.storage.protectedHistoryEntries = $1
            },

            .optionalString("integration.training_service_path") { $0.configuration.integration.trainingServicePath = $1 },
            .boolean("integration.auto_import") { $0.configuration.integration.autoImport = $1 },
            .integer("integration.import_interval", in: 1...Int.max, expected: positive + " (seconds)") {
                $0.configuration.integration.importInterval = $1
            },
            .boolean("integration.validate_imports") { $0.configuration.integration.validateImports = $1 },

            .boolean("monitoring.enabled") { $0.configuration.monitoring.enabled = $1 },
            .integer("monitoring.window_size", in: 1...Int.max, expected: positive) {
                $0.configuration.monitoring.windowSize = $1
            },
            .number("monitoring.drift_threshold", expected: "a number greater than 0", valid: { $0 > 0 }) {
                $0.configuration.monitoring.driftThreshold = $1
            },
            .number("monitoring.baseline_drift_threshold", expected: "a number greater than 0", valid: { $0 > 0 }) {
                $0.configuration.monitoring.baselineDriftThreshold = $1
            },
            .integer("monitoring.metrics_retention_days", in: 0...Int.max, expected: nonNegative) {
                $0.configuration.monitoring.metricsRetentionDays = $1
            },
            .integer("monitoring.flush_interval", in: 1...86_400, expected: "a whole number of seconds from 1 to 86400") {
                $0.configuration.monitoring.flushInterval = $1
            },
            .integer("monitoring.check_interval", in: 0...86_400, expected: "0 (off) or seconds up to 86400") {
                $0.configuration.monitoring.checkInterval = $1
            },
            .string("monitoring.drift_test") { $0.configuration.monitoring.driftTest = $1 },
            .string("monitoring.instance") { $0.configuration.monitoring.instance = $1 },
            .number("monitoring.ks_p_value", expected: "a number between 0 and 1", valid: { $0 > 0 && $0 < 1 }) {
                $0.configuration.monitoring.ksPValue = $1
            },
            .number("monitoring.wasserstein_threshold", expected: "a number greater than 0", valid: { $0 > 0 }) {
                $0.configuration.monitoring.wassersteinThreshold = $1
            },
            .number("monitoring.dataset_drift_share", expected: "a number in (0, 1]", valid: { $0 > 0 && $0 <= 1 }) {
                $0.configuration.monitoring.datasetDriftShare = $1
            },
            .integer("monitoring.minimum_samples", in: 2...1_000_000, expected: "a whole number from 2 to 1000000") {
                $0.configuration.monitoring.minimumSamples = $1
            },

            .choice("logging.level") { (d: inout Draft, v: LogLevel) in d.configuration.logging.level = v },
            .choice("logging.format") { (d: inout Draft, v: LogFormat) in d.configuration.logging.format = v },

            .string("server.host") { $0.configuration.server.host = $1 },
            .origins("server.mcp_allowed_origins") { $0.configuration.server.mcpAllowedOrigins = $1 },
            .boolean("security.auth_enabled") { $0.configuration.security.authEnabled = $1 },
            .number("security.token_expiry_hours", expected: "hours greater than 0, at most 168", valid: { $0 > 0 && $0 <= 168 }) {
                $0.configuration.security.tokenExpiryHours = $1
            },
            .boolean("rate_limit.enabled") { $0.configuration.rateLimit.enabled = $1 },
            .integer("rate_limit.max_requests", in: 1...1_000_000_000, expected: "a whole number of requests, at least 1") {
                $0.configuration.rateLimit.maxRequests = $1
            },
            .number("rate_limit.window_seconds", expected: "seconds greater than 0", valid: { $0 > 0 && $0 <= 86_400 }) {
                $0.configuration.rateLimit.windowSeconds = $1
            },
            .integer("server.port", in: 1...65_535, expected: "an integer between 1 and 65535") {
                $0.configuration.server.port = $1
            },
            .integer("logs.retention_days", in: 0...36_500, expected: "0 (keep everything) or days up to 36500") {
                $0.configuration.logs.retentionDays = $1
            },
            .integer("logs.max_ingest_bytes", in: 1024...1_073_741_824, expected: "bytes from 1024 to 1073741824") {
                $0.configuration.logs.maxIngestBytes = $1
            },
            .integer("logs.max_ingest_records", in: 1...10_000_000, expected: "records from 1 to 10000000") {
                $0.configuration.logs.maxIngestRecords = $1
            },
            .number(
                "server.header_timeout", expected: "seconds greater than 0, at most 3600",
                valid: { $0 > 0 && $0 <= 3600 }
            ) {
                $0.configuration.server.headerTimeout = $1
            },
            .integer(
                "server.max_connections_per_client", in: 1...1_000_000,
                expected: "a whole number of connections, at least 1"
            ) {
                $0.configuration.server.maxConnectionsPerClient = $1
            },
        ]
    }

    /// Sections of the YAML file.
    static let sections = [
        "model", "storage", "integration", "monitoring", "logging", "server", "security", "rate_limit", "logs",
    ]

    /// Seed spellings accepted for a Warden key (file only): alias path -> key path.
    static let aliases = ["monitoring.enable_drift_detection": "monitoring.enabled"]

    /// Environment variables the seeds use, accepted below their `WARDEN_*` form: variable -> key path.
    static let environmentAliases = ["LOG_LEVEL": "logging.level", "LOG_FORMAT": "logging.format"]

    /// Keys of the seeds' files that configure training or Python logging, not Warden: accepted and ignored (with
    /// their whole subtree), and reported by ``ConfigurationLoader/loadReport(file:dataDirectory:environment:)``.
    static let ignored: Set<String> = [
        "version",
        "model.type", "model.n_estimators", "model.max_samples", "model.contamination", "model.random_state",
        "model.max_features",
        "storage.version_format", "storage.backup_enabled", "storage.compression",
        "monitoring.performance_tracking", "monitoring.resource_monitoring", "monitoring.model_health_checks",
        "monitoring.alerting",
        "logging.file", "logging.rotation",
    ]

    /// Sections reserved for a later release (none now; seed 004's security and rate-limit settings are read).
    static let reservedSections: [String] = []
}
