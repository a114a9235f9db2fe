/// The one error type of the WardenConfig module: every problem found in a configuration, each with its path.
///
/// Loading does not stop at the first problem: one error lists all of them, so a file is fixed in one pass. `code`
/// is the first issue's code; the CLI maps it to an exit status in one place.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of problem.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible, Codable {
        private enum Base: String, CaseIterable {
            case unknownKey = "unknown_key"
            case reservedKey = "reserved_key"
            case invalidValue = "invalid_value"
            case unreadableFile = "unreadable_file"
            case invalidYAML = "invalid_yaml"
            case limitExceeded = "limit_exceeded"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// A YAML key or `WARDEN_*` variable that Warden does not know (often a typo; a suggestion is given).
        public static let unknownKey = Code(.unknownKey)
        /// A key reserved for a later release (seed 004's `security.*`, `rate_limit.*`): refused rather than
        /// silently not enforced.
        public static let reservedKey = Code(.reservedKey)
        /// A value of the wrong type or out of range.
        public static let invalidValue = Code(.invalidValue)
        /// The configuration file cannot be read (missing, a directory, permissions, not UTF-8).
        public static let unreadableFile = Code(.unreadableFile)
        /// The file is not valid YAML, has duplicate keys, or is not a mapping of sections.
        public static let invalidYAML = Code(.invalidYAML)
        /// The file is larger than 1 MiB, nests too deeply, or expands (through aliases) past the node limit.
        public static let limitExceeded = Code(.limitExceeded)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `unknown_key`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
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
