import Foundation
import HTTPTypes
import Hummingbird

/// The UI's responses: HTML with its security headers, redirects, assets.
enum UIResponse {
    /// The cookie carrying a one-time message to the next page.
    static let flashCookie = "warden_flash"

    /// The Content-Security-Policy of every page: nothing from elsewhere, no inline script, no framing.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func securityHeaders(_ fields: inout HTTPFields) {
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xFrameOptions] = "DENY"
        fields[.xContentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "same-origin"
        fields[.cacheControl] = "no-store"
    }

    /// An HTML page: never cached (pages show what only a signed-in role may see, and sometimes a secret).
    static func html(_ html: String, status: HTTPResponse.Status, cookies: [String] = []) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        securityHeaders(&fields)
        for c in cookies { fields.append(HTTPField(name: .setCookie, value: c)) }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 See Other to a path of the UI, with an optional one-time message.
    static func redirect(_ location: String, flash: Flash? = nil, secure: Bool = false, cookies: [String] = [])
        -> Response
    {
        var fields = HTTPFields()
        fields[.location] = location
        securityHeaders(&fields)
        if let flash {
            fields.append(
                HTTPField(
                    name: .setCookie,
                    value: UISession.setCookie(flashCookie, value: flash.cookieValue, maxAge: 60, secure: secure)))
        }
        for c in cookies { fields.append(HTTPField(name: .setCookie, value: c)) }
        return Response(status: .seeOther, headers: fields)
    }

    /// A plain-text refusal (no session to render a page for).
    static func problem(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; charset=utf-8"
        securityHeaders(&fields)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A compiled-in asset (the stylesheet, the script): public, cached for an hour.
    static func asset(_ bytes: [UInt8], type: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = type
        fields[.xContentTypeOptions] = "nosniff"
        fields[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The status a page shows for an application error code.
    static func status(of code: String) -> HTTPResponse.Status {
        switch code {
        case "forbidden", "model_out_of_scope", "mode_forbids": .forbidden
        case "unauthenticated", "invalid_key", "invalid_token", "expired_token": .unauthorized
        case let c where c.hasSuffix("not_found"): .notFound
        case "invalid_request", "invalid_version", "invalid_model_name", "invalid_days": .badRequest
        case "internal_error": .internalServerError
        default: .conflict
        }
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
