import AccessControl
import Testing

@Suite("API key material")
struct APIKeyMaterialTests {
    static let validID = "0123456789ab"
    static let validSecret = String(repeating: "A", count: 42) + "E"
    static let valid = "wdn_\(validID)_\(validSecret)"

    @Test("a generated key has the documented shape and parses back to itself")
    func generateRoundTrip() throws {
        let key = APIKeyMaterial.generate()
        #expect(key.id.count == 12)
        #expect(key.id.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(key.secret.count == 43)
        #expect(key.token == "wdn_\(key.id)_\(key.secret)")
        let parsed = try #require(APIKeyMaterial.parse(key.token))
        #expect(parsed == key)
    }

    @Test("generated keys differ")
    func generatedKeysDiffer() {
        let keys = (0..<50).map { _ in APIKeyMaterial.generate() }
        #expect(Set(keys.map(\.id)).count == 50)
        #expect(Set(keys.map(\.secret)).count == 50)
    }

    @Test("a well-formed key parses into its parts, including a secret containing underscores")
    func parsesValid() throws {
        let parsed = try #require(APIKeyMaterial.parse(Self.valid))
        #expect(parsed.id == Self.validID)
        #expect(parsed.secret == Self.validSecret)
        let underscored = "wdn_\(Self.validID)_" + String(repeating: "_", count: 10) + String(repeating: "-", count: 32) + "A"
        #expect(APIKeyMaterial.parse(underscored)?.secret.hasPrefix("__________") == true)
    }

    static let rejected: [(String, String)] = [
        ("empty", ""),
        ("wrong prefix", "wdx_\(validID)_\(validSecret)"),
        ("upper-case prefix", "WDN_\(validID)_\(validSecret)"),
        ("no prefix", "\(validID)_\(validSecret)"),
        ("short id", "wdn_0123456789a_\(validSecret)"),
        ("long id", "wdn_0123456789abc_\(validSecret)"),
        ("upper-case hex id", "wdn_0123456789AB_\(validSecret)"),
        ("non-hex id", "wdn_0123456789xy_\(validSecret)"),
        ("short secret", "wdn_\(validID)_" + String(validSecret.dropLast())),
        ("long secret", "wdn_\(validID)_\(validSecret)A"),
        ("plus in secret", "wdn_\(validID)_+" + String(validSecret.dropFirst())),
        ("slash in secret", "wdn_\(validID)_/" + String(validSecret.dropFirst())),
        ("padding in secret", "wdn_\(validID)_" + String(validSecret.dropLast()) + "="),
        ("space in secret", "wdn_\(validID)_ " + String(validSecret.dropFirst())),
        ("non-canonical last character", "wdn_\(validID)_" + String(validSecret.dropLast()) + "B"),
        ("extra underscore after prefix", "wdn__\(validID)_" + String(validSecret.dropFirst())),
        ("double separator", "wdn_\(validID)__\(validSecret)"),
        ("missing separator", "wdn_\(validID)\(validSecret)A"),
        ("leading whitespace", " wdn_\(validID)_" + String(validSecret.dropFirst())),
        ("trailing newline", "wdn_\(validID)_" + String(validSecret.dropLast()) + "\n"),
        ("non-ASCII", "wdn_\(validID)_é" + String(validSecret.dropFirst(2))),
    ]

    @Test("text that is not exactly a key is rejected", arguments: rejected)
    func rejects(label: String, presented: String) {
        #expect(APIKeyMaterial.parse(presented) == nil, "\(label)")
    }

    @Test("huge input is rejected, also when it starts like a key")
    func rejectsHugeInput() {
        #expect(APIKeyMaterial.parse("wdn_\(Self.validID)_" + String(repeating: "A", count: 1_000_000)) == nil)
        #expect(APIKeyMaterial.parse(Self.valid + String(repeating: " ", count: 200)) == nil)
        #expect(APIKeyMaterial.parse(String(repeating: "\u{1F600}", count: 50_000)) == nil)
    }

    @Test("printing key material never shows the secret")
    func redacted() {
        let key = APIKeyMaterial.generate()
        var dumped = ""
        dump(key, to: &dumped)
        for text in ["\(key)", String(reflecting: key), dumped] {
            #expect(!text.contains(key.secret))
            #expect(text.contains(key.id))
        }
    }
}
