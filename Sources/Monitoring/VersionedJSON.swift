public import Foundation

/// The stored form of a monitoring payload (windows, reference profiles): JSON `{"format": N, "value": …}`, so a
/// reader can refuse a payload of another format instead of misreading it. Non-finite numbers are written as strings.
public enum VersionedJSON {
    private struct Stored<Value: Codable>: Codable {
        var format: Int
        var value: Value
    }

    /// Encodes `value` as format `format`.
    public static func encode<Value: Codable>(_ value: Value, format: Int) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(Stored(format: format, value: value))
    }

    /// Decodes a payload of format `format`; nil when it is unreadable or of another format.
    public static func decode<Value: Codable>(_ type: Value.Type, from data: Data, format: Int) -> Value? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard let stored = try? decoder.decode(Stored<Value>.self, from: data), stored.format == format else {
            return nil
        }
        return stored.value
    }
}
