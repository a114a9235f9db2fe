import Foundation
import ModelRuntime
import Testing
import TestSupport

@Suite("warden serve refuses unsafe security settings")
struct ServeSecurityCLITests {
    @Test("authentication on without WARDEN_SECRET_KEY: exit 96, naming the variable and the remedy")
    func missingSecret() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["serve", "--port", "1"])
        #expect(r.status == 96, "\(r.stderr)")
        #expect(r.stderr.contains("missing_secret"))
        #expect(r.stderr.contains("WARDEN_SECRET_KEY"))
    }

    @Test("a signing secret under 32 bytes: exit 97")
    func weakSecret() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try WardenBinary.run(
            ["serve", "--port", "1", "--data-dir", data.path], environment: ["WARDEN_SECRET_KEY": "short"])
        #expect(r.status == 97, "\(r.stderr)")
        #expect(!r.stderr.contains("short\""), "the secret must not be printed")
    }

    @Test("--no-auth off loopback: exit 98")
    func noAuthOffLoopback() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["serve", "--no-auth", "--host", "0.0.0.0", "--port", "1"])
        #expect(r.status == 98, "\(r.stderr)")
        #expect(r.stderr.contains("loopback") || r.stderr.contains("127.0.0.1"))
    }

    @Test("a TLS certificate that cannot be read: exit 98")
    func badCertificate() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["serve", "--no-auth", "--port", "1", "--tls-cert", "/nonexistent.pem", "--tls-key", "/x"])
        #expect(r.status == 98, "\(r.stderr)")
    }
}
