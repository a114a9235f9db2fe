public import Agents
import DataFormats
public import DriftService
import ModelRuntime
public import Foundation
public import Registry
public import Serving

/// The model side of an agent: a loaded version, the map from the 17 window features to the model's columns, and
/// the classifier with the version's training reference. Built once per version an agent scores with.
public struct WindowModel: Sendable {
    /// The loaded version.
    public let serving: ServingModel
    /// For each model column, the index of the WiFi feature it takes.
    public let columns: [Int]
    /// The classifier, with the version's training reference.
    public let classifier: AnomalyClassifier

    /// Prepares a version to score WiFi windows.
    ///
    /// - Throws: ``AppError`` `conflict` naming the features the model needs that the agent does not extract;
    ///   ``AgentsError`` for invalid rules or training statistics.
    public init(
        _ serving: ServingModel, rules: ClassifierRules, reference: TrainingReference?,
        calibration: ScoreCalibration? = nil
    ) throws {
        self.serving = serving
        self.columns = try Self.columns(of: serving)
        self.classifier = try AnomalyClassifier(
            rules: rules, reference: reference ?? TrainingReference(features: [:]), calibration: calibration)
    }

    /// Prepares a version with what its package's reference sample gives: the training reference
    /// (`training_info.feature_statistics` first, else the sample's own statistics) and the score calibration (the
    /// version's scores of the sample).
    ///
    /// - Throws: as ``init(_:rules:reference:calibration:)``.
    public init(_ serving: ServingModel, rules: ClassifierRules, profile: ReferenceProfile?) throws {
        var reference = Self.reference(of: serving.record)
        if reference == nil, let profile, Set(profile.featureNames).isSubset(of: Set(WiFiFeatures.names)),
            let count = profile.featureColumns.first?.count, count > 0
        {
            let rows = (0..<count).map { i in profile.featureColumns.map { $0[i] } }
            reference = try? TrainingReference(sample: rows, featureNames: profile.featureNames)
        }
        let calibration = profile.flatMap { try? ScoreCalibration(referenceScores: $0.scores) }
        try self.init(serving, rules: rules, reference: reference, calibration: calibration)
    }

    /// The WiFi feature index of each of the model's columns.
    ///
    /// - Throws: ``AppError`` `conflict` naming the unknown features, or saying the model has no feature names.
    public static func columns(of serving: ServingModel) throws(AppError) -> [Int] {
        guard let names = serving.featureNames else {
            throw AppError(
                .conflict,
                "version '\(serving.version)' of '\(serving.model)' records no feature names, so its columns cannot be "
                    + "matched to the agent's features; package it with training_info.feature_names",
                details: ["model": .string(serving.model), "version": .string(serving.version)])
        }
        let unknown = names.filter { WiFiFeatures.Name(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            throw AppError(
                .conflict,
                "version '\(serving.version)' of '\(serving.model)' needs features a WiFi agent does not extract: "
                    + unknown.joined(separator: ", ") + "; pair the agent with a model trained on the 17 WiFi features",
                details: [
                    "model": .string(serving.model), "version": .string(serving.version),
                    "unknown_features": .array(unknown.map(JSONValue.string)),
                ])
        }
        do { return try WiFiFeatures.columns(for: names) } catch {
            throw AppError(.conflict, error.message, cause: error)
        }
    }

    /// The training reference of a version: `training_info.feature_statistics` of its metadata, else nil (the
    /// caller may build one from the package's reference sample).
    public static func reference(of record: VersionRecord) -> TrainingReference? {
        guard let text = record.metadataJSON, let doc = try? JSONValue.parse(text.utf8),
            let stats = doc["training_info"]?["feature_statistics"], case .object = stats
        else { return nil }
        let data = Data(JSONWriter.text(stats).utf8)
        return try? JSONDecoder().decode(TrainingReference.self, from: data)
    }
}

/// What scoring a run of closed windows produced.
public struct ScoredBatch: Sendable {
    /// Every window's outcome (primary and shadow).
    public var outcomes: [WindowOutcomeRecord]
    /// The anomalies (primary model and rules), as the contract's records.
    public var anomalies: [AnomalyRecord]
    /// The windows the primary model scored, with its verdicts, in closing order.
    public var scored: [ScoredWindow] = []
}

/// Scores closed windows with an agent's model(s) through the serving path (the same threshold rule as `/predict`,
/// recorded by monitoring as predictions of that version) and classifies them.
public struct WindowScorer: Sendable {
    let predictions: PredictionService?
    let clock: @Sendable () -> Date

