import DataFormats
import Foundation
import Logging
import ModelRuntime
import Registry
import Serving
import TestSupport
import Testing

/// Seed 003's prediction semantics on the valid package, against scikit-learn's own outputs
/// (python/fixtures/serving.py). Tolerance: exact — the native forest is bit-identical to scikit-learn run with
/// numpy's glibc libm kernels, which is how the reference was computed.
@Suite("Prediction")
struct PredictionTests {
    static func serving(threshold: Double?? = .none) async throws -> (ServingModel, ServingFixture) {
        let fixture = try await ServingFixture.make(deploy: false)
        var record = try await fixture.store.record(model: ServingFixture.model, version: ServingFixture.version)
        if case .some(let t) = threshold { record.inferenceConfig.threshold = t }
        let loaded = try await VersionLoader(store: fixture.store, artifacts: fixture.artifacts).load(record)
        return (loaded, fixture)
    }

    @Test("scores, labels and raw outputs equal scikit-learn's for the sample rows")
    func equalsScikitLearn() async throws {
        let expected = try ServingExpected.load()
        let (serving, fixture) = try await Self.serving()
        defer { fixture.remove() }
        let input = try FeatureInput(rows: expected.rows, for: serving, missing: .reject)
        let p = try serving.predict(input, outputs: [.scoreSamples, .decisionFunction, .predict])
        #expect(p.scores == expected.scores)
        #expect(p.scoreSamples == expected.scoreSamples)
        #expect(p.decisionFunction == expected.decisionFunction)
        #expect(p.predict == expected.predict)
        #expect(p.predictions == expected.predictions)
        #expect(p.threshold == expected.threshold)
        #expect(serving.thresholdSource == .manifest)
        #expect(p.anomalyCount == expected.predictions.reduce(0, +))
        #expect(p.totalSamples == expected.rows.count)
        #expect(p.modelVersion == ServingFixture.version)
    }

    @Test("without a manifest threshold, labels are scikit-learn's predict and the threshold is -offset_")
    func modelThreshold() async throws {
        let expected = try ServingExpected.load()
        let (serving, fixture) = try await Self.serving(threshold: .some(nil))
        defer { fixture.remove() }
        #expect(serving.thresholdSource == .model)
        let p = try serving.predict(try FeatureInput(rows: expected.rows, for: serving, missing: .reject))
        #expect(p.predictions == expected.predict.map { $0 == -1 ? 1 : 0 })
        // -offset_ recovered as score_samples - decision_function: within one ulp of 0.5-ish values.
        let json = try JSONValue.parse(Data(contentsOf: Fixtures.directory("serving/expected.json")))
        let offset = try #require(json["offset"]?.double)
        #expect(abs(p.threshold - -offset) <= 1e-15)
    }

    @Test("a missing feature is named for every row that lacks it")
    func missingFeatures() async throws {
        let expected = try ServingExpected.load()
        let (serving, fixture) = try await Self.serving()
        defer { fixture.remove() }
        var rows = Array(expected.rows.prefix(3))
        if case .object(var o) = rows[0] { o["deauth_ratio"] = nil; o["beacon_ratio"] = nil; rows[0] = .object(o) }
        if case .object(var o) = rows[2] { o["total_devices"] = nil; rows[2] = .object(o) }
        let error = #expect(throws: ServingError.self) {
            try FeatureInput(rows: rows, for: serving, missing: .reject)
        }
        #expect(error?.code == .missingFeatures)
        #expect(error?.details["missing"] == .array([
            .object(["row": .int(0), "features": .array([.string("deauth_ratio"), .string("beacon_ratio")])]),
            .object(["row": .int(2), "features": .array([.string("total_devices")])]),
        ]))
        // The seed's policy: missing features are 0.0.
        let zero = try FeatureInput(rows: rows, for: serving, missing: .zero)
        let names = try #require(serving.featureNames)
        #expect(zero.matrix.values[names.firstIndex(of: "deauth_ratio")!] == 0)
        #expect(zero.matrix.values[2 * names.count + names.firstIndex(of: "total_devices")!] == 0)
    }

    @Test("unknown features are ignored with a warning naming them")
    func unknownFeatures() async throws {
        let expected = try ServingExpected.load()
        let (serving, fixture) = try await Self.serving()
        defer { fixture.remove() }
        guard case .object(var o) = expected.rows[0] else { Issue.record("row is not an object"); return }
        o["zz_extra"] = .int(1)
        o["aa_extra"] = .int(2)
        let input = try FeatureInput(rows: [.object(o)], for: serving, missing: .reject)
        #expect(input.warnings == ["ignored features the model does not know: aa_extra, zz_extra"])
        #expect(try serving.predict(input).scores == [expected.scores[0]])
    }

    @Test("non-numeric values and infinities are named by row and feature", arguments: [
        (JSONValue.string("high"), "is the string \"high\", not a number"),
        (JSONValue.bool(true), "is the boolean true, not a number"),
        (JSONValue.string("Infinity"), "is infinite, which a IsolationForest cannot take"),
    ])
    func invalidValues(value: JSONValue, problem: String) async throws {
        let expected = try ServingExpected.load()
        let (serving, fixture) = try await Self.serving()
        defer { fixture.remove() }
        guard case .object(var o) = expected.rows[1] else { Issue.record("row is not an object"); return }
        o["error_ratio"] = value
        let error = #expect(throws: ServingError.self) {
            try FeatureInput(rows: [expected.rows[0], .object(o)], for: serving, missing: .reject)
        }
        #expect(error?.code == .invalidFeatures)
        #expect(error?.details["invalid"] == .array([
            .object(["row": .int(1), "feature": .string("error_ratio"), "problem": .string(problem)])
        ]))
    }

    @Test("rows given as arrays are read in training column order")
    func arrayRows() async throws {
        let expected = try ServingExpected.load()
        let (serving, fixture) = try await Self.serving()
        defer { fixture.remove() }
        let arrays: [JSONValue] = expected.rows.map { row in
            .array(expected.featureNames.map { row[$0] ?? .null })
        }
        let p = try serving.predict(try FeatureInput(rows: arrays, for: serving, missing: .reject))
        #expect(p.scores == expected.scores)
        let short = #expect(throws: ServingError.self) {
            try FeatureInput(rows: [.array([.int(1)])], for: serving, missing: .reject)
        }
        #expect(short?.code == .invalidFeatures)
    }

    @Test("predict_proba: P(anomaly) > 1/2 exactly for predicted anomalies, rows sum to 1, monotonic in the score")
    func probabilities() async throws {
        let expected = try ServingExpected.load()
        let (serving, fixture) = try await Self.serving()
        defer { fixture.remove() }
        let p = try serving.predict(
            try FeatureInput(rows: expected.rows, for: serving, missing: .reject), outputs: [.probabilities])
        let probabilities = try #require(p.probabilities)
        for (i, pair) in probabilities.enumerated() {
            #expect(pair.count == 2)
            #expect(abs(pair[0] + pair[1] - 1) <= 1e-15)
            #expect((pair[1] > 0.5) == (p.predictions[i] == 1))
            #expect((0...1).contains(pair[1]))
        }
        let order = p.scores.indices.sorted { p.scores[$0] < p.scores[$1] }
        for (a, b) in zip(order, order.dropFirst()) { #expect(probabilities[a][1] <= probabilities[b][1]) }
    }

    @Test("an unknown output name is refused naming the accepted ones")
    func unknownOutput() {
        let error = #expect(throws: ServingError.self) { try PredictionOutputs(names: ["predict", "proba"]) }
        #expect(error?.message.contains("score_samples, decision_function, predict or predict_proba") == true)
    }
}
