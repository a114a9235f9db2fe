import Foundation
import ModelRuntime
import Testing
import TestSupport

/// Tolerances, stated once:
/// - IsolationForest: bit-identical to scikit-learn run with numpy's glibc kernels (`*_libm` outputs), and
///   |Δ| ≤ 1e-12 from default numpy, whose AVX-512 `2**x` may differ from glibc's `pow` by one ulp; labels identical.
/// - LocalOutlierFactor, OneClassSVM, EllipticEnvelope: |Δ| ≤ 1e-12 + 1e-9·|expected|.
/// - Scalers: bit-identical.
enum Tolerance {
    static let forestDefaultAbsolute = 1e-12
    static let otherAbsolute = 1e-12
    static let otherRelative = 1e-9
}

func loadDetector(_ c: FixtureCase) throws -> any OutlierDetector {
    let detector = try ModelLoader.load(path: c.file).detector()
    guard let scaler = c.scalerFile else { return detector }
    let transformer = try ModelLoader.load(path: scaler).transformer()
    return try Pipeline(transformers: [(name: "scaler", transformer: transformer)], detector: detector)
}

func checkParity(_ c: FixtureCase) throws {
    if let (code, fragment) = c.expectedError {
        let error = #expect(throws: ModelRuntimeError.self) { _ = try loadDetector(c) }
        #expect(error?.code.rawValue == code, "\(c): expected \(code), got \(String(describing: error?.code))")
        #expect(error?.message.contains(fragment) ?? false, "\(c): message '\(error?.message ?? "")' lacks '\(fragment)'")
        return
    }
    if c.kind == "transformer" {
        let t = try ModelLoader.load(path: c.file).transformer()
        let out = try t.transform(FeatureMatrix(c.probe))
        let expected = try #require(c.expectedTransform, "\(c) has no expected transform")
        let flat = expected.flatMap { $0 }
        #expect(Compare.identicalCount(out.values, flat) == flat.count,
                "\(c): \(Compare.firstMismatch(out.values, flat, absolute: 0) ?? "")")
        return
    }
    let detector = try loadDetector(c)
    #expect(detector.nFeaturesIn == c.nFeatures, "\(c)")
    if let names = c.featureNames { #expect(detector.featureNames == names, "\(c)") }
    let scores = try detector.evaluate(FeatureMatrix(c.probe))
    let ss = try #require(c.expected["score_samples"], "\(c) lacks score_samples")
    let df = try #require(c.expected["decision_function"], "\(c) lacks decision_function")
    let labels = try #require(c.expected["predict"], "\(c) lacks predict").map { Int($0) }
    if c.finalClass == "IsolationForest" {
        if let libm = c.expected["score_samples_libm"], let libmDF = c.expected["decision_function_libm"] {
            #expect(Compare.identicalCount(scores.scoreSamples, libm) == libm.count,
                    "\(c) score_samples not bit-identical: \(Compare.firstMismatch(scores.scoreSamples, libm, absolute: 0) ?? "")")
            #expect(Compare.identicalCount(scores.decisionFunction, libmDF) == libmDF.count,
                    "\(c) decision_function not bit-identical: \(Compare.firstMismatch(scores.decisionFunction, libmDF, absolute: 0) ?? "")")
        }
        #expect(Compare.firstMismatch(scores.scoreSamples, ss, absolute: Tolerance.forestDefaultAbsolute) == nil,
                "\(c): \(Compare.firstMismatch(scores.scoreSamples, ss, absolute: Tolerance.forestDefaultAbsolute) ?? "")")
        #expect(Compare.firstMismatch(scores.decisionFunction, df, absolute: Tolerance.forestDefaultAbsolute) == nil, "\(c)")
    } else {
        #expect(Compare.firstMismatch(scores.scoreSamples, ss, absolute: Tolerance.otherAbsolute, relative: Tolerance.otherRelative) == nil,
                "\(c): \(Compare.firstMismatch(scores.scoreSamples, ss, absolute: Tolerance.otherAbsolute, relative: Tolerance.otherRelative) ?? "")")
        #expect(Compare.firstMismatch(scores.decisionFunction, df, absolute: Tolerance.otherAbsolute, relative: Tolerance.otherRelative) == nil,
                "\(c): \(Compare.firstMismatch(scores.decisionFunction, df, absolute: Tolerance.otherAbsolute, relative: Tolerance.otherRelative) ?? "")")
    }
    #expect(scores.predict == labels, "\(c): labels differ at rows \(zip(scores.predict, labels).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset))")
    if c.rejectsNonFinite, c.nFeatures > 0 {
        // Infinity is refused by every such model (scalers accept NaN but not infinity).
        var row = c.probe.first ?? [Double](repeating: 0, count: c.nFeatures)
        row[0] = .infinity
        let error = #expect(throws: ModelRuntimeError.self) { _ = try detector.evaluate(FeatureMatrix([row])) }
        #expect(error?.code == .invalidInput)
    }
}