    /// Creates a scorer.
    public init(predictions: PredictionService, clock: @escaping @Sendable () -> Date = Date.init) {
        self.predictions = predictions
        self.clock = clock
    }

    private init(clock: @escaping @Sendable () -> Date) {
        predictions = nil
        self.clock = clock
    }

    /// A scorer outside a server (`warden agents evaluate`): the same prediction (``ServingModel/predict``, the
    /// version's threshold), recorded nowhere.
    public static func offline(clock: @escaping @Sendable () -> Date = Date.init) -> WindowScorer {
        WindowScorer(clock: clock)
    }

    /// Scores and classifies windows.
    ///
    /// - Parameters:
    ///   - windows: closed windows, in closing order (skipped ones become `skipped` outcomes).
    ///   - agent: the agent's id.
    ///   - primary: the model whose verdicts become anomalies.
    ///   - shadow: a candidate model scoring the same windows apart (outcomes only).
    ///   - persistence: the runs of anomalous windows per AP, updated with these windows (the persistence
    ///     evidence of the severity).
    public func score(
        _ windows: [ClosedWindow], agent: String, primary: WindowModel, shadow: WindowModel? = nil,
        persistence: inout PersistenceTracker
    ) throws -> ScoredBatch {
        let now = clock()
        var batch = ScoredBatch(outcomes: [], anomalies: [])
        let scored = windows.filter { !$0.isSkipped }
        let primaryVerdicts = scored.isEmpty ? [] : try verdicts(scored, primary)
        let createdAt = Timestamp(microseconds: Int64((now.timeIntervalSince1970 * 1e6).rounded()))
        var next = 0
        for w in windows {
            guard !w.isSkipped else {
                persistence.record(entity: w.entity, start: w.start, end: w.end, anomalous: false)
                batch.outcomes.append(
                    WindowOutcomeRecord(
                        agent: agent, entity: w.entity, windowStart: w.start, windowEnd: w.end,
                        eventCount: w.eventCount, outcome: .skipped, recordedAt: now))
                continue
            }
            let verdict = primaryVerdicts[next]
            next += 1
            guard let window = ScoredWindow(w, verdict: verdict) else { continue }
            batch.scored.append(window)
            let classification = try primary.classifier.classify(
                window, precedingAnomalous: persistence.preceding(entity: w.entity, start: w.start))
            persistence.record(entity: w.entity, start: w.start, end: w.end, anomalous: classification != nil)
            batch.outcomes.append(
                WindowOutcomeRecord(
                    agent: agent, entity: w.entity, windowStart: w.start, windowEnd: w.end, eventCount: w.eventCount,
                    outcome: classification == nil ? .normal : .anomaly, model: verdict.model,
                    version: verdict.modelVersion, score: verdict.score, threshold: verdict.threshold, recordedAt: now))
            if let classification {
                batch.anomalies.append(
                    AnomalyRecord(agent: agent, window: window, classification: classification, createdAt: createdAt))
            }
        }
        if let shadow, !scored.isEmpty {
            for (w, verdict) in zip(scored, try verdicts(scored, shadow)) {
                let flagged =
                    ScoredWindow(w, verdict: verdict).flatMap { try? shadow.classifier.classify($0) } != nil
                batch.outcomes.append(
                    WindowOutcomeRecord(
                        agent: agent, shadow: true, entity: w.entity, windowStart: w.start, windowEnd: w.end,
                        eventCount: w.eventCount, outcome: flagged ? .anomaly : .normal, model: verdict.model,
                        version: verdict.modelVersion, score: verdict.score, threshold: verdict.threshold,
                        recordedAt: now))
            }
        }
        return batch
    }

    /// The model's verdicts of scored windows, one prediction for the batch.
    func verdicts(_ windows: [ClosedWindow], _ model: WindowModel) throws -> [ModelVerdict] {
        let width = model.columns.count
        var values = [Double]()
        values.reserveCapacity(windows.count * width)
        for w in windows {
            guard let features = w.features else { continue }
            for c in model.columns { values.append(features[c]) }
        }
        let matrix = FeatureMatrix(rows: windows.count, columns: width, values: values)
        let serving = model.serving
        let input = try FeatureInput(matrix: matrix, for: serving)
        let prediction =
            try predictions?.score(input, on: serving, limitRows: false) ?? serving.predict(input)
        return prediction.scores.indices.map { i in
            ModelVerdict(
                model: serving.model, modelVersion: serving.version, score: prediction.scores[i],
                threshold: prediction.threshold, isAnomaly: prediction.predictions[i] == 1)
        }
    }
}
