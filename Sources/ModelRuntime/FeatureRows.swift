import DataFormats
public import Foundation

/// Parses rows to score from CSV or JSON text held in memory, ordering named values by the model's feature names.
/// The work is ``FeatureRowReader``'s (bytes straight into the matrix); files are better read with it directly, in
/// batches.
///
/// Accepted shapes:
/// - CSV with a header row; RFC 4180 quoting, CRLF, a byte order mark; cells may be empty or `nan` (NaN), `inf`,
///   `-inf`.
/// - JSON: a list of objects keyed by feature name (`null` means NaN), a list of arrays, either of those under a
///   `"features"` (or `"rows"`) key (the deployment package's `/predict` body), or JSON lines of either.
public enum FeatureRows {
    /// Parses `text`, detecting CSV or JSON from its first non-blank character.
    ///
    /// - Parameters:
    ///   - featureNames: The model's feature names, used to order named values; nil when the model has none.
    ///   - nFeatures: The number of features the model expects.
    /// - Throws: `invalidInput`, `missingFeature` or `featureCountMismatch`, naming the row and the feature.
    public static func parse(_ text: String, featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError)
        -> FeatureMatrix
    {
        try parse(bytes: Array(text.utf8), format: .automatic, featureNames: featureNames, nFeatures: nFeatures)
    }

    /// Parses UTF-8 bytes in the given format (detected from the first non-blank byte by default).
    ///
    /// - Throws: as ``parse(_:featureNames:nFeatures:)``.
    public static func parse(
        bytes: some Collection<UInt8>, format: FeatureRowReader.Format = .automatic, featureNames: [String]?,
        nFeatures: Int, maxRows: Int = .max
    ) throws(ModelRuntimeError) -> FeatureMatrix {
        let body = { (b: UnsafeBufferPointer<UInt8>) -> Result<FeatureMatrix, ModelRuntimeError> in
            let reader = FeatureRowReader(bytes: b, format: format, featureNames: featureNames, nFeatures: nFeatures)
            do throws(ModelRuntimeError) { return .success(try reader.readAll(maxRows: maxRows)) } catch {
                return .failure(error)
            }
        }
        let result = bytes.withContiguousStorageIfAvailable(body) ?? Array(bytes).withUnsafeBufferPointer(body)
        return try result.get()
    }

    /// CSV with a header.
    ///
    /// - Throws: as ``parse(_:featureNames:nFeatures:)``.
    public static func parseCSV(_ text: String, featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError)
        -> FeatureMatrix
    {
        try parse(bytes: Array(text.utf8), format: .csv, featureNames: featureNames, nFeatures: nFeatures)
    }

    /// JSON rows.
    ///
    /// - Throws: as ``parse(_:featureNames:nFeatures:)``.
    public static func parseJSON(_ data: Data, featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError)
        -> FeatureMatrix
    {
        try parse(bytes: data, format: .json, featureNames: featureNames, nFeatures: nFeatures)
    }
}
