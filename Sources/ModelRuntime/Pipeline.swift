/// scikit-learn's `Pipeline`: transformers applied in order, then a final outlier detector.
///
/// A separately shipped scaler (a deployment package's `scaler.joblib`) is composed the same way.
public struct Pipeline: OutlierDetector {
    /// `Pipeline`.
    public var className: String { "Pipeline" }
    /// The named transformer steps, in order.
    public let transformers: [(name: String, transformer: any FeatureTransformer)]
    /// The final detector.
    public let detector: any OutlierDetector

    /// Creates a pipeline.
    ///
    /// - Throws: `featureCountMismatch` when a step's output width differs from the next step's input.
    public init(
        transformers: [(name: String, transformer: any FeatureTransformer)], detector: any OutlierDetector
    ) throws(ModelRuntimeError) {
        var width = transformers.first?.transformer.nFeaturesIn ?? detector.nFeaturesIn
        for step in transformers {
            guard step.transformer.nFeaturesIn == width else {
                throw ModelRuntimeError(
                    .featureCountMismatch,
                    "pipeline step '\(step.name)' expects \(step.transformer.nFeaturesIn) features but receives \(width)")
            }
            width = step.transformer.nFeaturesIn
        }
        guard detector.nFeaturesIn == width else {
            throw ModelRuntimeError(
                .featureCountMismatch,
                "the scaler produces \(width) features but \(detector.className) expects \(detector.nFeaturesIn)")
        }
        self.transformers = transformers
        self.detector = detector
    }

    /// The first step's input width.
    public var nFeaturesIn: Int { transformers.first?.transformer.nFeaturesIn ?? detector.nFeaturesIn }

    /// Feature names from the first step that has them (a scaler fitted on a DataFrame).
    public var featureNames: [String]? {
        transformers.first?.transformer.featureNames ?? detector.featureNames
    }

    /// The most restrictive policy of any step (NaN passes through the scalers unchanged).
    public var nonFiniteInputs: NonFiniteInputs {
        transformers.map(\.transformer.nonFiniteInputs).reduce(detector.nonFiniteInputs, min)
    }

    /// The final detector's class name, e.g. `IsolationForest`.
    public var finalClassName: String { detector.className }

    /// Transforms, then scores, a chunk of rows at a time so a large batch is never copied whole.
    public func evaluateUnchecked(_ x: FeatureMatrix) -> OutlierScores {
        let chunk = 4096
        guard x.rows > chunk else { return detector.evaluateUnchecked(transformAll(x)) }
        var out = OutlierScores(scoreSamples: [], decisionFunction: [], predict: [])
        out.scoreSamples.reserveCapacity(x.rows)
        out.decisionFunction.reserveCapacity(x.rows)
        out.predict.reserveCapacity(x.rows)
        var start = 0
        while start < x.rows {
            let end = min(x.rows, start + chunk)
            let part = FeatureMatrix(
                rows: end - start, columns: x.columns, values: Array(x.values[start * x.columns..<end * x.columns]))
            let scores = detector.evaluateUnchecked(transformAll(part))
            out.scoreSamples += scores.scoreSamples
            out.decisionFunction += scores.decisionFunction
            out.predict += scores.predict
            start = end
        }
        return out
    }

    func transformAll(_ x: FeatureMatrix) -> FeatureMatrix {
        var m = x
        for step in transformers { m = step.transformer.transformUnchecked(m) }
        return m
    }
}

/// A `Pipeline` made only of transformers.
public struct TransformerPipeline: FeatureTransformer {
    /// `Pipeline`.
    public var className: String { "Pipeline" }
    /// The steps.
    public let transformers: [(name: String, transformer: any FeatureTransformer)]
    /// First step's input width.
    public var nFeaturesIn: Int { transformers.first?.transformer.nFeaturesIn ?? 0 }
    /// First step's feature names.
    public var featureNames: [String]? { transformers.first?.transformer.featureNames }
    /// The most restrictive policy of any step.
    public var nonFiniteInputs: NonFiniteInputs {
        transformers.map(\.transformer.nonFiniteInputs).reduce(.accepted, min)
    }

    /// Applies each step.
    public func transformUnchecked(_ x: FeatureMatrix) -> FeatureMatrix {
        var m = x
        for step in transformers { m = step.transformer.transformUnchecked(m) }
        return m
    }
}
