public import DataFormats
public import ModelRuntime

/// What to do with a feature a row does not send.
public enum MissingFeaturePolicy: String, Sendable, Codable, CaseIterable {
    /// Refuse the request with `missing_features`, naming every missing feature of every row (the default).
    case reject
    /// Use 0.0, as the seed's `ModelInference.preprocess_features` does.
    case zero
}

/// Rows turned into a matrix in the model's column order, with warnings for what was ignored.
public struct FeatureInput: Sendable {
    /// The rows, in the model's column order.
    public var matrix: FeatureMatrix
    /// Human-readable warnings, e.g. unknown features that were ignored.
    public var warnings: [String]

    /// Builds the matrix from JSON rows: objects `{feature: value}` matched by name, or arrays of numbers in column
    /// order.
    ///
    /// A value may be a number, `null` (read as NaN), or one of the strings `NaN`, `Infinity`, `-Infinity`; NaN and
    /// infinities are refused where the model cannot take them, naming the row and feature.
    ///
    /// - Throws: `missing_features` (every missing feature of every row), `invalid_features`, `invalid_request`.
    public init(rows: [JSONValue], for serving: ServingModel, missing: MissingFeaturePolicy) throws(ServingError) {
        let n = serving.nFeatures
        let names = serving.featureNames
        var values = [Double](repeating: 0, count: rows.count * n)
        var missingByRow: [JSONValue] = []
        var invalid: [JSONValue] = []
        var unknown: Set<String> = []
        let index = serving.featureIndex
        let policy = serving.detector.nonFiniteInputs

        func check(_ value: JSONValue, row: Int, column: Int) -> Double? {
            let feature = names?[column] ?? "column \(column)"
            let d: Double
            if case .null = value { d = .nan } else if let v = value.double { d = v } else {
                invalid.append(Self.problem(row, feature, "is \(Self.describe(value)), not a number"))
                return nil
            }
            if d.isNaN, policy == .rejected {
                invalid.append(Self.problem(row, feature, "is NaN (or null), which a \(serving.estimatorClass) cannot take"))
                return nil
            }
            if d.isInfinite, policy < .accepted {
                invalid.append(Self.problem(row, feature, "is infinite, which a \(serving.estimatorClass) cannot take"))
                return nil
            }
            return d
        }

        for (r, row) in rows.enumerated() {
            switch row {
            case .object(let fields):
                guard let names else {
                    throw ServingError(
                        .invalidRequest,
                        "version '\(serving.version)' has no feature names, so rows must be arrays of \(n) numbers "
                            + "in training column order")
                }
                var absent: [JSONValue] = []
                var present = 0
                for (c, name) in names.enumerated() {
                    if let v = fields[name] {
                        present += 1
                        if let d = check(v, row: r, column: c) { values[r * n + c] = d }
                    } else if missing == .reject {
                        absent.append(.string(name))
                    }
                }
                if !absent.isEmpty { missingByRow.append(.object(["row": .int(r), "features": .array(absent)])) }
                if fields.count > present {
                    for key in fields.keys where index[key] == nil { unknown.insert(key) }
                }
            case .array(let items):
                guard items.count == n else {
                    throw ServingError(
                        .invalidFeatures,
                        "row \(r) has \(items.count) values but version '\(serving.version)' takes \(n) features; "
                            + "send \(n) values per row in training column order",
                        details: ["row": .int(r), "expected": .int(n), "received": .int(items.count)])
                }
                for (c, v) in items.enumerated() { if let d = check(v, row: r, column: c) { values[r * n + c] = d } }
            default:
                throw ServingError(
                    .invalidRequest, "row \(r) is \(Self.describe(row)); send each row as an object {feature: value}",
                    details: ["row": .int(r)])
            }
            if invalid.count >= 100 { break }
        }
        if !missingByRow.isEmpty {
            let total = missingByRow.count
            throw ServingError(
                .missingFeatures,
                "\(total) row(s) lack features version '\(serving.version)' needs; send every feature, or pass "
                    + "\"missing_features\": \"zero\" to score missing features as 0.0",
                details: ["missing": .array(missingByRow), "expected_features": .array((names ?? []).map(JSONValue.string))])
        }
        if !invalid.isEmpty {
            throw ServingError(
                .invalidFeatures, "\(invalid.count) value(s) cannot be scored; fix them and retry",
                details: ["invalid": .array(invalid)])
        }
        matrix = FeatureMatrix(rows: rows.count, columns: n, values: values)
        warnings = unknown.isEmpty ? [] : [
            "ignored features the model does not know: \(unknown.sorted().joined(separator: ", "))"
        ]
    }

    /// Wraps an already-built matrix (binary protocols).
    public init(matrix: FeatureMatrix, for serving: ServingModel) throws(ServingError) {
        guard matrix.columns == serving.nFeatures else {
            throw ServingError(
                .invalidFeatures,
                "the input has \(matrix.columns) features per row but version '\(serving.version)' takes "
                    + "\(serving.nFeatures); send shape [rows, \(serving.nFeatures)]",
                details: ["expected": .int(serving.nFeatures), "received": .int(matrix.columns)])
        }
        let policy = serving.detector.nonFiniteInputs
        for (i, v) in matrix.values.enumerated() where !v.isFinite {
            if (v.isNaN && policy == .rejected) || (v.isInfinite && policy < .accepted) {
                let r = i / matrix.columns, c = i % matrix.columns
                let feature = serving.featureNames?[c] ?? "column \(c)"
                throw ServingError(
                    .invalidFeatures, "row \(r) feature \(feature) is \(v), which a \(serving.estimatorClass) cannot take",
                    details: ["invalid": .array([Self.problem(r, feature, "is \(v)")])])
            }
        }
        self.matrix = matrix
        self.warnings = []
    }

    private static func problem(_ row: Int, _ feature: String, _ what: String) -> JSONValue {
        .object(["row": .int(row), "feature": .string(feature), "problem": .string(what)])
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): "the boolean \(b)"
        case .int(let i): "the number \(Double(i))"
        case .double(let d): "the number \(d)"
        case .string(let s): "the string \"\(s.prefix(40))\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}
