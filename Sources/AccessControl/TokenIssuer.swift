public import Foundation
import JWTKit

/// Issues and verifies Warden's bearer tokens: HS256 JWTs signed with `WARDEN_SECRET_KEY`.
///
/// ```swift
/// let issuer = try await TokenIssuer(secret: secretKey)
/// let (token, claims) = try await issuer.issue(keyID: key.id, name: "ci", role: .operator, models: nil,
///                                              lifetime: 3600)
/// let verified = try await issuer.verify(token)   // Authorization: Bearer <token>
/// ```
public struct TokenIssuer: Sendable {
    /// The shortest accepted secret, in UTF-8 bytes: HS256 wants a key at least as long as its 32-byte output.
    public static let minimumSecretBytes = 32
    /// The shortest token lifetime, in seconds.
    public static let minimumLifetime: TimeInterval = 1
    /// The longest token lifetime: seven days.
    public static let maximumLifetime: TimeInterval = 7 * 24 * 3600
    /// Longer presented tokens are refused before parsing.
    public static let maximumTokenBytes = 8 * 1024
    /// The only algorithm accepted in a token header.
    static let algorithm = "HS256"

    private let keys: JWTKeyCollection

    /// Creates an issuer from the signing secret.
    /// - Parameter secret: The secret (from `WARDEN_SECRET_KEY`); its UTF-8 bytes are the HMAC key.
    /// - Throws: ``SecurityError`` `.weakSecret` when the secret is shorter than ``minimumSecretBytes``.
    public init(secret: String) async throws {
        guard secret.utf8.count >= Self.minimumSecretBytes else {
            throw SecurityError(
                .weakSecret,
                "The token signing secret is \(secret.utf8.count) bytes; at least \(Self.minimumSecretBytes) are required.",
                remedy: "Generate one with `openssl rand -base64 48` and set it as \(SecretsManager.secretKeyVariable).")
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Array(secret.utf8)), digestAlgorithm: .sha256)
        self.keys = keys
    }

    /// Issues a signed token for an API key.
    ///
    /// Times are whole seconds: `issuedAt` is `now` rounded down and `expiresAt` is `issuedAt + lifetime` rounded
    /// down, so the returned claims equal what ``verify(_:now:)`` decodes.
    /// - Parameters:
    ///   - keyID: The API key id (becomes `sub`).
    ///   - name: The key's name.
    ///   - role: The key's role.
    ///   - models: The key's per-model scope, or `nil` for all models.
    ///   - lifetime: Seconds until expiry, from ``minimumLifetime`` to ``maximumLifetime``.
    ///   - now: The issue time.
    /// - Returns: The compact JWT and its claims.
    /// - Throws: ``SecurityError`` `.invalidRequest` for a lifetime out of range.
    public func issue(
        keyID: String, name: String, role: Role, models: [String]?, lifetime: TimeInterval, now: Date = Date()
    ) async throws -> (token: String, claims: TokenClaims) {
        guard lifetime >= Self.minimumLifetime, lifetime <= Self.maximumLifetime else {
            throw SecurityError(
                .invalidRequest,
                "Token lifetime \(lifetime) s is out of range \(Int(Self.minimumLifetime))...\(Int(Self.maximumLifetime)) s.",
                remedy: "Ask for a lifetime between 1 second and 7 days.")
        }
        let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let expiresAt = Date(timeIntervalSince1970: (issuedAt.timeIntervalSince1970 + lifetime).rounded(.down))
        let claims = TokenClaims(
            subject: keyID, name: name, role: role, models: models, issuedAt: issuedAt, expiresAt: expiresAt,
            tokenID: ByteEncoding.hex(ByteEncoding.randomBytes(16)))
        do {
            let token = try await keys.sign(claims)  // jwt-kit fills alg HS256 and typ JWT
            return (token, claims)
        } catch {
            throw SecurityError(.invalidRequest, "The token could not be signed: \(error).")
        }
    }

    /// Verifies a presented token and returns its claims.
    ///
    /// Checks, in order: length, shape and header algorithm (only `HS256`; `none` and every other algorithm are
    /// refused), signature, issuer, expiry. A forged token is therefore `.invalidToken` even when also expired.
    /// - Parameters:
    ///   - token: The untrusted compact JWT (from `Authorization: Bearer`).
    ///   - now: The current time.
    /// - Returns: The verified claims.
    /// - Throws: ``SecurityError`` `.invalidToken` for anything malformed, forged or foreign; `.expiredToken` when
    ///   `now` is at or past `exp`.
    public func verify(_ token: String, now: Date = Date()) async throws -> TokenClaims {
        guard token.utf8.count <= Self.maximumTokenBytes else {
            throw Self.invalid("The token is longer than \(Self.maximumTokenBytes) bytes.")
        }
        guard Self.headerAlgorithm(of: token) == Self.algorithm else {
            throw Self.invalid("The token is malformed or not signed with \(Self.algorithm).")
        }
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch {
            throw Self.invalid("The token's signature or payload is invalid.")
        }
        guard claims.issuer == TokenClaims.wardenIssuer else {
            throw Self.invalid("The token was issued by \"\(claims.issuer)\", not \(TokenClaims.wardenIssuer).")
        }
        guard now < claims.expiresAt else {
            throw SecurityError(
                .expiredToken, "The token expired at \(claims.expiresAt.formatted(.iso8601)).",
                remedy: "Exchange the API key for a new token at POST /api/auth/token.")
        }
        return claims
    }

    private static func invalid(_ message: String) -> SecurityError {
        SecurityError(.invalidToken, message, remedy: "Exchange an API key for a token at POST /api/auth/token.")
    }

    /// The `alg` of a compact JWT's header, or `nil` when the token is not three parts with a JSON object header.
    private static func headerAlgorithm(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = ByteEncoding.bytes(fromBase64URL: String(parts[0])),
            let object = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }
}

extension TokenIssuer: CustomStringConvertible, CustomReflectable {
    /// Names the algorithm; never the secret.
    public var description: String { "TokenIssuer(\(Self.algorithm), secret: <redacted>)" }
    /// A mirror without the key collection, so `dump` never reaches the secret.
    public var customMirror: Mirror { Mirror(self, children: ["secret": "<redacted>"], displayStyle: .struct) }
}
