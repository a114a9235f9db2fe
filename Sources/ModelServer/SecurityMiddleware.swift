import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Registry
import AccessControl
import DataFormats
import Serving

/// Checks every request against ``EndpointAccess``: who it is (401), the rate limit (429), the role (403), the
/// serving mode (409, 503 for predictions), and appends changes to the audit log with their outcome. Runs inside
/// ``RequestMiddleware``, so its errors get the API's JSON shape and request id.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WardenRequestContext
    let server: WardenServer

    func handle(
        _ request: Request, context: WardenRequestContext,
        next: (Request, WardenRequestContext) async throws -> Response
    ) async throws -> Response {
        let method = request.method == .head ? "GET" : request.method.rawValue
        guard let path = context.endpointPath, let rule = EndpointAccess.rule(method: method, path: path) else {
            // Unmatched routes answer 404; a registered route missing from the table is refused (a test keeps the
            // table complete).
            if context.endpointPath != nil {
                throw APIError(
                    .forbidden, code: "undeclared_endpoint",
                    "this endpoint declares no access rule; it is refused until it does")
            }
            return try await next(request, context)
        }
        let security = server.security
        var identity = security?.authenticator == nil ? Identity.local : Identity.anonymous
        var rateKey = "ip:" + Self.address(context)
        do {
            if let authenticator = security?.authenticator, rule.permission != nil {
                let found: Identity?
                do {
                    found = try await authenticator.authenticate(
                        apiKey: request.headers[.xAPIKey], authorization: request.headers[.authorization])
                } catch let error as SecurityError {
                    throw APIError.from(error)  // 401 invalid_key, invalid_token, expired_token
                }
                guard let found else {
                    throw APIError(
                        .unauthorized, code: "unauthenticated",
                        "this endpoint needs a credential: send X-API-Key: <key> or Authorization: Bearer <token>",
                        headers: [.wwwAuthenticate: "Bearer realm=\"warden\""])
                }
                identity = found
                rateKey = "key:" + found.keyID
            }
            var remaining: Int?
            if let limiter = security?.limiter {
                let decision = limiter.check(rateKey, now: Self.monotonicSeconds())
                guard decision.allowed else {
                    let wait = max(1, Int(decision.retryAfter.rounded(.up)))
                    throw APIError(
                        .tooManyRequests, code: "rate_limited",
                        "rate limit of \(decision.limit) requests per \(Int(limiter.policy.windowSeconds)) s exceeded; "
                            + "retry after \(wait) s",
                        details: ["limit": .int(decision.limit), "retry_after_seconds": .int(wait)],
                        headers: [
                            .retryAfter: String(wait), .xRateLimitRemaining: "0",
                            .xRateLimitLimit: String(decision.limit),
                        ])
                }
                remaining = decision.remaining
            }
            if let permission = rule.permission, !identity.role.allows(permission) {
                throw APIError(
                    .forbidden, code: "forbidden",
                    "\(method) \(path) needs the '\(permission.rawValue)' permission; the \(identity.role.rawValue) "
                        + "role does not have it",
                    details: ["permission": .string(permission.rawValue), "role": .string(identity.role.rawValue)])
            }
            if let model = Self.namedModel(request, context), !identity.covers(model: model) {
                throw APIError.outOfScope(model, identity)
            }
            let mode = server.modes.mode
            guard mode.permits(rule.action) else {
                let allowed = ServingMode.allowedModes(for: rule.action).map(\.rawValue)
                throw APIError(
                    rule.action == .predict ? .serviceUnavailable : .conflict, code: "mode_forbids",
                    "the server is in \(mode.rawValue) mode, which does not allow this (\(rule.action.rawValue)); "
                        + "an admin can switch with POST /api/mode/{mode} to "
                        + allowed.joined(separator: " or "),
                    details: ["mode": .string(mode.rawValue), "allowed_modes": .array(allowed.map(JSONValue.string))])
            }
            let before = rule.audit == nil ? nil : await server.auditState(rule, request)
            var response: Response
            do {
                response = try await Identity.$current.withValue(identity) { try await next(request, context) }
            } catch {
                if let action = rule.audit {
                    await server.audit(
                        action, rule: rule, request: request, identity: identity, before: before, after: nil,
                        outcome: "failed", status: Int(APIError.from(error).status.code))
                }
                throw error
            }
            if let action = rule.audit {
                let after = await server.auditState(rule, request)
                let ok = (200..<300).contains(Int(response.status.code))
                await server.audit(
                    action, rule: rule, request: request, identity: identity, before: before, after: after,
                    outcome: ok ? "success" : "failed", status: Int(response.status.code))
            }
            if let remaining { response.headers[.xRateLimitRemaining] = String(remaining) }
            return response
        } catch let error as APIError where [401, 403, 409, 429, 503].contains(error.status.code) {
            if let action = rule.audit, error.code != "rate_limited" {
                await server.audit(
                    action, rule: rule, request: request, identity: identity, before: nil, after: nil,
                    outcome: "denied", status: Int(error.status.code))
            }
            throw error
        }
    }

    /// The model a request names in its query (`?model=`) or path (`/v2/models/{name}`).
    static func namedModel(_ request: Request, _ context: WardenRequestContext) -> String? {
        if let m = request.uri.queryParameters["model"], !m.isEmpty { return String(m) }
        if let name = context.parameters.get("name") { return name }
        return nil
    }

    static func address(_ context: WardenRequestContext) -> String {
        guard let a = context.remoteAddress else { return "local" }
        return a.ipAddress ?? a.pathname ?? "unknown"
    }

    static func monotonicSeconds() -> Double { WardenServer.seconds(since: Self.origin) }

    static let origin = ContinuousClock.now
}

extension HTTPField.Name {
    /// `X-API-Key`.
    static let xAPIKey = HTTPField.Name("X-API-Key")!
    /// `X-RateLimit-Remaining`.
    static let xRateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
    /// `X-RateLimit-Limit`.
    static let xRateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
}
