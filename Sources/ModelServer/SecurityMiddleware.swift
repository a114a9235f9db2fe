import AccessControl
import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Registry
import WardenApp

/// The JSON API's side of security: who the request is (401), the rate limit (429), then the application's
/// ``WardenServices/perform(_:caller:model:target:subject:succeeded:details:_:)`` for the route's operation (role 403, key
/// scope, serving mode, audit log). Runs inside ``RequestMiddleware``, so its errors get the API's JSON shape and
/// request id.
///
/// Rate limits: a request is charged to its key's bucket, or to its client address's when it has no key. Liveness
/// and readiness (every public route: operation ``AppOperation/liveness``) are never limited, so a load balancer's
/// or Kubernetes' probe cannot take a busy replica out. A failed authentication is charged to the address: once
/// its bucket is empty the refusal is 429 instead of 401.
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
        let app = server.app
        let authenticator = app.security.authenticator
        var identity = authenticator == nil ? Identity.local : Identity.anonymous
        var rateKey = "ip:" + Self.address(context)
        let target = String(request.uri.path.prefix(512))
        let model = Self.namedModel(request, context)
        func details(status: Int) -> [String: JSONValue] {
            var d: [String: JSONValue] = [
                "method": .string(rule.method), "route": .string(rule.path), "status": .int(status),
            ]
            if let model { d["model"] = .string(model) }
            return d
        }
        do {
            if let authenticator, rule.permission != nil {
                guard
                    let found = try await authenticator.authenticate(
                        apiKey: request.headers[.xAPIKey], authorization: request.headers[.authorization])
                else {
                    throw APIError(
                        .unauthorized, code: "unauthenticated",
                        "this endpoint needs a credential: send X-API-Key: <key> or Authorization: Bearer <token>",
                        headers: [.wwwAuthenticate: "Bearer realm=\"warden\""])
                }
                identity = found
                rateKey = "key:" + found.keyID
            }
        } catch {
            // A refused credential is charged to the client address, and recorded as a denied attempt of an audited
            // change; once the address's bucket is empty the answer is 429.
            var refusal = error
            if APIError.from(error).status == .unauthorized, let limited = Self.charge(server.http.limiter, rateKey) {
                refusal = limited
            }
            await app.auditor.record(
                rule.operation, caller: Caller(identity), target: target, before: nil, after: nil, outcome: .denied,
                details: details(status: Int(APIError.from(refusal).status.code)))
            throw refusal
        }
        var remaining: Int?
        if let limiter = server.http.limiter, rule.operation != .liveness {
            let decision = limiter.check(rateKey, now: Self.monotonicSeconds())
            guard decision.allowed else { throw Self.limited(decision, limiter) }
            remaining = decision.remaining
        }
        try Self.checkNames(request, context)
        let caller = Identity.$current.withValue(identity) { server.caller(request) }
        // A lifecycle change records the serving version of the model it acts on, named or the default one.
        var subjectModel = model
        if subjectModel == nil, rule.action == .lifecycle { subjectModel = await app.models.defaultModel() }
        var response = try await app.perform(
            rule.operation, caller: caller, model: subjectModel, target: target, subject: "\(method) \(path)",
            succeeded: { (200..<300).contains(Int($0.status.code)) },
            details: { response, error in
                details(status: response.map { Int($0.status.code) } ?? error.map { Int(APIError.from($0).status.code) } ?? 0)
            }
        ) {
            try await Identity.$current.withValue(identity) { try await next(request, context) }
        }
        if let remaining { response.headers[.xRateLimitRemaining] = String(remaining) }
        return response
    }

    /// Takes a token from `key`'s bucket; the 429 to answer when it was empty, nil when allowed (or no limiter).
    static func charge(_ limiter: RateLimiter?, _ key: String) -> APIError? {
        guard let limiter else { return nil }
        let decision = limiter.check(key, now: monotonicSeconds())
        return decision.allowed ? nil : limited(decision, limiter)
    }

    /// 429 `rate_limited` with `Retry-After`.
    static func limited(_ decision: TokenBucket.Decision, _ limiter: RateLimiter) -> APIError {
        let wait = max(1, Int(decision.retryAfter.rounded(.up)))
        return APIError(
            .tooManyRequests, code: "rate_limited",
            "rate limit of \(decision.limit) requests per \(Int(limiter.policy.windowSeconds)) s exceeded; "
                + "retry after \(wait) s",
            details: ["limit": .int(decision.limit), "retry_after_seconds": .int(wait)],
            headers: [.retryAfter: String(wait), .xRateLimitRemaining: "0", .xRateLimitLimit: String(decision.limit)])
    }

    /// Refuses a version or model name in the path (`{version}`, `{name}`) or query (`?version=`, `?model=`) that no
    /// stored version or model could have (Registry's ``VersionName`` rules: `..`, a character outside
    /// `[A-Za-z0-9._+-]`, over 128 characters): 400 `invalid_version` / `invalid_model_name`, before any lookup,
    /// rather than 404.
    static func checkNames(_ request: Request, _ context: WardenRequestContext) throws {
        let query = request.uri.queryParameters
        for version in [context.parameters.get("version"), query["version"].map(String.init)] {
            if let version { try VersionName.checkReference(version) }
        }
        for model in [context.parameters.get("name"), query["model"].map(String.init)] {
            if let model, !model.isEmpty { try VersionName.checkModelName(model) }
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

    static func monotonicSeconds() -> Double { (ContinuousClock.now - Self.origin).inSeconds }

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
