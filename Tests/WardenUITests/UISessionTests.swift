import Testing
import WardenUI

@Suite("UISession: the session cookie and its CSRF token")
struct UISessionTests {
    @Test("a session's CSRF token is stable, and differs from another session's")
    func tokenPerSession() {
        let a = UISession(credential: "token-a")
        let b = UISession(credential: "token-b")
        #expect(a.csrfToken == UISession(credential: "token-a").csrfToken)
        #expect(a.csrfToken != b.csrfToken)
        #expect(a.csrfToken.count == 43)
        #expect(!a.csrfToken.contains("token-a"))
    }

    @Test("accepts its own token only; a missing, empty, other or truncated token is refused")
    func accepts() {
        let s = UISession(credential: "eyJhbGciOi.x.y")
        #expect(s.accepts(csrf: s.csrfToken))
        #expect(!s.accepts(csrf: nil))
        #expect(!s.accepts(csrf: ""))
        #expect(!s.accepts(csrf: UISession(credential: "other").csrfToken))
        #expect(!s.accepts(csrf: String(s.csrfToken.dropLast())))
        #expect(!UISession(credential: "").accepts(csrf: UISession(credential: "").csrfToken))
    }

    @Test("anonymous sessions are random")
    func anonymous() {
        let a = UISession.anonymous()
        let b = UISession.anonymous()
        #expect(a != b)
        #expect(a.credential.count >= 43)
    }

    @Test("cookies are HttpOnly, SameSite=Strict, scoped to /ui, and Secure only under TLS")
    func cookieAttributes() {
        let plain = UISession.setCookie("warden_session", value: "abc", maxAge: 3600, secure: false)
        #expect(plain == "warden_session=abc; Path=/ui; Max-Age=3600; HttpOnly; SameSite=Strict")
        let tls = UISession.setCookie("warden_session", value: "abc", maxAge: 3600, secure: true)
        #expect(tls.hasSuffix("; Secure"))
        #expect(UISession.setCookie("x", value: "-", maxAge: -5, secure: false).contains("Max-Age=0"))
    }

    @Test(
        "reads a cookie by name from a Cookie header, refusing unsafe values",
        arguments: [
            ("a=1; warden_session=tok.en-_~+/=; b=2", "tok.en-_~+/="),
            ("warden_session=abc", "abc"),
            ("warden_sessionx=abc", nil),
            ("warden_session=a b", nil),
            ("warden_session=<script>", nil),
            ("warden_session=", nil),
            ("", nil),
        ] as [(String, String?)])
    func parsesCookies(header: String, expected: String?) {
        #expect(UISession.cookie("warden_session", in: header) == expected)
    }
}
