import Yams

/// A loaded configuration and the seed keys it accepted without using.
public struct LoadedConfiguration: Sendable, Equatable {
    /// The merged configuration.
    public var configuration: WardenConfiguration
    /// Paths of keys in the file that Warden accepts for compatibility with the seeds' files but does not use
    /// (training hyperparameters such as `model.n_estimators`, Python logging's `logging.file`), in file order.
    public var ignoredKeys: [String]
}

/// Builds a ``WardenConfiguration`` from defaults, a YAML file, the environment and flags.
public enum ConfigurationLoader {
    /// Loads the configuration: defaults < YAML file < environment < explicit flags.
    ///
    /// Environment variables: `WARDEN_<SECTION>_<KEY>` (the YAML path upper-cased, dots as underscores, e.g.
    /// `WARDEN_STORAGE_KEEP_LAST_N_VERSIONS=5`), `WARDEN_DATA_DIR`, `WARDEN_CONFIG` (the file, when `file` is nil),
    /// and the seeds' `LOG_LEVEL` / `LOG_FORMAT`, which a `WARDEN_LOGGING_*` variable overrides. Any other `WARDEN_*`
    /// variable is an error; variables without the prefix are ignored.
    ///
    /// ```swift
    /// let config = try ConfigurationLoader.load(
    ///     file: "warden.yaml", dataDirectory: nil, environment: ProcessInfo.processInfo.environment)
    /// ```
    ///
    /// - Parameters:
    ///   - file: the YAML file (`--config`); nil reads `WARDEN_CONFIG`, or no file.
    ///   - dataDirectory: `--data-dir`; nil keeps the file's / environment's / the default `./warden-data`.
    ///   - environment: the process environment.
    /// - Returns: the configuration; a relative `storage.directory` is resolved against the data directory.
    /// - Throws: ``ConfigurationError`` listing every problem: `unknown_key`, `reserved_key`, `invalid_value`,
    ///   `unreadable_file`, `invalid_yaml`, `limit_exceeded`.
    public static func load(
        file: String?, dataDirectory: String?, environment: [String: String]
    ) throws(ConfigurationError) -> WardenConfiguration {
        try loadReport(file: file, dataDirectory: dataDirectory, environment: environment).configuration
    }

    /// Loads the configuration as ``load(file:dataDirectory:environment:)`` does, also returning the seed keys that
    /// were accepted but are not used, so the caller can log them.
    public static func loadReport(
        file: String?, dataDirectory: String?, environment: [String: String]
    ) throws(ConfigurationError) -> LoadedConfiguration {
        let keys = ConfigurationKey.all()
        var draft = Draft()
        var issues: [ConfigurationError.Issue] = []
        var ignored: [String] = []

        let path = file ?? environment["WARDEN_CONFIG"]
        if let path {
            if let root = try ConfigurationFile.read(path) {
                applyFile(root, keys: keys, to: &draft, issues: &issues, ignored: &ignored)
            }
        }
        applyEnvironment(environment, keys: keys, to: &draft, issues: &issues)
        if let dataDirectory {
            if dataDirectory.trimmingWhitespace.isEmpty {
                issues.append(.init(.invalidValue, path: "--data-dir", "expected a non-empty path, found \"\""))
            } else {
                draft.configuration.dataDirectory = dataDirectory
            }
        }
        if !issues.isEmpty { throw ConfigurationError(issues, file: path) }

        var configuration = draft.configuration
        configuration.storage.directory = StorageSettings.resolve(
            draft.storageDirectory ?? "models", against: configuration.dataDirectory)
        return LoadedConfiguration(configuration: configuration, ignoredKeys: ignored)
    }

    // MARK: - File

