/// The plaintext of an API key, shown to its owner once and then kept only as a salted hash.
///
/// A key reads `wdn_<id>_<secret>`: `id` is 12 lowercase hex characters (6 random bytes), stored in clear to find
/// the key's record; `secret` is 43 unpadded base64url characters (32 random bytes), stored only as
/// ``KeyHasher/hash(secret:salt:)``. Printing a value shows the id and never the secret.
///
/// ```swift
/// let key = APIKeyMaterial.generate()
/// print(key.token)                          // wdn_3f9c0a51be27_q0x...; show once
/// APIKeyMaterial.parse(key.token) == key    // true
/// ```
public struct APIKeyMaterial: Sendable, Equatable {
    /// The prefix every token starts with; lets secret scanners recognise leaked keys.
    public static let prefix = "wdn_"
    /// The number of characters of ``id``.
    public static let idLength = 12
    /// The number of characters of ``secret``.
    public static let secretLength = 43
    /// The number of characters of ``token``.
    public static let tokenLength = prefix.utf8.count + idLength + 1 + secretLength
    /// Presented values longer than this are refused before any other inspection.
    public static let maximumPresentedLength = 200

    /// The public identifier: 12 lowercase hex characters.
    public let id: String
    /// The secret part: 43 base64url characters without padding.
    public let secret: String

    /// The whole key as the client presents it in `X-API-Key`: `wdn_<id>_<secret>`.
    public var token: String { "\(Self.prefix)\(id)_\(secret)" }

    /// Creates key material from its parts, as they are; use ``parse(_:)`` for untrusted text.
    /// - Parameters:
    ///   - id: The public identifier.
    ///   - secret: The secret part.
    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// A new random key: 6 bytes of id and 32 bytes of secret from the system's secure generator.
    public static func generate() -> APIKeyMaterial {
        newSecret(for: ByteEncoding.hex(ByteEncoding.randomBytes(6)))
    }

    /// A new random secret for the existing key `id` (rotation: the old secret, and its tokens, stop working).
    public static func newSecret(for id: String) -> APIKeyMaterial {
        APIKeyMaterial(id: id, secret: ByteEncoding.base64URL(ByteEncoding.randomBytes(32)))
    }

    /// Parses a presented key, or returns `nil` when the text is not exactly a key.
    ///
    /// Accepts only `wdn_`, 12 lowercase hex characters, `_`, and 43 base64url characters that encode exactly
    /// 32 bytes (the canonical form ``generate()`` produces). The length is checked before anything else.
    /// The secret may itself contain `_`, so the parts are found by position, not by splitting.
    /// - Parameter presented: Untrusted text, for example the `X-API-Key` header.
    /// - Returns: The key material, or `nil`.
    public static func parse(_ presented: String) -> APIKeyMaterial? {
        let utf8 = presented.utf8
        guard utf8.count <= maximumPresentedLength, utf8.count == tokenLength else { return nil }
        let bytes = Array(utf8)
        let prefixLength = prefix.utf8.count
        guard bytes[0..<prefixLength].elementsEqual(prefix.utf8) else { return nil }
        let idRange = prefixLength..<(prefixLength + idLength)
        guard bytes[idRange].allSatisfy(ByteEncoding.isLowercaseHex) else { return nil }
        guard bytes[idRange.upperBound] == UInt8(ascii: "_") else { return nil }
        let secretBytes = bytes[(idRange.upperBound + 1)...]
        guard secretBytes.allSatisfy(ByteEncoding.isBase64URL) else { return nil }
        let secret = String(decoding: secretBytes, as: UTF8.self)
        // Canonical only: 43 characters carry 258 bits, so the last two must be zero for exactly 32 bytes.
        guard let decoded = ByteEncoding.bytes(fromBase64URL: secret), decoded.count == 32,
            ByteEncoding.base64URL(decoded) == secret
        else { return nil }
        return APIKeyMaterial(id: String(decoding: bytes[idRange], as: UTF8.self), secret: secret)
    }
}

extension APIKeyMaterial: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The id only; the secret is never printed.
    public var description: String { "APIKeyMaterial(id: \(id), secret: <redacted>)" }
    /// The id only; the secret is never printed.
    public var debugDescription: String { description }
    /// A mirror showing the id only, so `dump` and reflection never print the secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["id": id, "secret": "<redacted>"], displayStyle: .struct)
    }
}
