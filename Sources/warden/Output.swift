import Foundation

/// JSON rendering of the registry's Codable values (sorted keys, ISO 8601 dates).
enum Output {
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func date(_ d: Date) -> String {
        ISO8601DateFormatter().string(from: d)
    }
}
