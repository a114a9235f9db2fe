import Foundation
import ModelPackage
import Testing

@Suite("QualityRules applies seed 002's quality checks carefully")
struct QualityRulesTests {
    static let now = Date(timeIntervalSince1970: 1_733_227_200)  // 2024-12-03T12:00:00Z
    static let good = PackageMetrics(precision: 0.9, recall: 0.9, f1Score: 0.9, rocAUC: 0.95)
    static let names = (1...17).map { "f\($0)" }

    static func evaluate(
        _ metrics: PackageMetrics? = good, names: [String]? = names, nEstimators: Int? = 100, created: Date? = now,
        rules: QualityRules = QualityRules()
    ) -> QualityRules.Findings {
        rules.evaluate(
            QualityRules.Input(metrics: metrics, featureNames: names, nEstimators: nEstimators, createdAt: created,
                               now: now))
    }

    @Test("score = 1 − 0.2·errors − 0.05·warnings, clamped to [0, 1], exact in hundredths",
          arguments: [
            (0, 0, 1.0), (1, 0, 0.8), (0, 1, 0.95), (1, 4, 0.6), (2, 0, 0.6), (2, 1, 0.55), (0, 8, 0.6),
            (3, 0, 0.4), (5, 0, 0.0), (4, 5, 0.0), (10, 10, 0.0), (0, 20, 0.0), (0, 3, 0.85),
          ])
    func score(_ errors: Int, _ warnings: Int, _ expected: Double) {
        #expect(QualityRules.score(errors: errors, warnings: warnings) == expected)
    }

    @Test("a good model gives no findings")
    func good() {
        let f = Self.evaluate()
        #expect(f.errors.isEmpty && f.warnings.isEmpty && f.recommendations.isEmpty && f.notes.isEmpty)
        #expect(f.ageDays == 0)
    }

    @Test("metric thresholds: error, warning with recommendation, or nothing",
          arguments: [
            (0.49, "low_f1_score", "error"), (0.5, "low_f1_score", "warning"), (0.69, "low_f1_score", "warning"),
            (0.7, "low_f1_score", "none"), (0.59, "low_roc_auc", "error"), (0.6, "low_roc_auc", "warning"),
            (0.79, "low_roc_auc", "warning"), (0.8, "low_roc_auc", "none"), (0.49, "low_precision", "warning"),
            (0.5, "low_precision", "none"), (0.49, "low_recall", "warning"), (0.5, "low_recall", "none"),
          ])
    func metricThresholds(_ value: Double, _ code: String, _ severity: String) throws {
        var m = Self.good
        switch code {
        case "low_f1_score": m.f1Score = value
        case "low_roc_auc": m.rocAUC = value
        case "low_precision": m.precision = value
        default: m.recall = value
        }
        let f = Self.evaluate(m)
        let errors = f.errors.map(\.code.rawValue), warnings = f.warnings.map(\.code.rawValue)
        switch severity {
        case "error": #expect(errors == [code] && warnings.isEmpty)
        case "warning":
            #expect(errors.isEmpty && warnings == [code])
            if code == "low_f1_score" || code == "low_roc_auc" {
                #expect(f.recommendations.map(\.code.rawValue) == [code])
            }
        default: #expect(errors.isEmpty && warnings.isEmpty)
        }
    }

    @Test("an absent metric is a note and a recommendation, never a zero")
    func absentMetric() {
        let f = Self.evaluate(PackageMetrics(precision: 0.9, recall: 0.9, f1Score: 0.9))
        #expect(f.errors.isEmpty && f.warnings.isEmpty)
        #expect(f.notes.map(\.code) == [.metricNotReported])
        #expect(f.notes.first?.path == "evaluation_info.basic_metrics.roc_auc")
        #expect(f.recommendations.map(\.code) == [.metricNotReported])
        let none = Self.evaluate(nil)
        #expect(none.errors.isEmpty && none.warnings.isEmpty)
        #expect(none.notes.count == 4)
    }

    @Test("findings of every check accumulate instead of replacing each other")
    func accumulate() {
        let f = Self.evaluate(
            PackageMetrics(precision: 0.4, recall: 0.4, f1Score: 0.45, rocAUC: 0.5), names: ["a", "b"],
            nEstimators: 10, created: Self.now.addingTimeInterval(-40 * 86_400),
            rules: QualityRules(expectedFeatures: ["hour_of_day"]))
        #expect(Set(f.errors.map(\.code)) == [.lowF1Score, .lowROCAUC])
        #expect(Set(f.warnings.map(\.code)) == [
            .fewEstimators, .lowPrecision, .lowRecall, .fewFeatures, .missingExpectedFeatures, .modelStale,
        ])
    }

    @Test("expected features are configurable and empty by default")
    func expectedFeatures() {
        #expect(Self.evaluate().warnings.isEmpty)
        let f = Self.evaluate(rules: QualityRules(expectedFeatures: ["f1", "hour_of_day", "message_length"]))
        #expect(f.warnings.map(\.code) == [.missingExpectedFeatures])
        #expect(f.warnings.first?.message.contains("hour_of_day, message_length") == true)
    }

    @Test("age against the injected clock: > 30 days stale, > 7 days aging, whole days rounded down",
          arguments: [
            ("2024-12-03T11:00:00Z", 0, nil), ("2024-11-25T12:00:01Z", 7, nil), ("2024-11-25T12:00:00Z", 8, "model_aging"),
            ("2024-11-25T11:59:59", 8, "model_aging"), ("2024-11-03T12:00:01+00:00", 29, "model_aging"),
            ("2024-11-02T12:00:00.5", 30, "model_aging"), ("2024-11-02T12:00:00", 31, "model_stale"),
            ("2024-11-02T13:00:00+01:00", 31, "model_stale"), ("2024-10-01T09:00:00", 63, "model_stale"),
          ] as [(String, Int, String?)])
    func age(_ created: String, _ days: Int, _ code: String?) throws {
        let stamp = try #require(Timestamp(iso8601: created))
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        let f = Self.evaluate(created: stamp.date(naiveTimeZone: utc))
        #expect(f.ageDays == days)
        #expect(f.warnings.map(\.code.rawValue) == (code.map { [$0] } ?? []))
        if code == "model_stale" { #expect(f.warnings.first?.message.contains("consider retraining") == true) }
        if code == "model_aging" { #expect(f.warnings.first?.message.contains("monitor for drift") == true) }
    }

    @Test("a naive creation time is read in the configured zone")
    func naiveZone() throws {
        let stamp = try #require(Timestamp(iso8601: "2024-11-25T14:00:00"))
        let plus3 = try #require(TimeZone(secondsFromGMT: 3 * 3600))
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        #expect(Self.evaluate(created: stamp.date(naiveTimeZone: utc)).ageDays == 7)
        #expect(Self.evaluate(created: stamp.date(naiveTimeZone: plus3)).ageDays == 8)
    }

    @Test("an unknown creation date is a note, not a warning")
    func unknownAge() {
        let f = Self.evaluate(created: nil)
        #expect(f.warnings.isEmpty && f.notes.map(\.code) == [.modelAgeUnknown])
        #expect(f.ageDays == nil)
    }
}