@Suite("Parity with scikit-learn 1.9.1 on the committed zoo")
struct ZooParityTests {
    static let cases = (try? FixtureCase.all(in: Fixtures.directory("zoo"))) ?? []

    @Test("the committed zoo is present and varied")
    func zooIsPresent() {
        #expect(Self.cases.count >= 40, "found \(Self.cases.count) cases in Tests/Fixtures/zoo")
        let classes = Set(Self.cases.map(\.finalClass))
        for needed in ["IsolationForest", "LocalOutlierFactor", "OneClassSVM", "EllipticEnvelope"] {
            #expect(classes.contains(needed), "no \(needed) case")
        }
    }

    @Test("scores, decisions and labels equal scikit-learn's", arguments: cases)
    func parity(_ c: FixtureCase) throws {
        try checkParity(c)
    }
}

@Suite("Parity with pickles written by older scikit-learn versions")
struct LegacyParityTests {
    static let cases = (try? FixtureCase.legacy()) ?? []

    @Test("every version from 1.3 to 1.8 is represented")
    func versionsPresent() {
        let versions = Set(Self.cases.map { $0.sklearnVersion.split(separator: ".").prefix(2).joined(separator: ".") })
        for v in ["1.3", "1.4", "1.5", "1.6", "1.7", "1.8"] { #expect(versions.contains(v), "no fixture from scikit-learn \(v)") }
    }

    @Test("old node layouts load and score exactly", arguments: cases)
    func parity(_ c: FixtureCase) throws {
        try checkParity(c)
    }
}

/// Runs parity on a zoo freshly generated by the test command (`PARITY_FRESH_ZOO`), so parity never rests only on
/// committed files. `scripts/test` always sets it; a plain `swift test` checks the committed zoo only.
@Suite("Parity on a freshly generated random zoo")
struct FreshZooParityTests {
    static let directory = ProcessInfo.processInfo.environment["PARITY_FRESH_ZOO"]
    static let cases = directory.flatMap { try? FixtureCase.all(in: URL(fileURLWithPath: $0)) } ?? []

    @Test("a fresh zoo was generated when requested")
    func present() {
        if Self.directory != nil { #expect(Self.cases.count >= 10, "PARITY_FRESH_ZOO holds \(Self.cases.count) cases") }
    }

    @Test("fresh models score exactly", arguments: cases)
    func parity(_ c: FixtureCase) throws {
        try checkParity(c)
    }
}

/// NaN (a JSON `null`) as a feature: IsolationForest from scikit-learn 1.6 routes it down its trees, so it is scored
/// (the zoo's probes hold NaN rows, compared with scikit-learn's outputs by the parity test above); every other
/// estimator of the zoo (LocalOutlierFactor, OneClassSVM, EllipticEnvelope, alone or behind a scaler) refuses it, as
/// scikit-learn does.
@Suite("NaN features: scored by IsolationForest, refused by the other estimators")
struct NaNFeatureTests {
    static let detectors = ZooParityTests.cases.filter {
        $0.kind == "outlier" && $0.expectedError == nil && $0.nFeatures > 0 && !$0.name.contains("precomputed")
    }

    @Test("a NaN feature is scored by IsolationForest and refused by the others", arguments: detectors)
    func nan(_ c: FixtureCase) throws {
        let detector = try loadDetector(c)
        var row = c.probe.first ?? [Double](repeating: 0, count: c.nFeatures)
        row[0] = .nan
        if c.finalClass == "IsolationForest" {
            let scores = try detector.evaluate(FeatureMatrix([row]))
            #expect(scores.scoreSamples.allSatisfy { $0.isFinite }, "\(c)")
            #expect(c.probe.contains { $0.contains { $0.isNaN } }, "\(c): the zoo has no NaN probe to compare")
        } else {
            let error = #expect(throws: ModelRuntimeError.self, "\(c)") {
                _ = try detector.evaluate(FeatureMatrix([row]))
            }
            #expect(error?.code == .invalidInput, "\(c)")
        }
    }
}
