/// The one error type of the ModelPackage module: what failed, which entry, the offending value and the remedy.
///
/// `code` is stable and machine-readable; callers (the registry, the CLI, the server) map it to their own error
/// codes, HTTP statuses and exit statuses in one place each. When the central directory of an archive has several
/// problems, all of them are listed in `issues` and `code` is the most serious one's (see `Code.severity`).
public struct ModelPackageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case unsafeZipEntry = "unsafe_zip_entry"
            case zipBomb = "zip_bomb"
            case tooLarge = "too_large"
            case unsupportedZip = "unsupported_zip"
            case corruptZip = "corrupt_zip"
            case notAZip = "not_a_zip"
            case emptyFile = "empty_file"
            case io = "io_error"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// An entry could write outside the destination or masquerade as another file: an absolute path, a `..`
        /// component, a backslash, a control character, a symbolic link, encryption, or a name that collides with
        /// another entry's.
        public static let unsafeZipEntry = Code(.unsafeZipEntry)
        /// The archive would inflate far beyond its size: a compression ratio or total size above the limits, or an
        /// entry that inflates past the size its header declares.
        public static let zipBomb = Code(.zipBomb)
        /// The archive, one entry or the number of entries exceeds a configured limit.
        public static let tooLarge = Code(.tooLarge)
        /// A legal ZIP feature this reader does not support: compression other than stored/deflate, split archives.
        public static let unsupportedZip = Code(.unsupportedZip)
        /// The archive is damaged: a CRC-32 mismatch, truncated data, overlapping entries, offsets outside the file,
        /// local headers that disagree with the central directory.
        public static let corruptZip = Code(.corruptZip)
        /// The bytes are not a ZIP archive at all.
        public static let notAZip = Code(.notAZip)
        /// The file is empty.
        public static let emptyFile = Code(.emptyFile)
        /// The file could not be read, or an extracted file could not be written.
        public static let io = Code(.io)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `unsafe_zip_entry`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }

/// Lower is more serious; the error's `code` is the most serious code among its issues.
        var severity: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }
    }

    /// One problem found in one entry (or in the archive as a whole when `entry` is nil).
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        /// The category of the problem.
        public var code: Code
        /// The entry's name as stored in the archive (control characters escaped), if the problem is an entry's.
        public var entry: String?
        /// A sentence saying what is wrong with the entry and the remedy.
        public var message: String

        /// Creates an issue.
        public init(_ code: Code, entry: String? = nil, _ message: String) {
            self.code = code
            self.entry = entry
            self.message = message
        }

        /// The message (which already names the entry).
        public var description: String { message }
    }

    /// The category of the failure: the most serious among `issues`.
    public var code: Code
    /// A sentence saying what failed and the remedy; with several issues, a summary followed by each one.
    public var message: String
    /// The entry concerned when there is exactly one, else nil.
    public var entry: String?
    /// Every problem found; a single-problem error has one issue equal to itself.
    public var issues: [Issue]
    /// The underlying error, e.g. a ``SystemCallError`` (`open(2) failed: No such file or directory (errno 2)`), if
    /// any.
    public var cause: (any Error)?

    /// Creates an error with one issue.
    ///
    /// - Parameters:
    ///   - code: The category.
    ///   - entry: The entry concerned, if any.
    ///   - message: What failed and the remedy.
    ///   - cause: The underlying error, if any.
    public init(_ code: Code, entry: String? = nil, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.entry = entry
        self.message = message
        self.issues = [Issue(code, entry: entry, message)]
        self.cause = cause
    }

    /// Creates an error listing several issues; `code` is the most serious issue's.
    ///
    /// - Precondition: `issues` is not empty.
    public init(issues: [Issue]) {
        precondition(!issues.isEmpty, "ModelPackageError(issues:) needs at least one issue")
        let sorted = issues.enumerated().sorted {
            ($0.element.code.severity, $0.offset) < ($1.element.code.severity, $1.offset)
        }.map(\.element)
        // Invariant: `issues` is non-empty (precondition above), so `sorted` has a first element.
        let first = sorted.first!
        self.code = first.code
        self.issues = sorted
        self.cause = nil
        if sorted.count == 1 {
            self.entry = first.entry
            self.message = first.message
        } else {
            self.entry = nil
            let shown = sorted.prefix(20).map { "- " + $0.message }.joined(separator: "\n")
            let more = sorted.count > 20 ? "\n- ... and \(sorted.count - 20) more" : ""
            self.message = "the archive has \(sorted.count) problems; fix them all and rebuild it:\n\(shown)\(more)"
        }
    }

    /// The message, with the cause appended when known.
    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }

    /// Equal when everything but the cause is equal and the causes describe themselves alike.
    public static func == (a: ModelPackageError, b: ModelPackageError) -> Bool {
        a.code == b.code && a.message == b.message && a.entry == b.entry && a.issues == b.issues
            && a.cause.map { "\($0)" } == b.cause.map { "\($0)" }
    }
}
