public import AccessControl
import DataFormats
import Foundation
import HTTPTypes
public import Hummingbird
import Mustache
public import WardenApp

/// Settings of the web UI face.
public struct UISettings: Sendable {
    /// Whether cookies get `Secure` (the server speaks TLS).
    public var secureCookies: Bool
    /// The most bytes of a submitted form.
    public var maxFormBytes: Int
    /// The most bytes of a package uploaded on the import page.
    public var maxUploadBytes: Int

    /// Creates settings.
    public init(secureCookies: Bool = false, maxFormBytes: Int = 256 * 1024, maxUploadBytes: Int = 64 * 1024 * 1024) {
        self.secureCookies = secureCookies
        self.maxFormBytes = maxFormBytes
        self.maxUploadBytes = maxUploadBytes
    }
}

/// Warden's web UI: server-rendered pages under `/ui` (the root redirects there) over the application — every page
/// calls the operations of ``WardenServices`` through ``WardenServices/perform(_:caller:model:target:subject:succeeded:details:_:)``,
/// so roles, model scopes, serving modes and the audit log apply exactly as they do to the JSON API. Sign-in takes an
/// API key and keeps only a short-lived token in an HttpOnly, SameSite=Strict cookie (``UISession``); every form
/// carries a CSRF token the server checks; a refused POST is answered 403 and recorded in the audit log.
///
/// ```swift
/// let ui = try UIFace(app: app, settings: UISettings(secureCookies: tls != nil))
/// ui.addRoutes(to: router)      // before the JSON API's security middleware: the UI authenticates by cookie
/// ```
public struct UIFace: Sendable {
    /// The application whose operations the pages call.
    public let app: WardenServices
    /// The settings.
    public let settings: UISettings
    let templates: MustacheLibrary

    /// Creates the face, parsing its templates.
    ///
    /// - Throws: `MustacheLibrary.ParserError` when a compiled-in template does not parse (a build defect).
    public init(app: WardenServices, settings: UISettings = UISettings()) throws {
        self.app = app
        self.settings = settings
        templates = try UITemplates.library()
    }

