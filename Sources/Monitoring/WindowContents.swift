public import Foundation

/// What a version's window holds, as persisted between restarts and read by the CLI: the predictions (oldest first)
/// and the input rows by feature.
public struct WindowContents: Sendable, Equatable, Codable {
    /// Kept predictions, oldest first.
    public var records: [PredictionRecord]
    /// Feature names of the kept input rows.
    public var featureNames: [String]
    /// The kept input values, one array per feature (same order as `featureNames`, equal lengths).
    public var featureColumns: [[Double]]

    /// Creates contents.
    public init(records: [PredictionRecord], featureNames: [String], featureColumns: [[Double]]) {
        self.records = records
        self.featureNames = featureNames
        self.featureColumns = featureColumns
    }

    /// The encoded form stored in the registry (JSON; the format is versioned by the `format` key).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(Stored(format: 1, contents: self))
    }

    /// Decodes what ``encoded()`` wrote.
    /// - Throws: ``MonitoringError`` (`invalid_configuration`) when the payload is not a window of a known format.
    public static func decode(_ data: Data) throws -> WindowContents {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard let stored = try? decoder.decode(Stored.self, from: data), stored.format == 1 else {
            throw MonitoringError(
                .invalidConfiguration, "a stored monitoring window is unreadable or of an unknown format; it is ignored")
        }
        return stored.contents
    }

    private struct Stored: Codable {
        var format: Int
        var contents: WindowContents
    }

    enum CodingKeys: String, CodingKey {
        case records
        case featureNames = "feature_names"
        case featureColumns = "feature_columns"
    }
}
