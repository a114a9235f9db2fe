public import Foundation

/// One API key as the store keeps it: who it is, what it may do, and the salted hash of its secret (never the secret).
///
/// The key's token is `wdn_<id>_<secret>`; the server finds the record by `id` and compares the hash of the presented
/// secret with ``hash``. Rotating a key gives it a new secret (new ``salt`` and ``hash``) under the same id, name and
/// role; revoking sets ``revokedAt``, after which the record is kept for the audit trail but never changes again.
public struct APIKeyRecord: Sendable, Equatable, Codable {
    /// The roles a key may have, weakest first. The Security module's `Role` has the same raw values; the registry
    /// does not import it.
    public static let roles = ["viewer", "operator", "admin"]

    /// The public key id: 12 lowercase hex digits, unique in the store.
    public var id: String
    /// A label for people: 1 to 128 bytes without control characters; unique among active keys.
    public var name: String
    /// `viewer`, `operator` or `admin` (see ``roles``).
    public var role: String
    /// The models the key may act on; nil means every model.
    public var models: [String]?
    /// The salt of ``hash``: lowercase hex.
    public var salt: String
    /// The SHA-256 of the salted secret: 64 lowercase hex digits.
    public var hash: String
    /// When the key was created.
    public var createdAt: Date
    /// Who created it, e.g. `cli:alice` or `key:0123456789ab (ci)`.
    public var createdBy: String
    /// When the secret was last replaced; nil when never.
    public var rotatedAt: Date?
    /// When the key was revoked; nil while it is active.
    public var revokedAt: Date?

    /// Whether the key may still be used: it has not been revoked.
    public var isActive: Bool { revokedAt == nil }

    /// Creates a key record.
    public init(
        id: String, name: String, role: String, models: [String]? = nil, salt: String, hash: String, createdAt: Date,
        createdBy: String, rotatedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.models = models
        self.salt = salt
        self.hash = hash
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.rotatedAt = rotatedAt
        self.revokedAt = revokedAt
    }

    /// Checks the record before it is stored: an id of 12 lowercase hex digits, a printable name of 1 to 128 bytes,
    /// one of the ``roles``, a non-empty list of valid model names when scoped, a salt of 16 to 128 lowercase hex
    /// digits, a hash of 64, a creator of 1 to 256 bytes and finite dates.
    ///
    /// - Throws: `invalid_record` naming the field and the value; `invalid_model_name` for a bad model in the scope.
    public func validate() throws(RegistryError) {
        guard id.utf8.count == 12, SecurityChecks.isLowercaseHex(id) else {
            throw SecurityChecks.invalid(
                "the API key id '\(id.prefix(64))' is not 12 lowercase hex digits; generate the key with "
                    + "`warden keys create`")
        }
        let what = "the API key '\(id)'"
        guard !name.isEmpty, name.utf8.count <= 128, SecurityChecks.isPrintable(name) else {
            throw SecurityChecks.invalid(
                "\(what) has name '\(name.prefix(64))', which is empty, longer than 128 bytes or holds control "
                    + "characters; give a printable name of 1 to 128 bytes")
        }
        guard Self.roles.contains(role) else {
            throw SecurityChecks.invalid(
                "\(what) has role '\(role.prefix(64))'; use one of \(Self.roles.joined(separator: ", "))")
        }
        if let models {
            guard !models.isEmpty else {
                throw SecurityChecks.invalid(
                    "\(what) is scoped to an empty list of models; name at least one model, or none for every model")
            }
            for model in models { try VersionName.checkModelName(model) }
        }
        guard (16...128).contains(salt.utf8.count), SecurityChecks.isLowercaseHex(salt) else {
            throw SecurityChecks.invalid(
                "\(what) has a salt of \(salt.utf8.count) characters that is not 16 to 128 lowercase hex digits; "
                    + "hash the secret with a new salt")
        }
        guard hash.utf8.count == 64, SecurityChecks.isLowercaseHex(hash) else {
            throw SecurityChecks.invalid(
                "\(what) has a hash of \(hash.utf8.count) characters that is not 64 lowercase hex digits (SHA-256); "
                    + "store the hex digest of the salted secret")
        }
        try SecurityChecks.label(createdBy, "createdBy", of: what)
        for (field, date) in [("createdAt", createdAt), ("rotatedAt", rotatedAt), ("revokedAt", revokedAt)] {
            if let date { try SecurityChecks.date(date, field, of: what) }
        }
    }
}

/// The checks shared by ``APIKeyRecord`` and ``AuditRecord``.
enum SecurityChecks {
    static func invalid(_ message: String) -> RegistryError {
        RegistryError(.invalidRecord, message)
    }

    static func isLowercaseHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// No C0 or C1 control character and no DEL: the text prints on one line as it is.
    static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
    }

    static func label(_ text: String, _ field: String, of what: String, limit: Int = 256) throws(RegistryError) {
        guard !text.isEmpty, text.utf8.count <= limit else {
            throw invalid(
                "\(what) has \(field) '\(text.prefix(64))', which is empty or longer than \(limit) bytes; give 1 to "
                    + "\(limit) bytes")
        }
    }

    static func date(_ date: Date, _ field: String, of what: String) throws(RegistryError) {
        guard date.timeIntervalSinceReferenceDate.isFinite else {
            throw invalid("\(what) has a non-finite \(field)")
        }
    }
}
