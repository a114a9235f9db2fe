import Mustache

/// The compiled-in templates, stylesheet and script (`PackageResources`, generated from `Templates/` and `Static/`).
enum UITemplates {
    static let sources: [String: [UInt8]] = [
        "layout": PackageResources.layout_mustache, "signin": PackageResources.signin_mustache,
        "error": PackageResources.error_mustache, "dashboard": PackageResources.dashboard_mustache,
        "models": PackageResources.models_mustache, "version": PackageResources.version_mustache,
        "confirm": PackageResources.confirm_mustache, "agents": PackageResources.agents_mustache,
        "agent": PackageResources.agent_mustache, "anomalies": PackageResources.anomalies_mustache,
        "anomaly": PackageResources.anomaly_mustache, "security": PackageResources.security_mustache,
        "audit": PackageResources.audit_mustache, "import": PackageResources.import_mustache,
        "monitoring": PackageResources.monitoring_mustache, "compare": PackageResources.compare_mustache,
        "shadow": PackageResources.shadow_mustache, "training": PackageResources.training_mustache,
    ]

    static let css: [UInt8] = PackageResources.ui_css
    static let js: [UInt8] = PackageResources.ui_js

    /// Every template, parsed.
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, bytes) in sources {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        return library
    }
}
