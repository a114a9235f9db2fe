public import DataFormats
public import Foundation
import ModelPackage

/// A package folder as a Python training service writes it, built from the committed valid package with another
/// model file and the manifest edited the way `json.dump` writes it: `"scaler_file": null` and no scaler for a model
/// trained without scaling (or a Pipeline that carries its scaler).
public struct TrainingPackage: Sendable {
    /// The folder (remove it with ``remove()``).
    public let url: URL

    /// How a package without a scaler says so.
    public enum NoScaler: Sendable, CaseIterable {
        /// `"files": {"scaler_file": null}`, `"file_integrity": {"scaler.joblib": null}`,
        /// `"model_artifacts": {"scaler_size_bytes": null}`.
        case null
        /// The keys left out.
        case absent
    }

    /// Copies the valid package folder, puts `model` (a path relative to the repository) as model.joblib, removes
    /// scaler.joblib and edits the manifest.
    ///
    /// - Parameters:
    ///   - model: the model file, relative to the repository (`Tests/Fixtures/zoo/iforest_n100.joblib`) or absolute.
    ///   - noScaler: how the manifest says there is no scaler.
    ///   - version: the manifest's `model_version`.
    ///   - edit: further changes to the manifest.
    public static func make(
        model: String, noScaler: NoScaler = .null, version: String = "20241201_143022",
        edit: (inout [String: JSONValue]) -> Void = { _ in }
    ) throws -> TrainingPackage {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("warden-training-pkg-\(UUID())")
        try fm.copyItem(
            at: Fixtures.directory("packages/valid_folder/model_20241201_143022_deployment"), to: dir)
        try fm.removeItem(at: dir.appendingPathComponent("scaler.joblib"))
        let modelURL = model.hasPrefix("/") ? URL(fileURLWithPath: model) : Fixtures.root.appendingPathComponent(model)
        let modelBytes = try Fixtures.bytes(modelURL)
        try Data(modelBytes).write(to: dir.appendingPathComponent("model.joblib"))
        let manifestURL = dir.appendingPathComponent("deployment_manifest.json")
        guard case .object(var m) = try JSONValue.parse(Data(contentsOf: manifestURL)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        m["model_version"] = .string(version)
        var files = m["files"]?.object ?? [:]
        var integrity = m["file_integrity"]?.object ?? [:]
        var artifacts = m["model_artifacts"]?.object ?? [:]
        integrity["model.joblib"] = .string(PackageValidator.sha256Hex(modelBytes))
        artifacts["model_size_bytes"] = .int(modelBytes.count)
        switch noScaler {
        case .null:
            files["scaler_file"] = .null
            integrity["scaler.joblib"] = .null
            artifacts["scaler_size_bytes"] = .null
        case .absent:
            files.removeValue(forKey: "scaler_file")
            integrity.removeValue(forKey: "scaler.joblib")
            artifacts.removeValue(forKey: "scaler_size_bytes")
        }
        m["files"] = .object(files)
        m["file_integrity"] = .object(integrity)
        m["model_artifacts"] = .object(artifacts)
        edit(&m)
        try Data(JSONWriter.text(.object(m)).utf8).write(to: manifestURL)
        return TrainingPackage(url: dir)
    }

    /// Removes the folder.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
