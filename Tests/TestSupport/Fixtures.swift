import DataFormats
public import Foundation
import ModelRuntime

/// Locations of the committed fixtures and of the repository itself.
public enum Fixtures {
    /// The repository root, found from this source file's location.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Tests/Fixtures/<sub>`.
    public static func directory(_ sub: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(sub)
    }

    /// A path below the repository root.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// Reads a file's bytes.
    public static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}

/// One model case written by python/fixtures/generate.py: the file, its probe rows and scikit-learn's outputs.
public struct FixtureCase: Sendable, CustomStringConvertible {
    /// Case name.
    public var name: String
    /// Directory holding the case.
    public var directory: URL
    /// Model file path.
    public var file: String
    /// Separate scaler file path, if any.
    public var scalerFile: String?
    /// "outlier", "transformer" or "unsupported".
    public var kind: String
    /// Top-level class.
    public var className: String
    /// Final estimator class.
    public var finalClass: String
    /// Expected error code and a substring of its message.
    public var expectedError: (code: String, contains: String)?
    /// scikit-learn version that wrote the file.
    public var sklearnVersion: String
    /// Compression name.
    public var compression: String
    /// Pickle protocol.
    public var protocolVersion: Int
    /// n_features_in_.
    public var nFeatures: Int
    /// feature_names_in_.
    public var featureNames: [String]?
    /// Whether scikit-learn refuses NaN/inf for this model.
    public var rejectsNonFinite: Bool
    /// Probe rows.
    public var probe: [[Double]]
    /// Expected outputs by name (score_samples, decision_function, predict, *_libm, transform rows flattened).
    public var expected: [String: [Double]]
    /// Expected transform output rows.
    public var expectedTransform: [[Double]]?

    /// `name (sklearn version)`.
    public var description: String { "\(name) [sklearn \(sklearnVersion)]" }

    /// Loads every case listed in `<directory>/index.json`.
    public static func all(in directory: URL) throws -> [FixtureCase] {
        let index = directory.appendingPathComponent("index.json")
        guard FileManager.default.fileExists(atPath: index.path) else { return [] }
        let names = try JSONValue.parse(Data(contentsOf: index)).array ?? []
        return try names.compactMap { entry -> FixtureCase? in
            guard let file = entry.string ?? entry["case"]?.string else { return nil }
            let name = file.hasSuffix(".json") ? file : file + ".json"
            return try FixtureCase(url: directory.appendingPathComponent(name))
        }
    }

    /// Every case in every `sklearn-*` folder of `Tests/Fixtures/legacy`.
    public static func legacy() throws -> [FixtureCase] {
        let dir = Fixtures.directory("legacy")
        let subs = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return try subs.sorted().flatMap { try all(in: dir.appendingPathComponent($0)) }
    }

    /// Parses one case file (numbers through `JSONDecoder`, which rounds them correctly).
    public init(url: URL) throws {
        let obj = try JSONValue.parse(Data(contentsOf: url))
        let dir = url.deletingLastPathComponent()
        directory = dir
        name = obj["name"]?.string ?? url.deletingPathExtension().lastPathComponent
        file = dir.appendingPathComponent(obj["file"]?.string ?? "").path
        scalerFile = obj["scaler_file"]?.string.map { dir.appendingPathComponent($0).path }
        kind = obj["kind"]?.string ?? "outlier"
        className = obj["class"]?.string ?? ""
        finalClass = obj["final_class"]?.string ?? className
        if let code = obj["expected_error"]?["code"]?.string {
            expectedError = (code, obj["expected_error"]?["contains"]?.string ?? "")
        }
        sklearnVersion = obj["sklearn_version"]?.string ?? "?"
        compression = obj["compression"]?.string ?? "none"
        protocolVersion = obj["protocol"]?.double.map { Int($0) } ?? 0
        nFeatures = obj["n_features_in"]?.double.map { Int($0) } ?? 0
        featureNames = obj["feature_names"]?.array?.compactMap(\.string)
        if case .bool(let b)? = obj["rejects_nonfinite"] { rejectsNonFinite = b } else { rejectsNonFinite = false }
        probe = (obj["probe"]?.array ?? []).map { ($0.array ?? []).map { $0.double ?? .nan } }
        var expected: [String: [Double]] = [:]
        var transform: [[Double]]?
        if case .object(let e)? = obj["expected"] {
            for (k, v) in e {
                guard let list = v.array else { continue }
                if k == "transform" {
                    transform = list.map { ($0.array ?? []).map { $0.double ?? .nan } }
                } else if !k.hasPrefix("transform") {
                    expected[k] = list.map { $0.double ?? .nan }
                }
            }
        }
        self.expected = expected
        self.expectedTransform = transform
    }
}

/// Tolerance checks that say what differed.
public enum Compare {
    /// Index and values of the first element where `actual` and `expected` differ by more than the tolerance,
    /// `|a - e| <= absolute + relative * |e|`; NaN matches NaN.
    public static func firstMismatch(
        _ actual: [Double], _ expected: [Double], absolute: Double, relative: Double = 0
    ) -> String? {
        guard actual.count == expected.count else { return "count \(actual.count) != \(expected.count)" }
        for i in 0..<actual.count {
            let a = actual[i], e = expected[i]
            if a.isNaN && e.isNaN { continue }
            if a == e { continue }
            if abs(a - e) <= absolute + relative * abs(e) { continue }
            return "row \(i): got \(a), scikit-learn \(e), |Δ| = \(abs(a - e))"
        }
        return nil
    }

    /// Number of elements that are bit-for-bit identical.
    public static func identicalCount(_ actual: [Double], _ expected: [Double]) -> Int {
        zip(actual, expected).filter { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }.count
    }
}
