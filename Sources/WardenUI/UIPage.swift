import Foundation

/// A page to render: a template, its title, the navigation section it belongs to, and its data.
struct UIPage: @unchecked Sendable {
    // Unchecked: `data` holds value trees of strings, numbers, booleans, arrays and dictionaries only (what
    // mustache renders); nothing in it is shared or mutated after it is built.
    var template: String
    var title: String
    var section: String
    var data: [String: Any]
    var flash: Flash?
    /// The page shows a secret (a new key): never cached (every UI page is no-store anyway).
    var noStore = false

    init(template: String, title: String, section: String, data: [String: Any], flash: Flash? = nil) {
        self.template = template
        self.title = title
        self.section = section
        self.data = data
        self.flash = flash
    }

    static let sections: [(id: String, title: String, path: String, admin: Bool)] = [
        ("dashboard", "Dashboard", "/ui", false), ("models", "Models", "/ui/models", false),
        ("monitoring", "Monitoring", "/ui/monitoring", false),
        ("compare", "Compare", "/ui/compare", false), ("import", "Import", "/ui/import", false), ("agents", "Agents", "/ui/agents", false), ("anomalies", "Anomalies", "/ui/anomalies", false),
        ("security", "Security", "/ui/security", true), ("audit", "Audit log", "/ui/security/audit", true),
    ]

    static func navigation(active: String, admin: Bool) -> [[String: Any]] {
        sections.filter { !$0.admin || admin }.map {
            ["title": $0.title, "path": $0.path, "active": $0.id == active]
        }
    }
}

/// What an action leads to: another page (Post/Redirect/Get, with a message), or a page shown at once (a new
/// key's secret, which must not survive a reload).
enum UIOutcome: Sendable {
    case redirect(String, Flash?)
    case page(UIPage)
}

/// A one-time message shown on the next page.
struct Flash: Sendable, Equatable {
    var text: String
    var isError: Bool

    init(_ text: String) {
        self.text = text
        isError = false
    }

    init(error: String) {
        text = error
        isError = true
    }

    /// From the flash cookie: `e.` or `i.` then the base64url text.
    init?(cookie: String) {
        guard cookie.count > 2, let data = Data(base64URL: String(cookie.dropFirst(2))),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        self.text = String(text.prefix(2000))
        isError = cookie.hasPrefix("e.")
    }

    var cookieValue: String {
        (isError ? "e." : "i.") + UISession.base64URL(Data(text.prefix(1500).utf8))
    }
}

extension Data {
    init?(base64URL text: String) {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }
}
