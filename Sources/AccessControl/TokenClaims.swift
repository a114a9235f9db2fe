public import Foundation
public import JWTKit

/// The payload of a Warden bearer token: who (the API key), with what role and scope, and until when.
///
/// Dates are encoded as whole seconds since 1970 (RFC 7519 NumericDate) under the registered claim names
/// `sub`, `iat`, `exp`, `iss` and `jti`.
public struct TokenClaims: Sendable, Codable, Equatable, JWTPayload {
    /// The issuer every Warden token names (`iss`).
    public static let wardenIssuer = "warden"

    /// The API key id the token was exchanged for (`sub`).
    public var subject: String
    /// The key's name.
    public var name: String
    /// The key's role.
    public var role: Role
    /// The models the key is limited to; `nil` means every model.
    public var models: [String]?
    /// When the token was issued (`iat`).
    public var issuedAt: Date
    /// When the token stops being accepted (`exp`).
    public var expiresAt: Date
    /// The issuer (`iss`), ``wardenIssuer`` for tokens Warden issues.
    public var issuer: String
    /// A unique token id (`jti`).
    public var tokenID: String

    /// Creates claims.
    /// - Parameters:
    ///   - subject: The API key id.
    ///   - name: The key's name.
    ///   - role: The key's role.
    ///   - models: The per-model scope, or `nil` for all models.
    ///   - issuedAt: The issue time.
    ///   - expiresAt: The expiry time.
    ///   - issuer: The issuer, by default ``wardenIssuer``.
    ///   - tokenID: A unique id.
    public init(
        subject: String, name: String, role: Role, models: [String]?, issuedAt: Date, expiresAt: Date,
        issuer: String = TokenClaims.wardenIssuer, tokenID: String
    ) {
        self.subject = subject
        self.name = name
        self.role = role
        self.models = models
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.issuer = issuer
        self.tokenID = tokenID
    }

    /// Whether the scope admits a model: always when ``models`` is `nil`.
    /// - Parameter model: A model name.
    public func allowsModel(_ model: String) -> Bool {
        models?.contains(model) ?? true
    }

    /// Called by jwt-kit after the signature checks; checks nothing more.
    ///
    /// Expiry and issuer are checked by ``TokenIssuer/verify(_:now:)`` against an injected clock, which jwt-kit's
    /// hook cannot receive. Verify tokens through ``TokenIssuer``, not a bare `JWTKeyCollection`.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    private enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case name
        case role
        case models
        case issuedAt = "iat"
        case expiresAt = "exp"
        case issuer = "iss"
        case tokenID = "jti"
    }

    /// Decodes claims; dates are NumericDate seconds whatever the decoder's date strategy.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(String.self, forKey: .subject)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decode(Role.self, forKey: .role)
        models = try container.decodeIfPresent([String].self, forKey: .models)
        issuedAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .issuedAt))
        expiresAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .expiresAt))
        issuer = try container.decode(String.self, forKey: .issuer)
        tokenID = try container.decode(String.self, forKey: .tokenID)
    }

    /// Encodes claims; dates as whole seconds since 1970, rounded down.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject, forKey: .subject)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(models, forKey: .models)
        try container.encode(Self.seconds(issuedAt), forKey: .issuedAt)
        try container.encode(Self.seconds(expiresAt), forKey: .expiresAt)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(tokenID, forKey: .tokenID)
    }

    private static func seconds(_ date: Date) throws -> Int64 {
        guard let value = Int64(exactly: date.timeIntervalSince1970.rounded(.down)) else {
            throw EncodingError.invalidValue(
                date, .init(codingPath: [], debugDescription: "date is not representable as whole seconds"))
        }
        return value
    }
}
