public import Foundation
import ModelPackage
import Registry

/// What happened to one item of the drop folder.
public struct DropFolderItem: Sendable {
    /// The item's name in the drop folder.
    public var name: String
    /// The import's result or error.
    public var outcome: Result<ImportResult, ImportError>
    /// Where the item was moved (`processed/…` or `failed/…`); nil if it could not be moved.
    public var movedTo: URL?
}

extension PackageImporter {
    /// Imports every `*.zip` file and every package folder (a folder holding `deployment_manifest.json`,
    /// `metadata.json` or `model.joblib`) directly inside `folder`, in name order, and moves each to
    /// `processed/` or `failed/` so it is not retried; a failed item gets `<name>.error.json` beside it (code,
    /// message, validation report). Names starting with `.` or ending in `.part`/`.tmp` are skipped: writers
    /// should copy under such a name and rename when complete. Existing names in `processed/`/`failed/` get a
    /// numeric suffix.
    ///
    /// A crash after an import but before the move leaves the item in place; the next scan then fails it with
    /// `duplicate_version`, which is true and harmless.
    ///
    /// - Returns: one item per package found, in name order.
    public func scanDropFolder(at folder: URL) async -> [DropFolderItem] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder.path).sorted() else { return [] }
        var items: [DropFolderItem] = []
        for name in names where Self.isCandidate(name) {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                guard name != "processed", name != "failed",
                    PackageValidator.requiredFiles.contains(where: {
                        fm.fileExists(atPath: url.appendingPathComponent($0).path)
                    })
                else { continue }
            } else if !name.lowercased().hasSuffix(".zip") {
                continue
            }
            let outcome: Result<ImportResult, ImportError>
            do { outcome = .success(try await self.import(fileAt: url, origin: .dropFolder(url))) } catch {
                outcome = .failure(error)
            }
            let moved: URL?
            switch outcome {
            case .success: moved = Self.move(url, into: folder.appendingPathComponent("processed"))
            case .failure(let error):
                moved = Self.move(url, into: folder.appendingPathComponent("failed"))
                if let moved { Self.writeErrorFile(error, next: moved, at: now()) }
            }
            items.append(DropFolderItem(name: name, outcome: outcome, movedTo: moved))
        }
        return items
    }

    static func isCandidate(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix(".part") && !name.hasSuffix(".tmp") && !name.hasSuffix(".error.json")
    }

    /// Renames `item` into `directory`, adding `-1`, `-2`, … before the extension when the name is taken.
    static func move(_ item: URL, into directory: URL) -> URL? {
        let fm = FileManager.default
        try? fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let base = item.deletingPathExtension().lastPathComponent
        let ext = item.pathExtension
        var target = directory.appendingPathComponent(item.lastPathComponent)
        var n = 0
        while fm.fileExists(atPath: target.path) || fm.fileExists(atPath: target.path + ".error.json") {
            n += 1
            target = directory.appendingPathComponent(ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)")
        }
        guard (try? fm.moveItem(at: item, to: target)) != nil else { return nil }
        return target
    }

    static func writeErrorFile(_ error: ImportError, next item: URL, at date: Date) {
        struct Body: Encodable {
            var code: String
            var message: String
            var cause: String?
            var version: String?
            var failedAt: Date
            var report: ValidationReport?
            enum CodingKeys: String, CodingKey {
                case code, message, cause, version, report
                case failedAt = "failed_at"
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let body = Body(
            code: error.code.rawValue, message: error.message, cause: error.cause.map { "\($0)" }, version: error.version,
            failedAt: date, report: error.report)
        guard let data = try? encoder.encode(body) else { return }
        try? data.write(to: URL(fileURLWithPath: item.path + ".error.json"), options: .atomic)
    }
}
