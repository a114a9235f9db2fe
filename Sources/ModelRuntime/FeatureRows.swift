import DataFormats
public import Foundation

/// Parses rows to score from CSV or JSON text, ordering named values by the model's feature names.
///
/// Accepted shapes:
/// - CSV with a header row; cells may be empty or `nan` (NaN), `inf`, `-inf`.
/// - JSON: a list of objects keyed by feature name (`null` means NaN), a list of arrays, or either of those
///   under a `"features"` key (the deployment package's `/predict` body).
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
        // Spreadsheet exports often start with a UTF-8 byte order mark.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let trimmed = body.drop { $0.isWhitespace }
        if trimmed.first == "[" || trimmed.first == "{" {
            return try parseJSON(Data(body.utf8), featureNames: featureNames, nFeatures: nFeatures)
        }
        return try parseCSV(body, featureNames: featureNames, nFeatures: nFeatures)
    }

    static func number(_ cell: Substring, row: Int, column: String) throws(ModelRuntimeError) -> Double {
        let s = cell.trimmingCharacters(in: .whitespaces)
        switch s.lowercased() {
        case "", "nan", "null", "none": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default:
            guard let d = Double(s) else {
                throw ModelRuntimeError(
                    .invalidInput, "row \(row), feature '\(column)': '\(s.prefix(40))' is not a number")
            }
            return d
        }
    }

    /// CSV with a header. Quoted cells are not needed for numbers; a quoted header name is unquoted.
    public static func parseCSV(_ text: String, featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError)
        -> FeatureMatrix
    {
        var lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard !lines.isEmpty else { throw ModelRuntimeError(.invalidInput, "the CSV input is empty; it needs a header row") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        let order = try columnOrder(header: header, featureNames: featureNames, nFeatures: nFeatures)
        var values: [Double] = []
        values.reserveCapacity(lines.count * nFeatures)
        for (r, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else {
                throw ModelRuntimeError(
                    .invalidInput, "CSV row \(r) has \(cells.count) cells but the header has \(header.count)")
            }
            for (feature, column) in order.enumerated() {
                values.append(try number(cells[column], row: r, column: featureNames?[feature] ?? header[column]))
            }
        }
        return FeatureMatrix(rows: lines.count, columns: nFeatures, values: values)
    }

    /// For each model feature, the index of the CSV column holding it.
    static func columnOrder(header: [String], featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError)
        -> [Int]
    {
        guard let featureNames else {
            guard header.count == nFeatures else {
                throw ModelRuntimeError(
                    .featureCountMismatch,
                    "the model expects \(nFeatures) features (it has no feature names, so columns are taken in order) "
                        + "but the CSV has \(header.count) columns")
            }
            return Array(0..<nFeatures)
        }
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() where index[h] == nil { index[h] = i }
        let missing = featureNames.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw ModelRuntimeError(
                .missingFeature, "the input lacks feature(s) \(missing.joined(separator: ", ")); the model needs "
                    + "\(featureNames.joined(separator: ", "))")
        }
        return featureNames.map { index[$0]! }  // invariant: every name was found above
    }

    /// JSON rows.
    public static func parseJSON(_ data: Data, featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError)
        -> FeatureMatrix
    {
        let document: JSONValue
        do { document = try JSONValue.parse(data) } catch {
            throw ModelRuntimeError(.invalidInput, error.message, cause: error)
        }
        let rows: [JSONValue]
        if let list = document.array {
            rows = list
        } else if let list = (document["features"] ?? document["rows"])?.array {
            rows = list
        } else {
            throw ModelRuntimeError(
                .invalidInput, "JSON input must be a list of rows (objects keyed by feature name, or arrays)")
        }
        var values: [Double] = []
        values.reserveCapacity(rows.count * nFeatures)
        for (r, row) in rows.enumerated() {
            switch row {
            case .array(let array):
                guard array.count == nFeatures else {
                    throw ModelRuntimeError(
                        .featureCountMismatch, "row \(r) has \(array.count) values; the model expects \(nFeatures)")
                }
                for (c, v) in array.enumerated() {
                    values.append(try jsonNumber(v, row: r, feature: featureNames?[c] ?? "#\(c)"))
                }
            case .object(let dict):
                guard let featureNames else {
                    throw ModelRuntimeError(
                        .invalidInput,
                        "row \(r) names its features but the model has no feature names; give rows as arrays in "
                            + "training column order, or pass the scaler fitted on a DataFrame")
                }
                let missing = featureNames.filter { dict[$0] == nil }
                guard missing.isEmpty else {
                    throw ModelRuntimeError(
                        .missingFeature, "row \(r) lacks feature(s) \(missing.joined(separator: ", "))")
                }
                for name in featureNames {
                    // Invariant: every name was checked above.
                    values.append(try jsonNumber(dict[name]!, row: r, feature: name))
                }
            default:
                throw ModelRuntimeError(.invalidInput, "row \(r) is neither an object nor an array")
            }
        }
        return FeatureMatrix(rows: rows.count, columns: nFeatures, values: values)
    }

    static func jsonNumber(_ v: JSONValue, row: Int, feature: String) throws(ModelRuntimeError) -> Double {
        switch v {
        case .null: return .nan
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return try number(Substring(s), row: row, column: feature)
        default:
            throw ModelRuntimeError(.invalidInput, "row \(row), feature '\(feature)': \(v) is not a number")
        }
    }
}
