import AccessControl
import Testing

@Suite("Security errors")
struct SecurityErrorTests {
    @Test("codes have stable snake_case raw values")
    func codes() {
        #expect(SecurityError.Code.allCases.map(\.rawValue) == [
            "invalid_key", "invalid_token", "expired_token", "weak_secret", "missing_secret", "invalid_configuration",
            "invalid_request",
        ])
    }

    @Test("the description is the message followed by the remedy")
    func description() {
        #expect(SecurityError(.invalidKey, "Unknown key.").description == "Unknown key.")
        #expect(SecurityError(.invalidKey, "Unknown key.", remedy: "Create one.").description == "Unknown key. Create one.")
    }
}