    private static func applyFile(
        _ root: Node, keys: [ConfigurationKey], to draft: inout Draft,
        issues: inout [ConfigurationError.Issue], ignored: inout [String]
    ) {
        let byPath = Dictionary(keys.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let pairs: [(Node, Node)]
        switch root {
        case .mapping(let mapping): pairs = Array(mapping)
        case .scalar(let s) where isNull(s): return
        default:
            issues.append(
                .init(.invalidYAML, path: "(document)", "expected a mapping of sections (model:, storage:, ...), found \(describe(root).shown)"))
            return
        }
        let topLevel = (ConfigurationKey.sections + ["agents"]).sorted() + keys.filter { !$0.path.contains(".") }.map(\.path)
            + ConfigurationKey.ignored.filter { !$0.contains(".") } + ConfigurationKey.reservedSections
        for (keyNode, value) in pairs {
            guard let name = keyName(keyNode) else {
                issues.append(.init(.invalidYAML, path: "(document)", "keys must be plain strings, found \(describe(keyNode).shown)"))
                continue
            }
            if name == "agents" {
                draft.configuration.agents = AgentSettingsReader.read(value, issues: &issues)
            } else if ConfigurationKey.sections.contains(name) {
                applySection(name, value, byPath: byPath, to: &draft, issues: &issues, ignored: &ignored)
            } else if let key = byPath[name] {
                apply(key, describe(value), path: name, to: &draft, issues: &issues)
            } else if ConfigurationKey.ignored.contains(name) {
                ignored.append(name)
            } else if ConfigurationKey.reservedSections.contains(name) {
                issues.append(.init(.reservedKey, path: name, reservedMessage))
            } else {
                issues.append(.init(.unknownKey, path: name, KeySuggestion.unknownKeyMessage(name, candidates: topLevel)))
            }
        }
    }

    private static func applySection(
        _ section: String, _ node: Node, byPath: [String: ConfigurationKey], to draft: inout Draft,
        issues: inout [ConfigurationError.Issue], ignored: inout [String]
    ) {
        let pairs: [(Node, Node)]
        switch node {
        case .mapping(let mapping): pairs = Array(mapping)
        case .scalar(let s) where isNull(s): return
        default:
            issues.append(
                .init(.invalidValue, path: section, "expected a mapping of \(section) settings, found \(describe(node).shown)"))
            return
        }
        let prefix = section + "."
        let candidates = (Array(byPath.keys) + Array(ConfigurationKey.aliases.keys) + Array(ConfigurationKey.ignored))
            .filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
        var seen: [String: String] = [:]  // key path -> spelling used, to catch a key given under two names
        for (keyNode, value) in pairs {
            guard let name = keyName(keyNode) else {
                issues.append(.init(.invalidYAML, path: section, "keys must be plain strings, found \(describe(keyNode).shown)"))
                continue
            }
            let path = prefix + name
            let canonical = ConfigurationKey.aliases[path] ?? path
            if let key = byPath[canonical] {
                if let other = seen[canonical] {
                    issues.append(
                        .init(.invalidValue, path: path, "sets the same setting as \(other); keep one of the two"))
                    continue
                }
                seen[canonical] = path
                apply(key, describe(value), path: path, to: &draft, issues: &issues)
            } else if ConfigurationKey.ignored.contains(path) {
                ignored.append(path)
            } else {
                issues.append(.init(.unknownKey, path: path, KeySuggestion.unknownKeyMessage(name, candidates: candidates)))
            }
        }
    }

    // MARK: - Environment

    private static func applyEnvironment(
        _ environment: [String: String], keys: [ConfigurationKey], to draft: inout Draft,
        issues: inout [ConfigurationError.Issue]
    ) {
        let byPath = Dictionary(keys.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        // The seeds' plain names first, so that the WARDEN_* form wins when both are set.
        for (name, path) in ConfigurationKey.environmentAliases.sorted(by: { $0.key < $1.key }) {
            if let value = environment[name], let key = byPath[path] {
                apply(key, .text(value), path: name, to: &draft, issues: &issues)
            }
        }
        let byName = Dictionary(keys.map { ($0.environmentName, $0) }, uniquingKeysWith: { a, _ in a })
        let known = (Array(byName.keys) + ["WARDEN_CONFIG"]).sorted()
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("WARDEN_") {
            // WARDEN_SECRET_KEY and WARDEN_API_KEY are secrets, never configuration: read by `warden serve` and
            // `warden mcp` only, never shown. WARDEN_DATABASE_URL holds credentials (a PostgreSQL URL): read by the
            // store or log source that needs it.
            if ["WARDEN_CONFIG", "WARDEN_SECRET_KEY", "WARDEN_API_KEY", "WARDEN_DATABASE_URL"].contains(name) { continue }
            if let key = byName[name] {
                apply(key, .text(value), path: name, to: &draft, issues: &issues)
            } else if ConfigurationKey.reservedSections.contains(where: { name.hasPrefix("WARDEN_" + $0.uppercased() + "_") }) {
                issues.append(.init(.reservedKey, path: name, reservedMessage))
            } else {
                issues.append(.init(.unknownKey, path: name, KeySuggestion.unknownKeyMessage(name, candidates: known)))
            }
        }
    }

    // MARK: - Helpers

    private static let reservedMessage =
        "reserved for a later release; Warden does not enforce it yet, so remove it rather than rely on it"

    private static func apply(
        _ key: ConfigurationKey, _ raw: RawValue, path: String, to draft: inout Draft,
        issues: inout [ConfigurationError.Issue]
    ) {
        if let expected = key.apply(&draft, raw) {
            issues.append(.init(.invalidValue, path: path, "expected \(expected), found \(raw.shown)"))
        }
    }

    private static func isNull(_ s: Node.Scalar) -> Bool {
        s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    private static func describe(_ node: Node) -> RawValue {
        switch node {
        case .scalar(let s): return isNull(s) ? .null : .text(s.string)
        case .mapping: return .mapping
        case .sequence: return .sequence
        case .alias: return .null  // Yams resolves aliases while composing; an unresolved one carries no value
        }
    }

    private static func keyName(_ node: Node) -> String? {
        if case .scalar(let s) = node { return s.string }
        return nil
    }
}
