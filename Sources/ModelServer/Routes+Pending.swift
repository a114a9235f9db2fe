import Hummingbird

extension WardenServer {
    /// Endpoints of capabilities that arrive later answer `501 not_implemented` naming the capability, never
    /// fake data. Each moves to its own routes file when its capability lands.
    func addPendingRoutes(to router: Router<WardenRequestContext>) {
        router.post("api/v1/agents/:agent/set-model") { _, _ -> Response in
            throw APIError.notImplemented(
                "agents", "it arrives with Warden's agents pipeline (logs → features → model → anomaly store)")
        }
    }
}
