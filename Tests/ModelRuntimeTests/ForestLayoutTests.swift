import Foundation
import ModelRuntime
import Testing
import TestSupport

@Suite("IsolationForest compiled layout")
struct ForestLayoutTests {
    /// Every IsolationForest in the zoo, to exercise varied depths, subsets and NaN routing.
    static let forests: [(String, IsolationForest)] = ((try? FixtureCase.all(in: Fixtures.directory("zoo"))) ?? [])
        .filter { $0.className == "IsolationForest" && $0.expectedError == nil }
        .compactMap { c in
            guard let d = try? ModelLoader.load(path: c.file).detector() as? IsolationForest else { return nil }
            return (c.name, d)
        }

    @Test("float32 thresholds give the same decision as float64 ones for every float32 input")
    func floatThresholdEquivalence() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let t = Double(Float.random(in: -1000...1000, using: &rng)) + Double.random(in: -1e-4...1e-4, using: &rng)
            let candidates: [Float] = [Float(t), Float(t).nextUp, Float(t).nextDown, .infinity, -.infinity, .random(in: -1000...1000)]
            let t32 = ForestLayoutTests.roundDown(t)
            for x in candidates {
                #expect((x <= t32) == (Double(x) <= t), "x=\(x) t=\(t)")
            }
        }
    }

    /// The rule the compiled layout uses, restated independently: the largest Float not above t.
    static func roundDown(_ t: Double) -> Float {
        var f = Float(t)
        while Double(f) > t { f = f.nextDown }
        return f
    }

    @Test("the padded branch-free descent equals the node-by-node walk on random and extreme rows")
    func compiledEqualsReference() throws {
        #expect(!Self.forests.isEmpty, "no IsolationForest fixtures found")
        var rng = SystemRandomNumberGenerator()
        for (name, forest) in Self.forests {
            let n = forest.nFeaturesIn
            var values: [Double] = []
            for r in 0..<300 {
                for _ in 0..<n {
                    switch r % 7 {
                    case 0: values.append(Double.random(in: -1e6...1e6, using: &rng))
                    case 1: values.append([Double.nan, .infinity, -.infinity, 0, -0.0, 1e300, -1e300][Int.random(in: 0..<7, using: &rng)])
                    default: values.append(Double.random(in: -3...60, using: &rng))
                    }
                }
            }
            let x = FeatureMatrix(rows: 300, columns: n, values: values)
            let fast = forest.depthSums(x)
            let reference = forest.referenceDepthSums(x)
            #expect(Compare.identicalCount(fast, reference) == 300, "\(name): \(Compare.firstMismatch(fast, reference, absolute: 0) ?? "")")
        }
    }

    @Test("multi-threaded scoring equals single-threaded scoring")
    func threadsAgree() throws {
        guard let (_, forest) = Self.forests.first else { return }
        let n = forest.nFeaturesIn
        var rng = SystemRandomNumberGenerator()
        let x = FeatureMatrix(rows: 20_000, columns: n, values: (0..<20_000 * n).map { _ in Double.random(in: -5...50, using: &rng) })
        let one = try forest.evaluate(x)
        let two = try forest.evaluate(x, threads: 2)
        #expect(one == two)
    }

    @Test("c(n) matches scikit-learn's _average_path_length (values printed by sklearn 1.9.1)", arguments: [
        (0.0, 0.0), (1.0, 0.0), (2.0, 1.0), (3.0, 1.207392357589623), (256.0, 10.244770920119917),
    ])
    func averagePathLength(_ pair: (Double, Double)) {
        #expect(abs(IsolationForest.averagePathLength(pair.0) - pair.1) <= 1e-15)
    }
}
