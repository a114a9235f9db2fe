import Agents
import Foundation
import Testing

@Suite("TrainingReference: the model's per-feature training statistics")
struct TrainingReferenceTests {
    @Test(
        "computes mean, population std and numpy's linear percentiles of a sample",
        arguments: [
            ([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1.09, 5.5, 9.91], 5.5, 2.8722813232690143),
            (
                [0.3, -1.5, 2.25, 7.0, 0.1, 0.1, 9.75], [-1.404, 0.3, 9.584999999999999], 2.5714285714285716,
                3.8766569860841575
            ),
            ([5.0], [5.0, 5.0, 5.0], 5.0, 0.0),
            ([0.0, 1e-3], [1e-05, 0.0005, 0.00099], 0.0005, 0.0005),
        ] as [([Double], [Double], Double, Double)])
    func sample(values: [Double], percentiles: [Double], mean: Double, std: Double) throws {
        let reference = try TrainingReference(sample: values.map { [$0] }, featureNames: ["x"])
        let s = try #require(reference["x"])
        #expect([s.p01, s.p50, s.p99] == percentiles)
        #expect(abs(s.mean - mean) <= 1e-15 * max(1, abs(mean)))
        #expect(abs(s.std - std) <= 1e-14 * max(1, std))
        #expect(s.min == values.min())
        #expect(s.max == values.max())
    }

    @Test("decodes training_info.feature_statistics as packages write it")
    func decodes() throws {
        let json = #"""
            {"deauth_ratio": {"mean": 0.02, "std": 0.01, "min": 0.0, "max": 0.1, "p01": 0.0, "p50": 0.015, "p99": 0.08},
             "unique_mac_count": {"mean": 15.5, "std": 8}}
            """#
        let reference = try JSONDecoder().decode(TrainingReference.self, from: Data(json.utf8))
        #expect(reference["deauth_ratio"]?.p50 == 0.015)
        #expect(reference["unique_mac_count"]?.p99 == nil)
        #expect(reference["unique_mac_count"]?[.mean] == 15.5)
        let again = try JSONDecoder().decode(TrainingReference.self, from: JSONEncoder().encode(reference))
        #expect(again == reference)
    }

    @Test("rejects empty or ragged samples, non-finite values and negative stds")
    func rejects() {
        #expect(throws: AgentsError.self) { try TrainingReference(sample: [], featureNames: ["x"]) }
        #expect(throws: AgentsError.self) { try TrainingReference(sample: [[1, 2]], featureNames: ["x"]) }
        #expect(throws: AgentsError.self) { try TrainingReference(sample: [[.nan]], featureNames: ["x"]) }
        #expect(throws: AgentsError.self) {
            try TrainingReference(features: ["x": .init(mean: 0, std: -1)])
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(TrainingReference.self, from: Data(#"{"x": {"mean": 1, "std": -2}}"#.utf8))
        }
    }
}
