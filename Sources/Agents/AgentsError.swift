/// The one error type of the Agents module: a stable ``Code``, a message that names what failed, the offending
/// value and the remedy, and the underlying cause when there is one.
///
/// The server maps ``code`` to an HTTP status in one place and the CLI to an exit status in one place; a malformed
/// log record also carries its ``malformedRecord`` so a reader can count and report it without parsing the message.
///
/// ```swift
/// do { event = try parser.parse(fields: record, arrivalID: line) } catch {
///     if error.code == .malformedRecord { malformed += 1 } else { throw error }
/// }
/// ```
public struct AgentsError: Error, CustomStringConvertible {
    /// Stable, machine-readable categories of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case malformedRecord = "malformed_record"
            case invalidConfiguration = "invalid_configuration"
            case invalidPattern = "invalid_pattern"
            case unknownFeatures = "unknown_features"
            case invalidFeatures = "invalid_features"
            case emptyWindow = "empty_window"
            case checkpointMismatch = "checkpoint_mismatch"
            case invalidTransition = "invalid_transition"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// A log record cannot become an event; ``AgentsError/malformedRecord`` says which field and why.
        public static let malformedRecord = Code(.malformedRecord)
        /// A configuration value (window, grace, minimum events, a rule, evidence settings) is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A message pattern does not compile or names no field a message may set.
        public static let invalidPattern = Code(.invalidPattern)
        /// Feature names (of a model or a rule) that the WiFi feature table does not define.
        public static let unknownFeatures = Code(.unknownFeatures)
        /// A feature vector does not hold exactly the 17 WiFi features as finite numbers.
        public static let invalidFeatures = Code(.invalidFeatures)
        /// Features were asked of a window without events.
        public static let emptyWindow = Code(.emptyWindow)
        /// A checkpoint was written with another window configuration than the extractor resuming from it.
        public static let checkpointMismatch = Code(.checkpointMismatch)
        /// An anomaly's status cannot move as asked (a final status, or a transition the workflow does not allow).
        public static let invalidTransition = Code(.invalidTransition)

        /// The code's snake_case name, as written in logs and API errors (`malformed_record`, ...).
        public var description: String { base.rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// The malformed record's field and reason, for ``Code/malformedRecord``.
    public var malformedRecord: MalformedRecord?
    /// The underlying error, when another layer failed (a regex that does not compile, ...).
    public var cause: (any Error)?
    private var explicitMessage: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the category.
    ///   - message: what failed, the offending value and the remedy, as one sentence.
    ///   - cause: the underlying error, if any.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.explicitMessage = message
        self.cause = cause
    }

    /// Creates the error of a malformed record; its message is built only when read.
    public init(malformed record: MalformedRecord) {
        self.code = .malformedRecord
        self.malformedRecord = record
    }

    /// What failed, the offending value and the remedy.
    public var message: String {
        if let explicitMessage { return explicitMessage }
        if let malformedRecord { return "\(malformedRecord); \(malformedRecord.reason.remedy)" }
        return code.description
    }

    /// `code: message`, followed by the cause when there is one.
    public var description: String {
        if let cause { return "\(code): \(message) (\(cause))" }
        return "\(code): \(message)"
    }
}
