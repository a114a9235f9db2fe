public import Agents
import DataFormats
public import Foundation
import PackageImport
import Serving
public import WardenConfig

/// `warden agents evaluate`: runs an agent's exact pipeline — ``WindowExtractor`` → ``WindowScorer`` (the version's
/// prediction and threshold) → ``AnomalyClassifier`` with the persistence of each AP's windows → severity — over
/// labelled log records, offline, storing nothing, and measures it against the labels (``DetectionEvaluation``).
///
/// ```swift
/// let model = try await AgentEvaluator.model(package: URL(fileURLWithPath: "model.zip"), rules: .standard)
/// let result = try AgentEvaluator.evaluate(FileLogSource(path: "logs.jsonl").all, model: model, labels: labels)
/// print(result.report.atLeast(.high))
/// ```
public enum AgentEvaluator {
    /// What an evaluation measured, and of what.
    public struct Result: Sendable, Codable {
        /// The model and version that scored.
        public var model: String
        /// The version.
        public var version: String
        /// The extractor's counters (events, scored, skipped, late).
        public var counters: ExtractorCounters
        /// Records that could not be parsed.
        public var malformed: Int
        /// The figures.
        public var report: DetectionReport
    }

    /// Reads a labels file: `{"windows": [{"ap", "window_start", "kind"}]}`.
    ///
    /// - Throws: ``AppError`` `invalid_request` naming the problem.
    public static func labels(json: Data) throws -> [DetectionEvaluation.Label] {
        do { return try JSONDecoder().decode(DetectionEvaluation.Labels.self, from: json).windows } catch {
            throw AppError(
                .invalidRequest,
                "the labels cannot be read: \(error); write {\"windows\": [{\"ap\": \"ap-01\", \"window_start\": "
                    + "\"2026-01-12T08:05:00Z\", \"kind\": \"deauth_flood\"}]}",
                cause: error)
        }
    }

    /// A deployment package (ZIP or folder) prepared to score windows, outside any registry: its model, scaler and
    /// threshold; its training statistics; its reference sample scored for the calibration.
    ///
    /// - Throws: ``ImportError`` for a package that does not read, ``ServingError`` for one that does not load,
    ///   ``AppError`` `conflict` when it needs features an agent does not extract.
    public static func model(package url: URL, rules: ClassifierRules) async throws -> WindowModel {
        let (record, files) = try await PackageImporter.read(packageAt: url)
        let serving = try VersionLoader.load(record, files: files)
        let profile = try files[ReferenceSamples.packageFile].map {
            try ReferenceSamples.profile(csv: $0, serving: serving, source: .package, capturedAt: record.importedAt)
        }
        return try WindowModel(serving, rules: rules, profile: profile)
    }

    /// Runs the pipeline over records (every window still open at the end is closed, as `agents scan` does) and
    /// measures it against the labels.
    ///
    /// - Parameters:
    ///   - parsed: the records, in arrival order.
    ///   - model: the prepared version with the agent's rules.
    ///   - configuration: the agent's windows.
    ///   - labels: the attack windows.
    /// - Throws: the scorer's errors.
    public static func evaluate(
        _ parsed: LogRecords.Parsed, model: WindowModel, configuration: ExtractorConfiguration = .standard,
        labels: [DetectionEvaluation.Label]
    ) throws -> Result {
        var extractor = WindowExtractor(configuration: configuration)
        var closed: [ClosedWindow] = []
        for e in parsed.events { closed += extractor.push(e) }
        closed += extractor.finish()
        var persistence = PersistenceTracker()
        let batch = try WindowScorer.offline().score(
            closed, agent: "evaluate", primary: model, persistence: &persistence)
        var anomalies: [String: AnomalyRecord] = [:]
        for a in batch.anomalies { anomalies["\(a.entity)\u{0}\(a.windowStart.microseconds)"] = a }
        var evaluation = DetectionEvaluation(labels: labels)
        for w in batch.scored {
            let a = anomalies["\(w.entity)\u{0}\(w.windowStart)"]
            evaluation.add(
                entity: w.entity, windowStart: w.windowStart, modelFlagged: w.verdict.isAnomaly,
                classification: a.map { ($0.type, $0.severity) })
        }
        return Result(
            model: model.serving.model, version: model.serving.version, counters: extractor.counters,
            malformed: parsed.malformed.count, report: evaluation.report())
    }

    /// The windows of an agent's settings.
    ///
    /// - Throws: ``AgentsError`` for invalid window settings.
    public static func configuration(_ agent: AgentSettings) throws -> ExtractorConfiguration {
        try ExtractorConfiguration(
            windowSeconds: Int64(agent.windowSeconds), graceSeconds: Int64(agent.graceSeconds),
            minEvents: agent.minEvents)
    }
}
