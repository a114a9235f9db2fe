/// The one error type of the Security module: what failed, the offending value (never a secret) and the remedy.
///
/// The server maps ``Code`` to an HTTP status in one place and the CLI maps it to an exit code in one place.
public struct SecurityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure; the raw values are the `error` field of API responses.
    public enum Code: String, Sendable, CaseIterable {
        /// A presented API key is malformed, unknown or revoked.
        case invalidKey = "invalid_key"
        /// A bearer token is malformed, signed with another secret or algorithm, or names another issuer.
        case invalidToken = "invalid_token"
        /// A bearer token was valid but its expiry has passed.
        case expiredToken = "expired_token"
        /// A signing secret is too short to be safe.
        case weakSecret = "weak_secret"
        /// A required secret is not set in the environment.
        case missingSecret = "missing_secret"
        /// A security setting (rate limit, lifetime bound, ...) is out of range.
        case invalidConfiguration = "invalid_configuration"
        /// A request to a security primitive is out of range (for example a token lifetime).
        case invalidRequest = "invalid_request"
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
