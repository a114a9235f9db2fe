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

    /// The encoded form stored in the registry (``VersionedJSON``, format 1).
    public func encoded() throws -> Data { try VersionedJSON.encode(self, format: 1) }

    /// Decodes what ``encoded()`` wrote.
    /// - Throws: ``MonitoringError`` (`invalid_configuration`) when the payload is not a window of a known format.
    public static func decode(_ data: Data) throws -> WindowContents {
        guard let contents = VersionedJSON.decode(WindowContents.self, from: data, format: 1) else {
            throw MonitoringError(
                .invalidConfiguration, "a stored monitoring window is unreadable or of an unknown format; it is ignored")
        }
        return contents
    }

    enum CodingKeys: String, CodingKey {
        case records
        case featureNames = "feature_names"
        case featureColumns = "feature_columns"
    }
}
