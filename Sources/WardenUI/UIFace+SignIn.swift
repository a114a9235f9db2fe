import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import WardenApp

extension UIFace {
    /// Sign-in with an API key (exchanged for a short-lived token through the `issue_token` operation, as
    /// `POST /api/auth/token` does; the key itself is never stored in the browser) and sign-out.
    func addSignInRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("ui/sign-in") { request, _ in
            if await visitor(request) != nil || !app.authenticates {
                return UIResponse.redirect(UIForm.back(request.uri.queryParameters["next"].map(String.init)))
            }
            return signInPage(next: request.uri.queryParameters["next"].map(String.init), error: nil, status: .ok)
        }
        router.post("ui/sign-in") { request, _ in
            let form = (try? await UIForm.read(request, limit: settings.maxFormBytes)) ?? UIForm()
            let next = UIForm.back(form["next"])
            guard let authenticator = app.security.authenticator else { return UIResponse.redirect(next) }
            let nonce = UISession.cookie(UISession.signInCookieName, in: request.headers[.cookie])
            guard let nonce, UISession(credential: nonce).accepts(csrf: form[UISession.csrfField]) else {
                await app.auditor.record(
                    .issueToken, caller: Caller(.anonymous), target: "/ui/sign-in", before: nil, after: nil,
                    outcome: .denied, details: ["face": "ui", "reason": "missing or wrong CSRF token"])
                return UIResponse.problem(
                    .forbidden, "The sign-in form expired or was not sent by this site; reload it.")
            }
            let key = (form["key"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let identity: Identity
            do {
                guard let found = try await authenticator.authenticate(apiKey: key, authorization: nil) else {
                    throw AppError(.invalidRequest, "enter an API key")
                }
                identity = found
            } catch {
                await app.auditor.record(
                    .issueToken, caller: Caller(.anonymous), target: "/ui/sign-in", before: nil, after: nil,
                    outcome: .denied, details: ["face": "ui", "reason": "invalid API key"])
                return signInPage(
                    next: next, error: "That API key is unknown, revoked or rotated. Check it and try again.",
                    status: .unauthorized)
            }
            let caller = Caller(identity)
            do {
                let issued = try await app.perform(
                    .issueToken, caller: caller, model: nil, target: "/ui/sign-in", subject: "signing in",
                    details: { _, error in ["face": "ui"].merging(error.map(Auditor.failure) ?? [:]) { a, _ in a } }
                ) { try await app.security.issueToken(for: caller, lifetime: UISession.lifetime, role: nil) }
                let secure = settings.secureCookies
                return UIResponse.redirect(
                    next,
                    cookies: [
                        UISession.setCookie(
                            UISession.cookieName, value: issued.token, maxAge: Int(issued.lifetime), secure: secure),
                        UISession.setCookie(UISession.signInCookieName, value: "-", maxAge: 0, secure: secure),
                    ])
            } catch {
                return signInPage(next: next, error: ErrorDescription(error).message, status: .forbidden)
            }
        }
        router.post("ui/sign-out") { request, _ in
            let form = (try? await UIForm.read(request, limit: settings.maxFormBytes)) ?? UIForm()
            guard let visitor = await visitor(request) else { return UIResponse.redirect("/ui/sign-in") }
            guard visitor.session.accepts(csrf: form[UISession.csrfField]) else {
                return errorPage(
                    AppError(.forbidden, "the form's CSRF token is missing or wrong; reload the page and try again"),
                    visitor: visitor)
            }
            return UIResponse.redirect(
                "/ui/sign-in",
                cookies: [
                    UISession.setCookie(UISession.cookieName, value: "-", maxAge: 0, secure: settings.secureCookies)
                ])
        }
    }

    /// The sign-in form, with a new nonce cookie its CSRF token is bound to.
    func signInPage(next: String?, error: String?, status: HTTPResponse.Status) -> Response {
        let nonce = UISession.anonymous()
        var page = UIPage(
            template: "signin", title: "Sign in", section: "",
            data: ["signinCsrf": nonce.csrfToken, "next": UIForm.back(next)])
        if let error { page.flash = Flash(error: error) }
        var response = render(page, visitor: nil, status: status, clearFlash: false)
        response.headers.append(
            HTTPField(
                name: .setCookie,
                value: UISession.setCookie(
                    UISession.signInCookieName, value: nonce.credential, maxAge: 1800, secure: settings.secureCookies)))
        return response
    }
}
