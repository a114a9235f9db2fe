import Hummingbird

extension WardenServer {
    /// Endpoints of capabilities that arrive later answer `501 not_implemented` naming the capability, never
    /// fake data. Each moves to its own routes file when its capability lands.
    func addPendingRoutes(to router: Router<WardenRequestContext>) {
        let modes = "serving modes (inference / training / maintenance)"
        let securityRemedy = "it arrives with Warden's security (authentication, rate limits, modes)"
        router.get("api/mode") { _, _ -> Response in throw APIError.notImplemented(modes, securityRemedy) }
        router.post("api/mode/:mode") { _, _ -> Response in throw APIError.notImplemented(modes, securityRemedy) }
        router.post("api/auth/token") { _, _ -> Response in
            throw APIError.notImplemented("authentication tokens", securityRemedy)
        }
        router.post("api/v1/agents/:agent/set-model") { _, _ -> Response in
            throw APIError.notImplemented(
                "agents", "it arrives with Warden's agents pipeline (logs → features → model → anomaly store)")
        }
    }
}
