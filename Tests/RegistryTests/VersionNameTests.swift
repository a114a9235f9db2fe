import Registry
import Testing

@Suite("VersionName accepts the seed's version forms and refuses unsafe text")
struct VersionNameTests {
    @Test("accepts timestamps and semantic versions", arguments: [
        "20241201_143022", "20241221-143022", "train-20241221-143022", "manual-20241221-143022", "1.0.0",
        "2.1.3-beta", "1.0.0-rc.1+build.5",
    ])
    func accepts(_ text: String) throws {
        #expect(try VersionName(text).text == text)
    }

    @Test("refuses other forms and unsafe text with invalid_version", arguments: [
        "", "latest", "1.0", "01.0.0", "20241301_143022", "20241201_250000", "20241201_143022-x", "train_20241221-143022",
        "../20241201_143022", "a..1.0.0", "1.0.0/x", "1.0.0 beta", "v1.0.0%2F", String(repeating: "1", count: 129),
    ])
    func refuses(_ text: String) {
        let error = #expect(throws: RegistryError.self) { _ = try VersionName(text) }
        #expect(error?.code == .invalidVersion)
        #expect(error?.message.contains("'\(text)'") == true)
    }

    @Test("orders semantic versions by SemVer precedence")
    func semver() throws {
        let order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "10.0.0"]
        let names = try order.map { try VersionName($0) }
        for (a, b) in zip(names, names.dropFirst()) {
            #expect(a.precedes(b) == true, "\(a) < \(b)")
            #expect(b.precedes(a) == false)
        }
    }

    @Test("orders timestamps by time across the three forms")
    func timestamps() throws {
        let a = try VersionName("train-20241221-143022")
        let b = try VersionName("20241221_150000")
        #expect(a.precedes(b) == true)
        #expect(try VersionName("1.0.0").precedes(b) == nil)
    }
}
