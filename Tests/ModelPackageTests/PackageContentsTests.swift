import Foundation
import ModelPackage
import Testing
import TestSupport

@Suite("PackageContents reads folders and archives safely")
struct PackageContentsTests {
    @Test("a zip with one top-level folder exposes the files under their plain names")
    func nested() throws {
        let c = try #require(PackageIndex.named("valid_nested"))
        let contents = try c.source().contents()
        #expect(contents.rootFolder == "model_20241201_143022_deployment/")
        #expect(contents.layout == .nestedZip)
        #expect(contents["model.joblib"] != nil)
        let flat = try #require(PackageIndex.named("valid")).source().contents()
        #expect(flat.files == contents.files)
    }

    @Test("refuses a symbolic link inside a package folder")
    func symlink() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("metadata.json"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("model.joblib").path, withDestinationPath: "/etc/passwd")
        let error = #expect(throws: ModelPackageError.self) { _ = try PackageSource.folder(folder).contents() }
        #expect(error?.code == .unsafeZipEntry)
        #expect(error?.entry == "model.joblib")
    }

    @Test("refuses a folder file above the size limit")
    func tooLarge() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(count: 2048).write(to: folder.appendingPathComponent("model.joblib"))
        let error = #expect(throws: ModelPackageError.self) {
            _ = try PackageSource.folder(folder).contents(limits: ZipLimits(maxEntryBytes: 1024))
        }
        #expect(error?.code == .tooLarge)
    }

    @Test("reads files in subfolders with /-separated names")
    func subfolders() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("docs"), withIntermediateDirectories: false)
        try Data("x".utf8).write(to: folder.appendingPathComponent("docs/a.md"))
        let contents = try PackageSource.folder(folder).contents()
        #expect(contents.names == ["docs/a.md"])
    }
}
