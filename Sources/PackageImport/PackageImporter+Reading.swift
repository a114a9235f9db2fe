public import Foundation
public import ModelPackage
public import Registry

extension PackageImporter {
    /// A package read, validated and named exactly as importing it would be, without storing or registering
    /// anything: the version record it would get (files referenced by their SHA256) and its files. For work on a
    /// package that is not in the registry, such as `warden score --package`.
    ///
    /// - Parameters:
    ///   - url: a package ZIP or an extracted package folder.
    ///   - configuration: the validator, limits and default model name.
    ///   - date: the time the model's age is measured against.
    /// - Returns: the record and the files by name.
    /// - Throws: ``ImportError`` with the code importing the package would give (`not_a_zip`, `integrity_mismatch`,
    ///   `invalid_metadata`, ...; the validation report attached).
    public static func read(
        packageAt url: URL, configuration: Configuration = Configuration(appliesQualityRules: false), at date: Date = Date()
    ) async throws(ImportError) -> (record: VersionRecord, files: [String: [UInt8]]) {
        let source = try open(url, limits: configuration.limits)
        let p = try await prepare(source, configuration: configuration, at: date)
        let files = p.contents.names.compactMap { name in
            p.contents[name].map { ArtifactReference(name: name, sha256: PackageValidator.sha256Hex($0), size: $0.count) }
        }
        let record = VersionRecord(
            model: p.model, version: p.version, status: .imported, metadataJSON: p.metadataJSON,
            manifestJSON: p.manifestJSON, inferenceConfig: p.inferenceConfig, files: files, importSource: url.path,
            importedAt: date, validationReport: p.report)
        return (record, p.contents.files)
    }
}
