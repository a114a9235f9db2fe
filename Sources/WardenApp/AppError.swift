public import DataFormats

/// The one error type of the application layer: a rule of an operation refused the request.
///
/// Errors of the modules below (registry, serving, import, drift, security) pass through the application layer
/// unchanged, so their stable codes reach the client as before; `AppError` carries only the rules that live here
/// (which model a request means, who may do what, whether a feature is configured). The JSON API maps codes to
/// HTTP statuses in one place and the CLI maps them to exit statuses in one place.
public struct AppError: Error, Sendable, CustomStringConvertible {
    /// Stable categories of failure; new codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case modelRequired = "model_required"
            case invalidRequest = "invalid_request"
            case unauthenticated
            case forbidden
            case modelOutOfScope = "model_out_of_scope"
            case modeForbids = "mode_forbids"
            case authDisabled = "auth_disabled"
            case apiKeyRequired = "api_key_required"
            case keyNotFound = "key_not_found"
            case keyRevoked = "key_revoked"
            case invalidMode = "invalid_mode"
            case invalidLimit = "invalid_limit"
            case invalidDays = "invalid_days"
            case monitoringDisabled = "monitoring_disabled"
            case trainingServiceNotConfigured = "training_service_not_configured"
            case noValidationReport = "no_validation_report"
            case emptyFile = "empty_file"
            case notFound = "not_found"
            case conflict
            case unavailable
            case validationRequired = "validation_required"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Several models exist and the request names none.
        public static let modelRequired = Code(.modelRequired)
        /// The request's parameters are malformed.
        public static let invalidRequest = Code(.invalidRequest)
        /// No credential was presented where one is needed.
        public static let unauthenticated = Code(.unauthenticated)
        /// The caller's role lacks the operation's permission.
        public static let forbidden = Code(.forbidden)
        /// The caller's key is scoped to other models.
        public static let modelOutOfScope = Code(.modelOutOfScope)
        /// The serving mode does not allow the operation.
        public static let modeForbids = Code(.modeForbids)
        /// Authentication is off, so keys and tokens do not exist.
        public static let authDisabled = Code(.authDisabled)
        /// A token is issued for an API key only.
        public static let apiKeyRequired = Code(.apiKeyRequired)
        /// No API key has the id.
        public static let keyNotFound = Code(.keyNotFound)
        /// The API key is revoked.
        public static let keyRevoked = Code(.keyRevoked)
        /// Not a serving mode.
        public static let invalidMode = Code(.invalidMode)
        /// A page size or limit is out of range.
        public static let invalidLimit = Code(.invalidLimit)
        /// A number of days is out of range.
        public static let invalidDays = Code(.invalidDays)
        /// Performance monitoring is off.
        public static let monitoringDisabled = Code(.monitoringDisabled)
        /// No training-service folder is configured.
        public static let trainingServiceNotConfigured = Code(.trainingServiceNotConfigured)
        /// The version has no stored validation report.
        public static let noValidationReport = Code(.noValidationReport)
        /// An uploaded file is empty.
        public static let emptyFile = Code(.emptyFile)
        /// Something the request names does not exist (agents, anomalies).
        public static let notFound = Code(.notFound)
        /// The request conflicts with the current state.
        public static let conflict = Code(.conflict)
        /// A dependency is unavailable right now.
        public static let unavailable = Code(.unavailable)
        /// Promotion to production needs a passing validation report (or a forced promotion with a reason).
        public static let validationRequired = Code(.validationRequired)

        /// The code as it appears in JSON errors, e.g. `model_required`.
        public var rawValue: String { base.rawValue }
        /// The code as it appears in JSON errors.
        public var description: String { base.rawValue }
        /// The code with this raw value, if any.
        public init?(rawValue: String) {
            guard let b = Base(rawValue: rawValue) else { return nil }
            base = b
        }
        /// Every code.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }
    }

    /// The category.
    public var code: Code
    /// What failed, naming the offending value, and the remedy.
    public var message: String
    /// Structured facts a client can act on.
    public var details: [String: JSONValue]
    /// The error that caused this one, when another layer failed.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, details: [String: JSONValue] = [:], cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.cause = cause
    }

    /// The message, with the cause when there is one.
    public var description: String {
        guard let cause else { return message }
        return "\(message) (cause: \(cause))"
    }
}
