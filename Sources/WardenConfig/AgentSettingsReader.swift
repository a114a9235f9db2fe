import DataFormats
import Foundation
import Yams

/// Reads the `agents:` list of the YAML file into ``AgentSettings``, strictly: every unknown key, wrong type,
/// duplicate id or out-of-range value is an issue naming its path (`agents[0].window_seconds`), as for every other
/// key of the configuration.
enum AgentSettingsReader {
    static let keys: Set<String> = [
        "id", "type", "description", "enabled", "source", "model", "version", "shadow_version", "window_seconds",
        "grace_seconds", "min_events", "interval", "page_size", "rules",
    ]
    static let sourceKeys: Set<String> = ["type", "url", "url_env", "table", "columns", "path"]
    static let sourceTypes = ["embedded", "postgres", "file"]

    static func read(_ node: Node, issues: inout [ConfigurationError.Issue]) -> [AgentSettings] {
        guard case .sequence(let list) = node else {
            if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return [] }
            issues.append(.init(.invalidValue, path: "agents", "expected a list of agents (- id: ..., model: ...)"))
            return []
        }
        var agents: [AgentSettings] = []
        var seen: Set<String> = []
        for (index, item) in list.enumerated() {
            let path = "agents[\(index)]"
            guard let agent = readAgent(item, path: path, issues: &issues) else { continue }
            if !seen.insert(agent.id).inserted {
                issues.append(.init(.invalidValue, path: path + ".id", "agent id '\(agent.id)' is declared twice; ids must be unique"))
                continue
            }
            agents.append(agent)
        }
        return agents
    }

    private static func readAgent(_ node: Node, path: String, issues: inout [ConfigurationError.Issue])
        -> AgentSettings?
    {
        guard case .mapping(let mapping) = node else {
            issues.append(.init(.invalidValue, path: path, "expected a mapping with id:, model:, ..."))
            return nil
        }
        var fields: [String: Node] = [:]
        for (k, v) in mapping {
            guard case .scalar(let key) = k else { continue }
            if !keys.contains(key.string) {
                issues.append(
                    .init(.unknownKey, path: "\(path).\(key.string)",
                          KeySuggestion.unknownKeyMessage(key.string, candidates: keys.sorted())))
                continue
            }
            fields[key.string] = v
        }
        let before = issues.count
        func text(_ key: String) -> String? {
            guard let n = fields[key] else { return nil }
            guard case .scalar(let s) = n else {
                issues.append(.init(.invalidValue, path: "\(path).\(key)", "expected text"))
                return nil
            }
            return ["", "~", "null"].contains(s.string) ? nil : s.string
        }
        func integer(_ key: String, _ range: ClosedRange<Int>, _ fallback: Int) -> Int {
            guard let t = text(key) else { return fallback }
            guard let v = Int(t.trimmingWhitespace), range.contains(v) else {
                issues.append(.init(.invalidValue, path: "\(path).\(key)", "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \"\(t)\""))
                return fallback
            }
            return v
        }
        guard let id = text("id") else {
            issues.append(.init(.invalidValue, path: "\(path).id", "every agent needs an id (letters, digits, - _ .)"))
            return nil
        }
        let idOK = (1...64).contains(id.utf8.count) && id.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
                || $0 == 0x5F || $0 == 0x2E
        }
        if !idOK {
            issues.append(.init(.invalidValue, path: "\(path).id", "agent id '\(id.prefix(64))' must be 1-64 letters, digits, '-', '_' or '.'"))
        }
        guard let model = text("model") else {
            issues.append(.init(.invalidValue, path: "\(path).model", "agent '\(id)' needs the model that scores its windows"))
            return nil
        }
        let type = text("type") ?? "wifi"
        if type != "wifi" {
            issues.append(.init(.invalidValue, path: "\(path).type", "unknown agent type '\(type)'; Warden has: wifi"))
        }
        var enabled = true
        if let e = text("enabled") {
            switch e.lowercased() {
            case "true", "yes", "on": enabled = true
            case "false", "no", "off": enabled = false
            default: issues.append(.init(.invalidValue, path: "\(path).enabled", "expected true or false, found \"\(e)\""))
            }
        }
        var interval = 10.0
        if let t = text("interval") {
            if let v = Double(t.trimmingWhitespace), v > 0, v <= 86_400 { interval = v } else {
                issues.append(.init(.invalidValue, path: "\(path).interval", "expected seconds greater than 0, at most 86400, found \"\(t)\""))
            }
        }
        var rulesJSON: String?
        if let rules = fields["rules"] {
            rulesJSON = jsonText(rules)
        }
        let agent = AgentSettings(
            id: id, type: type, description: text("description"), enabled: enabled,
            source: readSource(fields["source"], path: "\(path).source", issues: &issues), model: model,
            version: text("version") ?? "production", shadowVersion: text("shadow_version"),
            windowSeconds: integer("window_seconds", 1...86_400, 300), graceSeconds: integer("grace_seconds", 0...86_400, 60),
            minEvents: integer("min_events", 1...1_000_000, 5), interval: interval,
            pageSize: integer("page_size", 1...1_000_000, 10_000), rulesJSON: rulesJSON)
        return issues.count == before ? agent : nil
    }

    private static func readSource(_ node: Node?, path: String, issues: inout [ConfigurationError.Issue])
        -> LogSourceSettings
    {
        guard let node else { return LogSourceSettings() }
        if case .scalar(let s) = node {
            // `source: embedded` as a shorthand.
            if sourceTypes.contains(s.string) { return LogSourceSettings(type: s.string) }
            issues.append(.init(.invalidValue, path: path, "expected one of \(sourceTypes.joined(separator: ", ")) or a mapping with type:"))
            return LogSourceSettings()
        }
        guard case .mapping(let mapping) = node else {
            issues.append(.init(.invalidValue, path: path, "expected a mapping with type: embedded|postgres|file"))
            return LogSourceSettings()
        }
        var settings = LogSourceSettings()
        for (k, v) in mapping {
            guard case .scalar(let key) = k else { continue }
            guard sourceKeys.contains(key.string) else {
                issues.append(.init(.unknownKey, path: "\(path).\(key.string)", KeySuggestion.unknownKeyMessage(key.string, candidates: sourceKeys.sorted())))
                continue
            }
            if key.string == "columns" {
                guard case .mapping(let columns) = v else {
                    issues.append(.init(.invalidValue, path: "\(path).columns", "expected a mapping of contract field to column name"))
                    continue
                }
                for (ck, cv) in columns {
                    // A null column means the table has no such (optional) field: kept as "".
                    if case .scalar(let f) = ck, case .scalar(let c) = cv {
                        settings.columns[f.string] = ["~", "null"].contains(c.string) ? "" : c.string
                    }
                }
                continue
            }
            guard case .scalar(let value) = v else {
                issues.append(.init(.invalidValue, path: "\(path).\(key.string)", "expected text"))
                continue
            }
            switch key.string {
            case "type": settings.type = value.string
            case "url": settings.url = value.string
            case "url_env": settings.urlEnv = value.string
            case "table": settings.table = value.string
            default: settings.path = value.string
            }
        }
        if !sourceTypes.contains(settings.type) {
            issues.append(.init(.invalidValue, path: "\(path).type", "unknown source type '\(settings.type)'; use \(sourceTypes.joined(separator: ", "))"))
        }
        if settings.type == "file", settings.path == nil {
            issues.append(.init(.invalidValue, path: "\(path).path", "a file source needs path: (a JSON-lines or CSV file)"))
        }
        if let url = settings.url, let at = url.firstIndex(of: "@"),
            url[url.startIndex..<at].dropFirst("postgres://".count).contains(":")
        {
            issues.append(
                .init(.invalidValue, path: "\(path).url",
                      "the URL carries a password; put the URL in an environment variable and name it with url_env "
                        + "(default WARDEN_DATABASE_URL)"))
        }
        return settings
    }

    /// A YAML node as JSON text (for the classifier rules, which the Agents module decodes).
    static func jsonText(_ node: Node) -> String { JSONWriter.text(json(node)) }

    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let s):
            let t = s.string
            if t == "true" { return .bool(true) }
            if t == "false" { return .bool(false) }
            if ["", "~", "null"].contains(t) { return .null }
            if s.style == .plain, let i = Int(t) { return .int(i) }
            if s.style == .plain, let d = Double(t), d.isFinite { return .double(d) }
            return .string(t)
        case .sequence(let list): return .array(list.map(json))
        case .mapping(let m):
            var o: [String: JSONValue] = [:]
            for (k, v) in m { o[k.string ?? ""] = json(v) }
            return .object(o)
        case .alias: return .null
        }
    }
}
