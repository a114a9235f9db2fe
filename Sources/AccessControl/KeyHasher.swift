import Crypto

/// Salted hashes of API key secrets, so the store never holds a usable key.
///
/// A fast hash is the right tool here, unlike for passwords: a key secret is 32 bytes from a secure random
/// generator (256 bits of entropy), so there is no dictionary to try and brute force is 2^256 work whatever the
/// hash speed. Slow password hashes (bcrypt, scrypt, Argon2) exist to stretch low-entropy human choices; on every
/// request they would only cost latency. The salt makes equal secrets hash differently across records.
public enum KeyHasher {
    /// A new salt: 16 random bytes as 32 lowercase hex characters.
    public static func newSalt() -> String {
        ByteEncoding.hex(ByteEncoding.randomBytes(16))
    }

    /// The salted hash of a secret: lowercase hex SHA-256 over the salt bytes followed by the secret's UTF-8.
    ///
    /// The salt bytes are the salt decoded from hex (as ``newSalt()`` makes it); a salt that is not hex is hashed
    /// as its UTF-8 text.
    /// - Parameters:
    ///   - secret: The secret part of the key (``APIKeyMaterial/secret``).
    ///   - salt: The record's salt.
    /// - Returns: 64 lowercase hex characters.
    public static func hash(secret: String, salt: String) -> String {
        var hasher = SHA256()
        hasher.update(data: ByteEncoding.bytes(fromHex: salt) ?? Array(salt.utf8))
        hasher.update(data: Array(secret.utf8))
        return ByteEncoding.hex(hasher.finalize())
    }

    /// What to store for a new or rotated secret: a fresh salt (``newSalt()``) and the salted hash.
    public static func salted(_ secret: String) -> (salt: String, hash: String) {
        let salt = newSalt()
        return (salt, hash(secret: secret, salt: salt))
    }

    /// Whether `secret` with `salt` hashes to `hash`, compared in constant time.
    /// - Parameters:
    ///   - secret: The presented secret.
    ///   - salt: The stored salt.
    ///   - hash: The stored hash.
    /// - Returns: `true` on a match.
    public static func verify(secret: String, salt: String, hash: String) -> Bool {
        constantTimeEquals(Array(Self.hash(secret: secret, salt: salt).utf8), Array(hash.utf8))
    }

    /// Compares every byte whatever the first difference, so timing reveals at most the (public) length.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
