public import Foundation
public import ModelPackage
public import PackageImport
public import Registry

/// Bringing packages in: files and folders, uploads, the training service's folder (scan, import one, import the
/// newest) and the drop folder; the transfer history. Every import is validated, stored and recorded in one
/// transaction by ``PackageImporter``, which also applies retention afterwards.
public struct ImportService: Sendable {
    /// The importer (validation, content-addressed storage, recording, retention).
    public let importer: PackageImporter
    let history: any HistoryStore
    let trainingServicePath: String?
    let dropFolder: URL?
    /// The model a failed transfer is recorded under when the package names none.
    public let fallbackModel: String

    /// Creates the service.
    public init(
        importer: PackageImporter, history: any HistoryStore, trainingServicePath: String?, dropFolder: URL?,
        fallbackModel: String
    ) {
        self.importer = importer
        self.history = history
        self.trainingServicePath = trainingServicePath.flatMap { $0.isEmpty ? nil : $0 }
        self.dropFolder = dropFolder
        self.fallbackModel = fallbackModel
    }

    /// Imports a ZIP file or a package folder.
    ///
    /// - Throws: ``ImportError``.
    public func importFile(
        at url: URL, origin: ImportOrigin? = nil, progress: ImportProgressHandler? = nil
    ) async throws(ImportError) -> ImportResult {
        try await importer.import(fileAt: url, origin: origin ?? .file(url), progress: progress)
    }

    /// Imports a package ZIP received as bytes (an upload), read with the ZIP limits.
    ///
    /// - Throws: ``AppError`` `empty_file`; ``ImportError``.
    public func importUpload(_ bytes: [UInt8], fileName: String) async throws -> ImportResult {
        guard !bytes.isEmpty else {
            throw AppError(.emptyFile, "the body is empty; send the package ZIP as the request body")
        }
        let archive: ZipArchive
        do {
            archive = try ZipArchive(bytes: bytes, limits: importer.configuration.limits)
        } catch {
            throw ImportError(error)
        }
        return try await importer.import(source: .archive(archive), origin: .upload(fileName: fileName))
    }

    /// Registers a version read from one of the seeds' legacy registry files (`warden registry migrate-json`): the
    /// record as the file describes it, without a package to validate.
    ///
    /// - Throws: the store's `duplicate_version`, `invalid_version`, `invalid_model_name`, `invalid_record`.
    public func registerMigrated(_ record: VersionRecord) async throws(RegistryError) {
        try await importer.store.insert(record)
    }

    // MARK: The training service

    /// The configured training-service folder.
    ///
    /// - Throws: ``AppError`` `training_service_not_configured`; ``ImportError`` when it is not a directory.
    public func trainingService(path: String? = nil) throws -> TrainingServiceFolder {
        guard let path = path ?? trainingServicePath else {
            throw AppError(
                .trainingServiceNotConfigured,
                "no training service directory is configured; set integration.training_service_path")
        }
        return try TrainingServiceFolder(path: path)
    }

    /// The training service's packages, newest first, each marked imported or new.
    public func scanTrainingService(path: String? = nil) async throws -> (folder: TrainingServiceFolder,
        entries: [TrainingServiceFolder.Entry])
    {
        let folder = try trainingService(path: path)
        return (folder, try await folder.scan(store: importer.store))
    }

    /// Whether the configured training-service folder can be read.
    public func trainingServiceConnection() async -> TrainingServiceConnection {
        guard let path = trainingServicePath else {
            return TrainingServiceConnection(
                connected: false, path: nil, modelsFound: nil,
                message: "integration.training_service_path is not configured")
        }
        do {
            let folder = try TrainingServiceFolder(path: path)
            let entries = try await folder.scan(store: importer.store)
            let readable = FileManager.default.isReadableFile(atPath: folder.modelsDirectory.path)
            return TrainingServiceConnection(
                connected: readable, path: path, modelsFound: entries.count,
                message: readable ? "ok" : "no readable models/ folder under \(path)")
        } catch let error as ImportError {
            return TrainingServiceConnection(connected: false, path: path, modelsFound: nil, message: error.message)
        } catch {
            return TrainingServiceConnection(connected: false, path: path, modelsFound: nil, message: "\(error)")
        }
    }

    /// Imports one folder of the training service and records the transfer.
    public func importFromTrainingService(_ name: String, path: String? = nil) async throws -> ImportResult {
        let folder = try trainingService(path: path)
        return try await folder.importFolder(name, importer: importer, fallbackModel: fallbackModel).get()
    }

    /// Imports the newest package of the training service that is not imported yet; nil when there is none.
    public func importLatest(path: String? = nil) async throws -> ImportResult? {
        let (folder, entries) = try await scanTrainingService(path: path)
        guard let latest = entries.first(where: { $0.problem == nil && !$0.imported }) else { return nil }
        return try await folder.importFolder(
            latest.name, importer: importer, fallbackModel: fallbackModel, version: latest.version
        ).get()
    }

    // MARK: The drop folder

    /// Imports every package placed in the drop folder (moved to `imported/` or `failed/` afterwards).
    public func scanDropFolder(at folder: URL? = nil) async -> [DropFolderItem] {
        guard let folder = folder ?? dropFolder else { return [] }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return await importer.scanDropFolder(at: folder)
    }

    // MARK: Transfer history

    /// The import history, oldest first; all models when `model` is nil.
    public func importHistory(model: String?) async throws -> [ImportEvent] {
        try await history.importHistory(model: model)
    }

    /// The transfer history, oldest first.
    public func transfers() async throws -> [TransferEvent] { try await history.transferHistory() }

    /// Removes transfer-history entries, all or those older than `days`.
    ///
    /// - Throws: ``AppError`` `invalid_request` for a negative or non-finite number of days.
    public func clearTransfers(olderThanDays days: Double?, now: Date = Date()) async throws -> Int {
        var cutoff: Date?
        if let days {
            guard days >= 0, days.isFinite else {
                throw AppError(.invalidRequest, "older_than_days must be a non-negative number")
            }
            cutoff = now.addingTimeInterval(-days * 86_400)
        }
        return try await history.clearTransferHistory(olderThan: cutoff)
    }
}

/// Whether the training-service folder can be read (seed 002's connection check).
public struct TrainingServiceConnection: Sendable, Codable {
    /// Whether its models/ folder is readable.
    public var connected: Bool
    /// The configured path.
    public var path: String?
    /// How many packages a scan found.
    public var modelsFound: Int?
    /// `ok` or what is wrong.
    public var message: String
}
