import Foundation

/// Writes YAML text to a fresh temporary file and returns its path.
func temporaryYAML(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("warden-config-\(UUID().uuidString).yaml")
    try Data(text.utf8).write(to: url)
    return url.path
}