    /// Adds `/`, `/ui` and every page and action under it to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { _, _ in UIResponse.redirect("/ui") }
        router.get("ui/static/ui.css") { _, _ in UIResponse.asset(UITemplates.css, type: "text/css; charset=utf-8") }
        router.get("ui/static/ui.js") { _, _ in
            UIResponse.asset(UITemplates.js, type: "text/javascript; charset=utf-8")
        }
        addSignInRoutes(to: router)
        addDashboardRoutes(to: router)
        addModelRoutes(to: router)
        addAgentRoutes(to: router)
        addAnomalyRoutes(to: router)
        addSecurityRoutes(to: router)
        addImportRoutes(to: router)
        addAnnotationRoutes(to: router)
        addMonitoringRoutes(to: router)
        addCompareRoutes(to: router)
        addTrainingServiceRoutes(to: router)
    }

    // MARK: Who is asking

    /// The caller of a request and its session, nil when it is not signed in (or its token expired or its key was
    /// revoked). Without authentication every visitor is the local operator, with a nonce session (`fresh` tells
    /// that it must be set).
    func visitor(_ request: Request) async -> Visitor? {
        let cookie = UISession.cookie(UISession.cookieName, in: request.headers[.cookie])
        guard let authenticator = app.security.authenticator else {
            let session = cookie.map(UISession.init(credential:)) ?? .anonymous()
            return Visitor(
                caller: Caller(identity: .local, actor: "ui", auditActor: "ui:local"), session: session,
                fresh: cookie == nil)
        }
        guard let token = cookie, !token.hasPrefix("wdn_"),
            let identity = try? await authenticator.authenticate(apiKey: nil, authorization: "Bearer " + token),
            identity.credential == .token
        else { return nil }
        return Visitor(caller: Caller(identity), session: UISession(credential: token), fresh: false)
    }

    /// A signed-in visitor.
    struct Visitor: Sendable {
        var caller: Caller
        var session: UISession
        /// The session cookie must be set on the response (a new nonce session).
        var fresh: Bool

        var role: Role { caller.role }
        var canWrite: Bool { role.allows(.write) }
        var canAdmin: Bool { role.allows(.admin) }
    }

    // MARK: Pages and actions

    /// Registers a page: the visitor must be signed in (else the sign-in page), and `operation` must be allowed
    /// (else 403); `body` returns the page.
    func page<Context: RequestContext>(
        _ router: Router<Context>, _ path: RouterPath, _ operation: AppOperation,
        _ body: @escaping @Sendable (Request, Context, Visitor) async throws -> UIPage
    ) {
        router.get(path) { request, context in
            guard let visitor = await visitor(request) else {
                return UIResponse.redirect("/ui/sign-in?next=" + UIForm.encode(request.uri.path))
            }
            let flash = UISession.cookie(UIResponse.flashCookie, in: request.headers[.cookie]).flatMap {
                Flash(cookie: $0)
            }
            do {
                var page = try await app.perform(
                    operation, caller: visitor.caller, model: context.parameters.get("model"),
                    target: String(request.uri.path.prefix(512)), subject: "this page"
                ) { try await body(request, context, visitor) }
                page.flash = page.flash ?? flash
                return render(page, visitor: visitor, status: .ok, clearFlash: flash != nil)
            } catch {
                return errorPage(error, visitor: visitor)
            }
        }
    }

    /// Registers a state-changing action (POST): the visitor must be signed in and send the session's CSRF token,
    /// else 403 and an audit entry; then `operation` runs through `perform` (role, scope, mode, audit). Failures
    /// come back as a message on the page the form names in `back`; refusals as a 403 page.
    func action<Context: RequestContext>(
        _ router: Router<Context>, _ path: RouterPath, _ operation: AppOperation, upload: Bool = false,
        failure: (@Sendable (any Error, Visitor) -> UIPage?)? = nil,
        _ body: @escaping @Sendable (UIForm, Context, Visitor) async throws -> UIOutcome
    ) {
        router.post(path) { request, context in
            let target = String(request.uri.path.prefix(512))
            var form = UIForm()
            if upload {
                var r = request
                guard let buffer = try? await r.collectBody(upTo: settings.maxUploadBytes) else {
                    return UIResponse.problem(
                        .contentTooLarge, "The upload is larger than \(settings.maxUploadBytes) bytes.")
                }
                if let parts = UIMultipart(
                    contentType: request.headers[.contentType], body: Array(buffer.readableBytesView))
                {
                    form.fields = parts.fields
                    form.files = parts.files
                }
            } else {
                form = (try? await UIForm.read(request, limit: settings.maxFormBytes)) ?? UIForm()
            }
            guard let visitor = await visitor(request) else {
                await app.auditor.record(
                    operation, caller: Caller(.anonymous), target: target, before: nil, after: nil, outcome: .denied,
                    details: ["face": "ui", "reason": "not signed in"])
                return UIResponse.problem(.forbidden, "You are not signed in, or your session expired. Sign in again.")
            }
            guard visitor.session.accepts(csrf: form[UISession.csrfField]) else {
                await app.auditor.record(
                    operation, caller: visitor.caller, target: target, before: nil, after: nil, outcome: .denied,
                    details: ["face": "ui", "reason": "missing or wrong CSRF token"])
                return errorPage(
                    AppError(.forbidden, "the form's CSRF token is missing or wrong; reload the page and try again"),
                    visitor: visitor)
            }
            var model = context.parameters.get("model")
            if model == nil, operation.action == .lifecycle { model = await app.models.defaultModel() }
            var details: [String: JSONValue] = ["face": "ui"]
            if let reason = form["reason"], !reason.isEmpty { details["reason"] = .string(String(reason.prefix(1000))) }
            let audit = details
            do {
                let outcome = try await app.perform(
                    operation, caller: visitor.caller, model: model,
                    target: model.map { m in
                        context.parameters.get("version").map { m + "/" + $0 } ?? m
                    } ?? target,
                    subject: "this action",
                    details: { _, error in audit.merging(error.map(Auditor.failure) ?? [:]) { a, _ in a } }
                ) { try await body(form, context, visitor) }
                switch outcome {
                case .redirect(let to, let flash):
                    return UIResponse.redirect(to, flash: flash, secure: settings.secureCookies)
                case .page(var page):
                    page.noStore = true
                    return render(page, visitor: visitor, status: .ok, clearFlash: false)
                }
            } catch {
                let d = ErrorDescription(error)
                if UIResponse.status(of: d.code) == .forbidden { return errorPage(error, visitor: visitor) }
                if let failure, let page = failure(error, visitor) {
                    return render(page, visitor: visitor, status: .unprocessableContent, clearFlash: false)
                }
                return UIResponse.redirect(
                    UIForm.back(form["back"]), flash: Flash(error: d.message), secure: settings.secureCookies)
            }
        }
    }

    // MARK: Rendering

    /// Renders `page` inside the layout, with the visitor's name, role, navigation and CSRF token.
    func render(_ page: UIPage, visitor: Visitor?, status: HTTPResponse.Status, clearFlash: Bool) -> Response {
        var data = page.data
        data["title"] = page.title
        data["nav"] = UIPage.navigation(active: page.section, admin: visitor?.canAdmin ?? false)
        if let visitor {
            data["user"] =
                [
                    "name": visitor.caller.identity.name, "role": visitor.role.rawValue,
                    "signedIn": app.authenticates,
                ] as [String: Any]
            data["csrf"] = visitor.session.csrfToken
            data["canWrite"] = visitor.canWrite
            data["canAdmin"] = visitor.canAdmin
        }
        data["mode"] = app.modes.mode.rawValue
        if let flash = page.flash { data["flash"] = ["text": flash.text, "error": flash.isError] as [String: Any] }
        let html = templates.render(data, withTemplate: page.template) ?? "template \(page.template) is missing"
        var cookies: [String] = []
        if let visitor, visitor.fresh {
            cookies.append(
                UISession.setCookie(
                    UISession.cookieName, value: visitor.session.credential, maxAge: 86_400,
                    secure: settings.secureCookies))
        }
        if clearFlash {
            cookies.append(
                UISession.setCookie(UIResponse.flashCookie, value: "-", maxAge: 0, secure: settings.secureCookies))
        }
        return UIResponse.html(html, status: status, cookies: cookies)
    }

    /// A page saying what went wrong, with the status of its code (403 for refusals, 404, 400, 409, 500).
    func errorPage(_ error: any Error, visitor: Visitor?) -> Response {
        let d = ErrorDescription(error)
        let status = UIResponse.status(of: d.code)
        let page = UIPage(
            template: "error", title: "Error", section: "",
            data: ["status": Int(status.code), "reason": status.reasonPhrase, "code": d.code, "message": d.message])
        return render(page, visitor: visitor, status: status, clearFlash: false)
    }
}
