import Foundation
import Yams

/// Reads a configuration file into a YAML node tree, with limits: the file is untrusted input.
enum ConfigurationFile {
    /// Larger files are refused before parsing.
    static let maxBytes = 1 << 20
    /// At most this many alias uses (`*name`) in the text. Counted before composing, because Yams hashes mapping
    /// keys to find duplicates and an aliased key would be hashed in its full expansion.
    static let maxAliases = 64
    /// At most this many nodes, counting every expansion of an alias.
    static let maxNodes = 10_000
    /// At most this nesting depth; Warden's own keys are two levels deep.
    static let maxDepth = 32

    /// The file's root node, or nil for an empty document.
    static func read(_ path: String) throws(ConfigurationError) -> Node? {
        let text = try readText(path)
        let aliases = aliasCount(text)
        if aliases > maxAliases {
            throw issue(
                .limitExceeded, path,
                "the file uses \(aliases) YAML aliases (*name), more than the limit of \(maxAliases); "
                    + "write the values out instead of aliasing them")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let detail = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw issue(.invalidYAML, path, "not valid YAML: \(detail); fix the syntax at the position shown")
        }
        if let root {
            var budget = maxNodes
            if !measure(root, depth: 0, budget: &budget) {
                throw issue(
                    .limitExceeded, path,
                    "the document nests deeper than \(maxDepth) levels or expands (through anchors and aliases) to "
                        + "more than \(maxNodes) nodes; a Warden configuration is two levels of plain keys")
            }
        }
        return root
    }

    private static func readText(_ path: String) throws(ConfigurationError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw issue(.unreadableFile, path, "no such file; check the --config path or WARDEN_CONFIG")
        }
        if isDirectory.boolValue {
            throw issue(.unreadableFile, path, "is a directory; pass the YAML file itself")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw issue(.unreadableFile, path, "cannot be opened for reading; check its permissions")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte past the limit is enough to know the file is too large, whatever it claims to be.
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw issue(.unreadableFile, path, "cannot be read (\(error)); check the file and its permissions")
        }
        if data.count > maxBytes {
            throw issue(
                .limitExceeded, path,
                "the file is larger than \(maxBytes) bytes (1 MiB); a Warden configuration is a few hundred bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw issue(.unreadableFile, path, "is not UTF-8 text; save it as UTF-8")
        }
        return text
    }

    /// Alias tokens: `*` where a node can start (line start, after whitespace, `[`, `{`, `,` or `:`). Counts a few
    /// non-aliases too (`a *b` inside text), never misses an alias.
    static func aliasCount(_ text: String) -> Int {
        var count = 0
        var previous: UInt8 = UInt8(ascii: "\n")
        for byte in text.utf8 {
            if byte == UInt8(ascii: "*") {
                switch previous {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                    UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"):
                    count += 1
                default: break
                }
            }
            previous = byte
        }
        return count
    }

    /// False once the tree is deeper than `maxDepth` or has used up `budget` nodes.
    private static func measure(_ node: Node, depth: Int, budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 || depth > maxDepth { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .sequence(let items):
            for item in items where !measure(item, depth: depth + 1, budget: &budget) { return false }
            return true
        case .mapping(let pairs):
            for (k, v) in pairs {
                if !measure(k, depth: depth + 1, budget: &budget) || !measure(v, depth: depth + 1, budget: &budget) {
                    return false
                }
            }
            return true
        }
    }

    private static func issue(_ code: ConfigurationError.Code, _ path: String, _ message: String) -> ConfigurationError {
        ConfigurationError([ConfigurationError.Issue(code, path: path, message)], file: path)
    }
}
