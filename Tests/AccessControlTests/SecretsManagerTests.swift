import AccessControl
import Testing

@Suite("Secrets manager")
struct SecretsManagerTests {
    static let signingSecret = "s3cr3t-value-that-must-never-be-printed-0123456789"
    static let environment = [
        "WARDEN_SECRET_KEY": signingSecret,
        "WARDEN_DATABASE_PASSWORD": "hunter2-very-secret",
        "WARDEN_EMPTY": "",
        "SECRET_KEY": "not-ours",
        "HOME": "/root",
    ]

    @Test("secrets are read from WARDEN_<NAME>", arguments: [
        ("secret_key", signingSecret), ("SECRET_KEY", signingSecret), ("Secret_Key", signingSecret),
        ("warden_secret_key", signingSecret), ("database_password", "hunter2-very-secret"),
    ])
    func reads(name: String, expected: String) {
        let manager = SecretsManager(environment: Self.environment)
        #expect(manager.secret(name) == expected)
    }

    @Test("unset, empty and unprefixed variables give the default")
    func defaults() {
        let manager = SecretsManager(environment: Self.environment)
        #expect(manager.secret("missing") == nil)
        #expect(manager.secret("missing", default: "fallback") == "fallback")
        #expect(manager.secret("empty", default: "fallback") == "fallback")
        #expect(manager.secret("home") == nil)
        #expect(SecretsManager.secretKeyVariable == "WARDEN_SECRET_KEY")
    }

    @Test("a required secret that is missing names the variable and the remedy")
    func required() throws {
        let manager = SecretsManager(environment: Self.environment)
        #expect(try manager.requiredSecret("secret_key") == Self.signingSecret)
        do {
            _ = try SecretsManager(environment: [:]).requiredSecret("secret_key")
            Issue.record("a missing secret was accepted")
        } catch let error as SecurityError {
            #expect(error.code == .missingSecret)
            #expect(error.description.contains("WARDEN_SECRET_KEY"))
            #expect(error.remedy != nil)
        }
    }

    @Test("the manager never prints a secret")
    func neverPrints() {
        let manager = SecretsManager(environment: Self.environment)
        var dumped = ""
        dump(manager, to: &dumped)
        let texts = ["\(manager)", String(reflecting: manager), String(describing: manager), dumped]
        for text in texts {
            #expect(!text.contains(Self.signingSecret))
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("not-ours"))
        }
    }

    @Test("generated keys hash and verify; other keys, salts and garbage do not")
    func keys() {
        let manager = SecretsManager(environment: [:])
        let key = manager.generateAPIKey()
        let stored = manager.hashAPIKey(key)
        #expect(stored.salt.count == 32)
        #expect(stored.hash.count == 64)
        #expect(!stored.hash.contains(key.secret))
        #expect(manager.verifyAPIKey(key.token, salt: stored.salt, hash: stored.hash))
        #expect(!manager.verifyAPIKey(manager.generateAPIKey().token, salt: stored.salt, hash: stored.hash))
        #expect(!manager.verifyAPIKey(key.token, salt: manager.hashAPIKey(key).salt, hash: stored.hash))
        #expect(!manager.verifyAPIKey(key.secret, salt: stored.salt, hash: stored.hash))
        #expect(!manager.verifyAPIKey("", salt: stored.salt, hash: stored.hash))
        #expect(manager.hashAPIKey(key) != stored)
    }
}
