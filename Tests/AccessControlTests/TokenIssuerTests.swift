import Foundation
import JWTKit
import AccessControl
import Testing

@Suite("Bearer tokens")
struct TokenIssuerTests {
    static let secret = "0123456789abcdef0123456789abcdef-test-secret"
    static let now = Date(timeIntervalSince1970: 1_800_000_000.75)

    @Test("an issued token verifies back to its claims")
    func roundTrip() async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        let (token, claims) = try await issuer.issue(
            keyID: "0123456789ab", name: "ci", role: .operator, models: ["fraud", "logs"], lifetime: 3600, now: Self.now)
        #expect(claims.subject == "0123456789ab")
        #expect(claims.name == "ci")
        #expect(claims.role == .operator)
        #expect(claims.models == ["fraud", "logs"])
        #expect(claims.issuer == "warden")
        #expect(claims.issuedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_800_003_600))
        #expect(claims.tokenID.count == 32)
        #expect(token.split(separator: ".").count == 3)

        let verified = try await issuer.verify(token, now: Self.now.addingTimeInterval(60))
        #expect(verified == claims)
        #expect(verified.allowsModel("fraud"))
        #expect(!verified.allowsModel("other"))
    }

    @Test("a token without a model scope allows every model, and token ids are unique")
    func unscoped() async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        let first = try await issuer.issue(keyID: "a", name: "n", role: .admin, models: nil, lifetime: 60, now: Self.now)
        let second = try await issuer.issue(keyID: "a", name: "n", role: .admin, models: nil, lifetime: 60, now: Self.now)
        let verified = try await issuer.verify(first.token, now: Self.now)
        #expect(verified.models == nil)
        #expect(verified.allowsModel("anything"))
        #expect(first.claims.tokenID != second.claims.tokenID)
    }

    @Test("a token is expired at and after its expiry")
    func expired() async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        let (token, claims) = try await issuer.issue(
            keyID: "k", name: "n", role: .viewer, models: nil, lifetime: 10, now: Self.now)
        _ = try await issuer.verify(token, now: claims.expiresAt.addingTimeInterval(-0.5))
        for late in [claims.expiresAt, claims.expiresAt.addingTimeInterval(3600)] {
            await #expect(throws: SecurityError.self) {
                try await issuer.verify(token, now: late)
            }
            #expect(await code(issuer, token, late) == .expiredToken)
        }
    }

    @Test("a token signed with another secret is invalid")
    func otherSecret() async throws {
        let other = try await TokenIssuer(secret: String(Self.secret.reversed()))
        let issuer = try await TokenIssuer(secret: Self.secret)
        let (token, _) = try await other.issue(keyID: "k", name: "n", role: .admin, models: nil, lifetime: 60, now: Self.now)
        #expect(await code(issuer, token, Self.now) == .invalidToken)
    }

    @Test("a forged token is invalid even when it is also expired")
    func forgedAndExpired() async throws {
        let other = try await TokenIssuer(secret: String(Self.secret.reversed()))
        let issuer = try await TokenIssuer(secret: Self.secret)
        let (token, _) = try await other.issue(keyID: "k", name: "n", role: .admin, models: nil, lifetime: 60, now: Self.now)
        #expect(await code(issuer, token, Self.now.addingTimeInterval(86_400)) == .invalidToken)
    }

    @Test("a tampered payload or signature is invalid")
    func tampered() async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        let (token, _) = try await issuer.issue(
            keyID: "k", name: "n", role: .viewer, models: nil, lifetime: 60, now: Self.now)
        let parts = token.split(separator: ".").map(String.init)

        // Escalate the role in the payload and keep the signature.
        let payload = try #require(base64URLDecode(parts[1]))
        let json = try #require(String(data: payload, encoding: .utf8))
        #expect(json.contains("\"viewer\""))
        let escalated = base64URLEncode(Data(json.replacingOccurrences(of: "\"viewer\"", with: "\"admin\"").utf8))
        #expect(await code(issuer, [parts[0], escalated, parts[2]].joined(separator: "."), Self.now) == .invalidToken)

        // Flip a character of the signature.
        var signature = Array(parts[2])
        signature[0] = signature[0] == "A" ? "B" : "A"
        #expect(await code(issuer, [parts[0], parts[1], String(signature)].joined(separator: "."), Self.now) == .invalidToken)

        // Drop the signature.
        #expect(await code(issuer, [parts[0], parts[1], ""].joined(separator: "."), Self.now) == .invalidToken)
    }

    @Test("a token with alg none is invalid")
    func algNone() async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        let (token, _) = try await issuer.issue(keyID: "k", name: "n", role: .admin, models: nil, lifetime: 60, now: Self.now)
        let payload = String(token.split(separator: ".")[1])
        for alg in ["none", "None", "HS512"] {
            let header = base64URLEncode(Data("{\"alg\":\"\(alg)\",\"typ\":\"JWT\"}".utf8))
            #expect(await code(issuer, "\(header).\(payload).", Self.now) == .invalidToken, "\(alg)")
            let signature = String(token.split(separator: ".")[2])
            #expect(await code(issuer, "\(header).\(payload).\(signature)", Self.now) == .invalidToken, "\(alg) signed")
        }
    }

    @Test("a correctly signed token naming another issuer is invalid")
    func otherIssuer() async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Self.secret), digestAlgorithm: .sha256)
        var claims = TokenClaims(
            subject: "k", name: "n", role: .admin, models: nil, issuedAt: Self.now,
            expiresAt: Self.now.addingTimeInterval(60), tokenID: "t")
        let genuine = try await keys.sign(claims)
        #expect(await code(issuer, genuine, Self.now) == nil, "same secret and issuer must verify")
        claims.issuer = "mallory"
        let foreign = try await keys.sign(claims)
        #expect(await code(issuer, foreign, Self.now) == .invalidToken)
    }

    @Test(
        "malformed and oversized tokens are invalid",
        arguments: ["", "abc", "a.b", "a.b.c", "a.b.c.d", "...", String(repeating: "A", count: 9000) + ".e30.sig"])
    func malformed(token: String) async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        #expect(await code(issuer, token, Self.now) == .invalidToken)
    }

    @Test("a secret shorter than 32 bytes is refused with the remedy")
    func weakSecret() async throws {
        for secret in ["", "short", String(repeating: "x", count: 31)] {
            do {
                _ = try await TokenIssuer(secret: secret)
                Issue.record("accepted a \(secret.utf8.count)-byte secret")
            } catch let error as SecurityError {
                #expect(error.code == .weakSecret)
                #expect(error.description.contains("openssl rand -base64 48"))
                #expect(secret.isEmpty || !error.description.contains(secret))
            }
        }
        _ = try await TokenIssuer(secret: String(repeating: "x", count: TokenIssuer.minimumSecretBytes))
    }

    @Test("lifetimes outside 1 second to 7 days are refused", arguments: [0, 0.5, -60, 7 * 86_400 + 1, .infinity, .nan])
    func lifetimeBounds(lifetime: Double) async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        await #expect {
            _ = try await issuer.issue(keyID: "k", name: "n", role: .viewer, models: nil, lifetime: lifetime, now: Self.now)
        } throws: { error in
            (error as? SecurityError)?.code == .invalidRequest
        }
    }

    @Test("lifetimes of exactly 1 second and 7 days are accepted", arguments: [1.0, 7 * 86_400.0])
    func lifetimeLimits(lifetime: Double) async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        let (token, claims) = try await issuer.issue(
            keyID: "k", name: "n", role: .viewer, models: nil, lifetime: lifetime, now: Self.now)
        #expect(claims.expiresAt.timeIntervalSince(claims.issuedAt) == lifetime)
        _ = try await issuer.verify(token, now: claims.issuedAt)
    }

    @Test("describing an issuer never shows the secret")
    func redacted() async throws {
        let issuer = try await TokenIssuer(secret: Self.secret)
        var dumped = ""
        dump(issuer, to: &dumped)
        for text in ["\(issuer)", String(reflecting: issuer), dumped] {
            #expect(!text.contains(Self.secret))
        }
    }

    private func code(_ issuer: TokenIssuer, _ token: String, _ now: Date) async -> SecurityError.Code? {
        do {
            _ = try await issuer.verify(token, now: now)
            return nil
        } catch let error as SecurityError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    private func base64URLEncode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private func base64URLDecode(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }
}
