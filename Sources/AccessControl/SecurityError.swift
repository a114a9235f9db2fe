/// The one error type of the Security module: what failed, the offending value (never a secret) and the remedy.
///
/// The server maps ``Code`` to an HTTP status in one place and the CLI maps it to an exit code in one place.
public struct SecurityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure; the raw values are the `error` field of API responses.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case invalidKey = "invalid_key"
            case invalidToken = "invalid_token"
            case expiredToken = "expired_token"
            case weakSecret = "weak_secret"
            case missingSecret = "missing_secret"
            case invalidConfiguration = "invalid_configuration"
            case invalidRequest = "invalid_request"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// A presented API key is malformed, unknown or revoked.
        public static let invalidKey = Code(.invalidKey)
        /// A bearer token is malformed, signed with another secret or algorithm, or names another issuer.
        public static let invalidToken = Code(.invalidToken)
        /// A bearer token was valid but its expiry has passed.
        public static let expiredToken = Code(.expiredToken)
        /// A signing secret is too short to be safe.
        public static let weakSecret = Code(.weakSecret)
        /// A required secret is not set in the environment.
        public static let missingSecret = Code(.missingSecret)
        /// A security setting (rate limit, lifetime bound, ...) is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A request to a security primitive is out of range (for example a token lifetime).
        public static let invalidRequest = Code(.invalidRequest)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `invalid_key`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The category.
    public var code: Code
    /// A sentence naming what failed and the offending value; never contains key material or secrets.
    public var message: String
    /// What the operator or client can do about it, when there is something to do.
    public var remedy: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The category.
    ///   - message: What failed, with the offending value (never a secret).
    ///   - remedy: What to do about it.
    public init(_ code: Code, _ message: String, remedy: String? = nil) {
        self.code = code
        self.message = message
        self.remedy = remedy
    }

    /// The message followed by the remedy.
    public var description: String {
        guard let remedy else { return message }
        return "\(message) \(remedy)"
    }
}
