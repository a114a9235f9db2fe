import Crypto
import Foundation

/// The web UI's session, held by the browser in one cookie: after sign-in a short-lived token issued for the API key
/// (never the key), else — before sign-in, or on a server without authentication — a random nonce. The CSRF token of
/// every form is derived from that value (HMAC-SHA256 keyed by it), so it needs no server state, differs per session,
/// and cannot be computed by a page that cannot read the HttpOnly cookie.
///
/// ```swift
/// let session = UISession(credential: issued.token)
/// let field = session.csrfToken                 // put in every form as `csrf`
/// session.accepts(csrf: form["csrf"])           // checked on every POST
/// ```
public struct UISession: Sendable, Equatable {
    /// The cookie holding the session credential.
    public static let cookieName = "warden_session"
    /// The cookie holding the nonce of the sign-in form (login CSRF).
    public static let signInCookieName = "warden_signin"
    /// The form field carrying the CSRF token.
    public static let csrfField = "csrf"
    /// How long a UI sign-in lasts (capped by `security.token_expiry_hours`).
    public static let lifetime: Double = 3600

    /// The cookie's value: a token, or a nonce.
    public var credential: String

    /// Creates the session of a cookie value.
    public init(credential: String) {
        self.credential = credential
    }

    /// A new session holding a random nonce (32 random bytes, base64url).
    public static func anonymous() -> UISession { UISession(credential: randomToken()) }

    /// The CSRF token of this session: base64url(HMAC-SHA256(key: credential, "warden-ui-csrf")).
    public var csrfToken: String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("warden-ui-csrf".utf8), using: SymmetricKey(data: Array(credential.utf8)))
        return Self.base64URL(Data(mac))
    }

    /// Whether `submitted` is this session's CSRF token (compared in constant time).
    public func accepts(csrf submitted: String?) -> Bool {
        guard let submitted, !credential.isEmpty else { return false }
        let expected = Array(csrfToken.utf8)
        let given = Array(submitted.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for i in expected.indices { difference |= expected[i] ^ given[i] }
        return difference == 0
    }

    // MARK: Cookies

    /// A `Set-Cookie` value for `name`: HttpOnly, SameSite=Strict, Path=/ui, Secure under TLS.
    ///
    /// - Parameters:
    ///   - maxAge: seconds the browser keeps it; 0 deletes it.
    public static func setCookie(_ name: String, value: String, maxAge: Int, secure: Bool) -> String {
        var cookie = "\(name)=\(value); Path=/ui; Max-Age=\(max(0, maxAge)); HttpOnly; SameSite=Strict"
        if secure { cookie += "; Secure" }
        return cookie
    }

    /// The value of cookie `name` in a `Cookie` request header, if present and made only of cookie-safe characters.
    public static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == name else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, value.utf8.count <= 4096, value.utf8.allSatisfy(isCookieSafe) else { return nil }
            return value
        }
        return nil
    }

    static func isCookieSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default: return "-._~+/=".utf8.contains(byte)
        }
    }

    /// 32 random bytes, base64url.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL(Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
