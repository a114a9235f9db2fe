import DataFormats
import Foundation
import ModelPackage
import ModelRuntime
import TestSupport

/// One package written by python/fixtures/packages.py, as listed in Tests/Fixtures/packages/index.json.
struct PackageCase: Sendable, Decodable, CustomStringConvertible {
    var `case`: String
    var path: String
    var layout: String
    var errors: [String]
    var warnings: [String]
    var notes: [String]
    var note: String

    var url: URL { Fixtures.directory("packages").appendingPathComponent(path) }
    var description: String { `case` }

    /// The source for this package's layout.
    func source() throws -> PackageSource {
        layout == "folder" ? .folder(url) : .archive(try ZipArchive(contentsOf: url))
    }

    /// The validator's report with the clock of the fixtures.
    func report(_ validator: PackageValidator = PackageValidator()) throws -> ValidationReport {
        try validator.validate(source(), now: PackageIndex.now)
    }
}

/// The scores scikit-learn computed for the validator's synthetic trial rows.
struct TrialExpectation: Sendable, Decodable {
    var rows: [[Double]]
    var scores: [Double]
    var predictions: [Int]
}

/// Tests/Fixtures/packages/index.json.
struct PackageIndex: Sendable, Decodable {
    var cases: [PackageCase]
    var trial: TrialExpectation
    var sklearn: String

    /// The fixtures' "today": two days after the valid model was trained (2024-12-01T14:30:22, naive).
    static let now = Date(timeIntervalSince1970: 1_733_227_200)  // 2024-12-03T12:00:00Z

    static let shared: PackageIndex? = {
        let url = Fixtures.directory("packages").appendingPathComponent("index.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(PackageIndex.self, from: data)
    }()

    static var all: [PackageCase] { shared?.cases ?? [] }
    static var failing: [PackageCase] { all.filter { !$0.errors.isEmpty } }

    static func named(_ name: String) -> PackageCase? { all.first { $0.case == name } }

    /// The valid package's files in memory, for tests that alter one of them.
    static func validFiles() throws -> [String: [UInt8]] {
        guard let valid = named("valid") else { throw FixtureMissing() }
        return try valid.source().contents().files
    }
}

struct FixtureMissing: Error {}

extension Dictionary where Key == String, Value == [UInt8] {
    /// Rewrites deployment_manifest.json's digest of `name` to match the current bytes.
    mutating func rehash(_ name: String) throws {
        guard let manifestBytes = self["deployment_manifest.json"], let bytes = self[name] else { return }
        var text = String(decoding: manifestBytes, as: UTF8.self)
        let json = try JSONValue.parse(Data(manifestBytes))
        guard let old = json["file_integrity"]?[name]?.string else { return }
        text = text.replacingOccurrences(of: old, with: PackageValidator.sha256Hex(bytes))
        self["deployment_manifest.json"] = Array(text.utf8)
    }

    /// Replaces text in a JSON file and fixes its digest.
    mutating func edit(_ name: String, _ old: String, _ new: String) throws {
        guard let bytes = self[name] else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        precondition(text.contains(old), "\(name) does not contain \(old)")
        self[name] = Array(text.replacingOccurrences(of: old, with: new).utf8)
        try rehash(name)
    }
}
