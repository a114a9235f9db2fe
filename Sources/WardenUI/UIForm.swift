import Foundation
import HTTPTypes
import Hummingbird

/// A submitted form (`application/x-www-form-urlencoded`), or a query string: names to their first value.
struct UIForm: Sendable {
    var fields: [String: String] = [:]
    /// Uploaded files (multipart forms only).
    var files: [String: UIMultipart.File] = [:]

    init() {}

    init(encoded text: Substring) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty, fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// The form in a request's body, read up to `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws -> UIForm {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return UIForm(encoded: Substring(String(buffer: buffer)))
    }

    static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))

    /// Percent-encodes a query value.
    static func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }

    /// Where to go back to after an action: a path of the UI named by the form, else the dashboard (never another
    /// site).
    static func back(_ path: String?) -> String {
        guard let path, path.hasPrefix("/ui"), !path.contains("//"), !path.contains("\\"),
            path.utf8.count <= 1024, !path.contains(where: { $0.isNewline })
        else { return "/ui" }
        return path
    }
}
