/// Per-feature statistics of the windows a model was trained on: what the classifier measures deviations against.
///
/// It comes from a package's `training_info.feature_statistics` (`{name: {mean, std, min, max, p01, p50, p99}}`,
/// std with ddof 0, numpy's linear percentiles), which it decodes directly, or from a reference sample of
/// training windows (``init(sample:featureNames:)``).
///
/// ```swift
/// let reference = try JSONDecoder().decode(TrainingReference.self, from: featureStatisticsJSON)
/// ```
public struct TrainingReference: Sendable, Hashable, Codable {
    /// The statistics of one feature; only `mean` and `std` are required.
    public struct Statistics: Sendable, Hashable, Codable {
        /// Mean.
        public var mean: Double
        /// Population standard deviation (ddof 0).
        public var std: Double
        /// Smallest value.
        public var min: Double?
        /// Largest value.
        public var max: Double?
        /// 1st percentile.
        public var p01: Double?
        /// Median.
        public var p50: Double?
        /// 99th percentile.
        public var p99: Double?

        /// Creates statistics.
        public init(
            mean: Double, std: Double, min: Double? = nil, max: Double? = nil, p01: Double? = nil,
            p50: Double? = nil, p99: Double? = nil
        ) {
            self.mean = mean
            self.std = std
            self.min = min
            self.max = max
            self.p01 = p01
            self.p50 = p50
            self.p99 = p99
        }

        /// The value of one statistic, when known.
        public subscript(statistic: ReferenceStatistic) -> Double? {
            switch statistic {
            case .mean: return mean
            case .std: return std
            case .min: return min
            case .max: return max
            case .p01: return p01
            case .p50: return p50
            case .p99: return p99
            }
        }
    }

    /// Statistics by feature name.
    public var features: [String: Statistics]

    /// Creates a reference from statistics by feature name.
    ///
    /// - Throws: ``AgentsError/Code/invalidConfiguration`` when a statistic is not finite or a std is negative.
    public init(features: [String: Statistics]) throws(AgentsError) {
        for (name, s) in features {
            let values = [s.mean, s.std] + [s.min, s.max, s.p01, s.p50, s.p99].compactMap { $0 }
            guard values.allSatisfy(\.isFinite), s.std >= 0 else {
                throw AgentsError(
                    .invalidConfiguration,
                    "the training statistics of '\(name)' hold a non-finite value or a negative std (\(s)); "
                        + "regenerate training_info.feature_statistics")
            }
        }
        self.features = features
    }

    /// Computes the reference of a sample of training windows: mean, population std, min, max and numpy's
    /// linear 1st, 50th and 99th percentiles of every column.
    ///
    /// - Parameters:
    ///   - rows: the sample, one row per window, columns in `featureNames` order.
    ///   - featureNames: the columns' names (default: the 17 WiFi features in contract order).
    /// - Throws: ``AgentsError/Code/invalidConfiguration`` when the sample is empty, a row has another width, or
    ///   a value is not finite.
    public init(sample rows: [[Double]], featureNames: [String] = WiFiFeatures.names) throws(AgentsError) {
        guard !rows.isEmpty else {
            throw AgentsError(.invalidConfiguration, "the reference sample is empty; pass training windows")
        }
        var features: [String: Statistics] = [:]
        for (j, name) in featureNames.enumerated() {
            var column = [Double]()
            column.reserveCapacity(rows.count)
            for (i, row) in rows.enumerated() {
                guard row.count == featureNames.count else {
                    throw AgentsError(
                        .invalidConfiguration,
                        "reference sample row \(i + 1) has \(row.count) values for \(featureNames.count) features; "
                            + "pass rows in feature order")
                }
                guard row[j].isFinite else {
                    throw AgentsError(
                        .invalidConfiguration,
                        "reference sample row \(i + 1) has \(row[j]) for '\(name)'; drop non-finite rows")
                }
                column.append(row[j])
            }
            var sum = 0.0
            for x in column { sum += x }
            let mean = sum / Double(column.count)
            var squares = 0.0
            for x in column { squares += (x - mean) * (x - mean) }
            column.sort()
            features[name] = Statistics(
                mean: mean, std: (squares / Double(column.count)).squareRoot(), min: column.first,
                max: column.last, p01: Self.percentile(column, 1), p50: Self.percentile(column, 50),
                p99: Self.percentile(column, 99))
        }
        self.features = features
    }

    /// The statistics of one feature, when the reference has them.
    public subscript(feature: String) -> Statistics? { features[feature] }

    /// numpy's `percentile(..., method="linear")` of sorted values.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        let position = (q / 100) * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = Swift.min(below + 1, sorted.count - 1)
        let t = position - Double(below)
        let a = sorted[below]
        let b = sorted[above]
        let difference = b - a
        // numpy's _lerp: from the nearer end, for monotonicity.
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }

    /// Decodes `training_info.feature_statistics`: an object of feature names to statistics.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(features: container.decode([String: Statistics].self))
        } catch let error as AgentsError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the object of feature names to statistics.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(features)
    }
}
