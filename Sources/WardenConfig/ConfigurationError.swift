/// The one error type of the WardenConfig module: every problem found in a configuration, each with its path.
///
/// Loading does not stop at the first problem: one error lists all of them, so a file is fixed in one pass. `code`
/// is the first issue's code; the CLI maps it to an exit status in one place.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of problem.
    public enum Code: String, Sendable, Equatable, CaseIterable, Codable {
        /// A YAML key or `WARDEN_*` variable that Warden does not know (often a typo; a suggestion is given).
        case unknownKey = "unknown_key"
        /// A key reserved for a later release (seed 004's `security.*`, `rate_limit.*`): refused rather than
        /// silently not enforced.
        case reservedKey = "reserved_key"
        /// A value of the wrong type or out of range.
        case invalidValue = "invalid_value"
        /// The configuration file cannot be read (missing, a directory, permissions, not UTF-8).
        case unreadableFile = "unreadable_file"
        /// The file is not valid YAML, has duplicate keys, or is not a mapping of sections.
        case invalidYAML = "invalid_yaml"
        /// The file is larger than 1 MiB, nests too deeply, or expands (through aliases) past the node limit.
        case limitExceeded = "limit_exceeded"
    }

    /// One problem: where, what, and what to do.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        /// The category.
        public var code: Code
        /// Where: a YAML path (`storage.keep_last_n_versions`), an environment variable (`WARDEN_LOGGING_LEVEL`),
        /// a flag (`--data-dir`) or the file's path.
        public var path: String
        /// What is wrong, naming the offending value, and the remedy.
        public var message: String

        /// Creates an issue.
        public init(_ code: Code, path: String, _ message: String) {
            self.code = code
            self.path = path
            self.message = message
        }

        /// `path: message`.
        public var description: String { "\(path): \(message)" }
    }

    /// Every problem found, in file order, then environment variables by name, then flags.
    public var issues: [Issue]
    /// The configuration file read, if any.
    public var file: String?

    /// Creates an error; `issues` must not be empty.
    public init(_ issues: [Issue], file: String? = nil) {
        precondition(!issues.isEmpty, "a ConfigurationError needs at least one issue")
        self.issues = issues
        self.file = file
    }

    /// The first issue's code.
    public var code: Code { issues[0].code }

    /// One line per issue, after a header naming the file when there is one.
    public var description: String {
        let count = issues.count == 1 ? "1 problem" : "\(issues.count) problems"
        let header = file.map { "invalid configuration (\(count), file \($0)):" } ?? "invalid configuration (\(count)):"
        return ([header] + issues.map { "  " + $0.description }).joined(separator: "\n")
    }
}
