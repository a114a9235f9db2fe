public import Foundation

/// Seed 004's secrets manager: reads `WARDEN_*` secrets from the environment and generates, hashes and verifies
/// API keys. Never prints a value: its description, debug description and mirror are redacted.
///
/// ```swift
/// let secrets = SecretsManager()
/// guard let signingKey = secrets.secret("secret_key") else { ... }   // WARDEN_SECRET_KEY
/// ```
public struct SecretsManager: Sendable {
    /// The variable holding the token signing secret.
    public static let secretKeyVariable = "WARDEN_SECRET_KEY"
    /// The prefix of every variable the manager reads.
    public static let variablePrefix = "WARDEN_"

    private let environment: [String: String]

    /// Creates a manager over an environment.
    /// - Parameter environment: The variables to read, by default the process environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment.filter { $0.key.hasPrefix(Self.variablePrefix) }
    }

    /// The environment variable a secret name reads: `WARDEN_` and the name upper-cased.
    ///
    /// A name already starting with `WARDEN_` (any case) is not prefixed twice.
    /// - Parameter name: For example `"secret_key"`.
    /// - Returns: For example `"WARDEN_SECRET_KEY"`.
    public static func variableName(for name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix(variablePrefix) ? upper : variablePrefix + upper
    }

    /// Reads a secret, e.g. `secret("secret_key")` reads `WARDEN_SECRET_KEY`.
    ///
    /// An empty value counts as unset.
    /// - Parameters:
    ///   - name: The secret's name.
    ///   - default: What to return when the variable is unset or empty.
    /// - Returns: The value, the default, or `nil`.
    public func secret(_ name: String, default: String? = nil) -> String? {
        guard let value = environment[Self.variableName(for: name)], !value.isEmpty else { return `default` }
        return value
    }

    /// Reads a secret that must be set, for refusing to start without one.
    /// - Parameter name: The secret's name.
    /// - Returns: The value.
    /// - Throws: ``SecurityError`` `.missingSecret`, naming the variable (never a value) and the remedy.
    public func requiredSecret(_ name: String) throws -> String {
        guard let value = secret(name) else {
            let variable = Self.variableName(for: name)
            throw SecurityError(
                .missingSecret, "\(variable) is not set and authentication is enabled.",
                remedy: "Set \(variable) (generate one with `openssl rand -base64 48`) or disable authentication.")
        }
        return value
    }

    /// A new random API key.
    public func generateAPIKey() -> APIKeyMaterial {
        APIKeyMaterial.generate()
    }

    /// A fresh salt and the salted hash of a key's secret, the only things to store (with the key's id).
    /// - Parameter key: The key to store.
    public func hashAPIKey(_ key: APIKeyMaterial) -> (salt: String, hash: String) {
        KeyHasher.salted(key.secret)
    }

    /// Whether a presented key matches a stored salt and hash; `false` for text that is not a key at all.
    ///
    /// The caller finds the record by the presented key's id (``APIKeyMaterial/parse(_:)``) first.
    /// - Parameters:
    ///   - presented: The untrusted key text.
    ///   - salt: The stored salt.
    ///   - hash: The stored hash.
    public func verifyAPIKey(_ presented: String, salt: String, hash: String) -> Bool {
        guard let key = APIKeyMaterial.parse(presented) else { return false }
        return KeyHasher.verify(secret: key.secret, salt: salt, hash: hash)
    }
}

extension SecretsManager: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Counts the variables; never shows names' values.
    public var description: String { "SecretsManager(\(environment.count) WARDEN_* variables, values redacted)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror with the variable names only, so `dump` never prints a value.
    public var customMirror: Mirror {
        Mirror(self, children: ["variables": environment.keys.sorted(), "values": "<redacted>"], displayStyle: .struct)
    }
}
