import DataFormats
public import Foundation
public import ModelPackage
public import Registry

/// Imports deployment packages into the registry: validate, name, refuse duplicates, store the files
/// content-addressed, then register the version in one store call.
///
/// Atomicity: nothing is written until the package is valid and its (model, version) is free. Artifacts are
/// written first (each atomically, see ``FileArtifactStore``), then the record is inserted in one
/// ``RegistryStore/insert(_:)`` call, so a version appears whole or not at all. If the insert fails, the objects
/// this import created and nothing references are removed at once. A crash (`kill -9`) between the two steps leaves
/// only unreferenced objects, which ``recover()`` removes at the next start.
///
/// Model name: `model_info.model_name` (or `model_info.name`) of the manifest, else of metadata.json, else
/// ``Configuration/defaultModel``. `model_type` is not used: it names the algorithm (`IsolationForest`), and a
/// retrained model with another algorithm is still the same model.
///
/// Validation runs off the actor and in parallel; the short write phase (duplicate check, artifacts, insert,
/// retention) and ``recover()`` run one at a time — within the process by the actor, across processes sharing the
/// data directory by a `flock` on ``Configuration/lockFile`` — so recovery or retention never deletes an object an
/// import is about to reference.
///
/// Retention: with ``Configuration/retention`` set, each successful import applies the policy to the imported model
/// (``RegistryStore/applyRetention(model:policy:now:)``: never the serving version, never one in the deployment
/// history's protected entries) and then deletes the artifacts no remaining version references. It never removes
/// the version just imported: when the policy would, retention waits for a later import.
///
/// ```swift
/// let importer = PackageImporter(store: store, artifacts: FileArtifactStore(root: data.appendingPathComponent("artifacts")))
/// try await importer.recover()
/// let result = try await importer.import(fileAt: url, origin: .file(url))
/// print(result.record.model, result.record.version)
/// ```
public actor PackageImporter {
    /// How packages are checked and named.
    public struct Configuration: Sendable {
        /// The validator (quality rules, minimum score, time zone of naive timestamps).
        public var validator: PackageValidator
        /// Limits for ZIP archives and folders.
        public var limits: ZipLimits
        /// The model name when the package names none.
        public var defaultModel: String
        /// Applied to the imported model after each successful import; nil: no retention on import.
        public var retention: RetentionPolicy?
        /// The file whose `flock` serialises writes and recovery across processes. nil: `import.lock` in the
        /// artifact store's root for a ``FileArtifactStore``, none for other stores (one process only).
        public var lockFile: URL?

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - validator: the validator (thresholds, time zone of naive timestamps).
        ///   - appliesQualityRules: false skips the validator's quality rules and minimum score (configuration
        ///     `integration.validate_imports`), never its other checks; see
        ///     ``PackageValidator/appliesQualityRules``.
        ///   - limits: ZIP and folder limits.
        ///   - defaultModel: the model name when the package names none.
        ///   - retention: the policy applied after each import; nil for none.
        ///   - lockFile: the cross-process lock file; nil for the default described on ``lockFile``.
        public init(
            validator: PackageValidator = PackageValidator(), appliesQualityRules: Bool = true,
            limits: ZipLimits = .default, defaultModel: String = "wifi-anomaly", retention: RetentionPolicy? = nil,
            lockFile: URL? = nil
        ) {
            self.validator = validator
            if !appliesQualityRules { self.validator.appliesQualityRules = false }
            self.limits = limits
            self.defaultModel = defaultModel
            self.retention = retention
            self.lockFile = lockFile
        }
    }

    /// The registry.
    public nonisolated let store: any RegistryStore
    /// The blobs.
    public nonisolated let artifacts: any ArtifactStore
    /// The configuration.
    public nonisolated let configuration: Configuration
    /// The clock: validation time (model age) and import time.
    public nonisolated let now: @Sendable () -> Date

    private var writing = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let processLock: ProcessLock?

    /// Creates an importer.
    ///
    /// - Parameters:
    ///   - store: where versions are registered.
    ///   - artifacts: where package files are stored.
    ///   - configuration: validator, limits and default model name.
    ///   - now: the clock; `Date()` by default.
    public init(
        store: any RegistryStore, artifacts: any ArtifactStore, configuration: Configuration = Configuration(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.artifacts = artifacts
        self.configuration = configuration
        self.now = now
        let lockFile =
            configuration.lockFile
            ?? (artifacts as? FileArtifactStore).map { $0.root.appendingPathComponent("import.lock") }
        self.processLock = lockFile.map(ProcessLock.init)
    }

    /// Opens a ZIP file or a package folder and imports it.
    ///
    /// - Parameters:
    ///   - url: the ZIP file or folder.
    ///   - origin: where it came from; becomes the record's `import_source`.
    ///   - progress: told each stage as it starts (``ImportProgress``); nil for none.
    /// - Throws: ``ImportError``; `not_a_zip`, `empty_file`, `too_large`, `zip_bomb`, `unsafe_zip_entry` come from
    ///   reading the file, the others as for ``import(source:origin:progress:)``.
    public func `import`(
        fileAt url: URL, origin: ImportOrigin, progress: ImportProgressHandler? = nil
    ) async throws(ImportError) -> ImportResult {
        progress?(.reading)
        let source: PackageSource
        do { source = try Self.open(url, limits: configuration.limits) } catch {
            await history(nil, origin, outcome: .rejected, error)
            throw error
        }
        return try await self.import(source: source, origin: origin, progress: progress, announced: true)
    }

    /// Validates a package and registers it as a new version with status `imported`.
    ///
    /// - Parameters:
    ///   - source: an opened ZIP archive or a folder.
    ///   - origin: where it came from; becomes the record's `import_source`.
    ///   - progress: told each stage as it starts (``ImportProgress``); nil for none.
    /// - Returns: the record as inserted, which artifacts were new, and what retention removed.
    /// - Throws: ``ImportError``: the report's first contract code for an invalid package (report attached),
    ///   `invalid_version`, `invalid_model_name`, `duplicate_version`, `storage_error`.
    public func `import`(
        source: PackageSource, origin: ImportOrigin, progress: ImportProgressHandler? = nil
    ) async throws(ImportError) -> ImportResult {
        try await self.import(source: source, origin: origin, progress: progress, announced: false)
    }

    private func `import`(
        source: PackageSource, origin: ImportOrigin, progress: ImportProgressHandler?, announced: Bool
    ) async throws(ImportError) -> ImportResult {
        if !announced { progress?(.reading) }
        let prepared: Prepared
        do {
            prepared = try await Self.prepare(source, configuration: configuration, at: now(), progress: progress)
        } catch {
            await history(error.version, origin, outcome: .rejected, error)
            throw error
        }
        let result: Result<ImportResult, ImportError>
        do throws(ImportError) {
            let held = try await lock()
            defer { unlock(held) }
            var imported = try await write(prepared, origin: origin, progress: progress)
            if let policy = configuration.retention {
                progress?(.applyingRetention)
                imported.retention = await applyRetention(policy, keeping: imported.record)
            }
            result = .success(imported)
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let imported):
            try? await store.recordImport(
                ImportEvent(
                    model: imported.record.model, source: origin.description, version: imported.record.version,
                    outcome: .imported, at: imported.record.importedAt))
            return imported
        case .failure(let error):
            await history(prepared.version, origin, outcome: .failed, error, model: prepared.model)
            throw error
        }
    }

    /// Start-up recovery: removes temporary files of interrupted writes, objects no version references (left by a
    /// crash between writing artifacts and inserting the record), and artifacts the store lists as unreferenced
    /// (their versions were deleted), which the store then forgets.
    ///
    /// - Returns: the digests removed, sorted.
    /// - Throws: ``ImportError`` with code `storage_error`.
    @discardableResult
    public func recover() async throws(ImportError) -> [String] {
        let held = try await lock()
        defer { unlock(held) }
        do throws(RegistryError) {
            try await artifacts.cleanLeftovers()
            let used = try await store.referencedDigests()
            let orphans = try await artifacts.digests().filter { !used.contains($0) }
            let unreferenced = try await store.unreferencedArtifacts().map(\.sha256).filter { !used.contains($0) }
            let removed = try await artifacts.remove(orphans + unreferenced)
            if !unreferenced.isEmpty { try await store.forgetArtifacts(unreferenced) }
            return removed.sorted()
        } catch {
            throw ImportError(error)
        }
    }

    // MARK: - Steps

    /// A validated package, named, with its record fields.
    struct Prepared: Sendable {
        var model: String
        var version: String
        var contents: PackageContents
        var report: ValidationReport
        var metadataJSON: String?
        var manifestJSON: String?
        var inferenceConfig: InferenceConfig
    }

    static func open(_ url: URL, limits: ZipLimits) throws(ImportError) -> PackageSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportError(.storage, "\(url.path) does not exist; give the path of a package ZIP or folder")
        }
        if isDirectory.boolValue { return .folder(url) }
        do { return .archive(try ZipArchive(contentsOf: url, limits: limits)) } catch { throw ImportError(error) }
    }

    /// Reads, validates and names a package; pure CPU and reading, run off the actor.
    nonisolated static func prepare(
        _ source: PackageSource, configuration: Configuration, at date: Date, progress: ImportProgressHandler? = nil
    ) async throws(ImportError) -> Prepared {
        let contents: PackageContents
        do { contents = try source.contents(limits: configuration.limits) } catch { throw ImportError(error) }
        let report = configuration.validator.validate(contents, now: date) { progress?(ImportProgress($0)) }
        guard report.isValid else { throw ImportError(invalid: report) }
        let manifestBytes = contents[PackageManifest.fileName]
        let metadataBytes = contents[PackageMetadata.fileName]
        guard let version = manifestBytes.flatMap({ PackageManifest.parse($0).value?.modelVersion })
            ?? report.modelVersion
        else {
            throw ImportError(
                .invalidMetadata,
                "deployment_manifest.json has no model_version; add the version (e.g. 20241201_143022) and export "
                    + "the package again", report: report)
        }
        do { _ = try VersionName(version) } catch { throw ImportError(error) }
        let model = explicitName(manifestBytes) ?? explicitName(metadataBytes) ?? configuration.defaultModel
        do { try VersionName.checkModelName(model) } catch { throw ImportError(error) }
        let inference = manifestBytes.flatMap { PackageManifest.parse($0).value?.inferenceConfig }
        return Prepared(
            model: model, version: version, contents: contents, report: report,
            metadataJSON: metadataBytes.map { String(decoding: $0, as: UTF8.self) },
            manifestJSON: manifestBytes.map { String(decoding: $0, as: UTF8.self) },
            inferenceConfig: inference.map(InferenceConfig.init) ?? InferenceConfig())
    }

    /// `model_info.model_name` or `model_info.name` of a JSON file, when it is a non-empty string.
    static func explicitName(_ bytes: [UInt8]?) -> String? {
        guard let bytes, let json = try? JSONValue.parse(Data(bytes)), let info = json["model_info"] else {
            return nil
        }
        for key in ["model_name", "name"] {
            if let name = info[key]?.string, !name.isEmpty { return name }
        }
        return nil
    }

    /// The write phase; called with the write lock held.
    private func write(
        _ p: Prepared, origin: ImportOrigin, progress: ImportProgressHandler?
    ) async throws(ImportError) -> ImportResult {
        let existing: VersionRecord?
        do throws(RegistryError) {
            existing = try await store.record(model: p.model, version: p.version)
        } catch let error where error.code == .versionNotFound {
            existing = nil
        } catch {
            throw ImportError(error)
        }
        guard existing == nil else {
            throw ImportError(
                .duplicateVersion,
                "model '\(p.model)' already has version '\(p.version)'; export the package under a new version or "
                    + "delete the existing one first", report: p.report, version: p.version)
        }

        var files: [ArtifactReference] = []
        var created: [String] = []
        var reused: [String] = []
        do throws(RegistryError) {
            let names = p.contents.names
            for (index, name) in names.enumerated() {
                guard let bytes = p.contents[name] else { continue }
                progress?(.storingArtifacts(stored: index, total: names.count))
                let stored = try await artifacts.put(bytes)
                files.append(ArtifactReference(name: name, sha256: stored.sha256, size: stored.size))
                if stored.created { created.append(stored.sha256) } else { reused.append(stored.sha256) }
            }
            let record = VersionRecord(
                model: p.model, version: p.version, status: .imported, metadataJSON: p.metadataJSON,
                manifestJSON: p.manifestJSON, inferenceConfig: p.inferenceConfig, files: files,
                importSource: origin.description, importedAt: now(), validationReport: p.report)
            progress?(.committing)
            try await store.insert(record)
            return ImportResult(
                record: record, report: p.report, createdArtifacts: Array(Set(created)).sorted(),
                reusedArtifacts: Array(Set(reused).subtracting(created)).sorted())
        } catch {
            await removeUnreferenced(created)
            var failure = ImportError(error)
            failure.report = p.report
            failure.version = p.version
            throw failure
        }
    }

    /// Applies the retention policy to the just-imported record's model, then deletes the artifacts no version
    /// references any more; called with the write lock held. Skipped when the policy would remove `record` itself.
    private func applyRetention(_ policy: RetentionPolicy, keeping record: VersionRecord) async -> RetentionOutcome {
        var outcome = RetentionOutcome()
        do throws(RegistryError) {
            let at = now()
            let wouldRemove = Retention.versionsToRemove(
                records: try await store.records(model: record.model),
                history: try await store.deploymentHistory(model: record.model), policy: policy, now: at)
            if wouldRemove.contains(record.version) {
                outcome.failure =
                    "retention skipped: the policy would remove the version just imported (\(record.version))"
                return outcome
            }
            if !wouldRemove.isEmpty {
                outcome.removedVersions = try await store.applyRetention(model: record.model, policy: policy, now: at)
            }
            var unreferenced = try await store.unreferencedArtifacts().map(\.sha256)
            if !unreferenced.isEmpty {
                // A digest the store lists but a version still references (another model's identical file) stays.
                let used = try await store.referencedDigests()
                unreferenced.removeAll { used.contains($0) }
            }
            if !unreferenced.isEmpty {
                outcome.removedArtifacts = try await artifacts.remove(unreferenced).sorted()
                try await store.forgetArtifacts(unreferenced)
            }
        } catch {
            outcome.failure = "retention failed: \(error.description)"
        }
        return outcome
    }

    /// Removes objects this import created when no version references them; on failure recover() will.
    private func removeUnreferenced(_ created: [String]) async {
        guard !created.isEmpty, let used = try? await store.referencedDigests() else { return }
        _ = try? await artifacts.remove(created.filter { !used.contains($0) })
    }

    private func history(
        _ version: String?, _ origin: ImportOrigin, outcome: ImportEvent.Outcome, _ error: ImportError,
        model: String? = nil
    ) async {
        try? await store.recordImport(
            ImportEvent(
                model: model ?? configuration.defaultModel, source: origin.description, version: version,
                outcome: outcome, at: now(), message: "\(error.code.rawValue): \(error.message)"))
    }

    // MARK: - Write lock

    /// Takes the in-process lock, then the cross-process one; returns the lock file's descriptor, if any.
    private func lock() async throws(ImportError) -> Int32? {
        while writing { await withCheckedContinuation { waiters.append($0) } }
        writing = true
        guard let processLock else { return nil }
        do { return try await processLock.acquire() } catch {
            unlock(nil)
            throw ImportError(
                .storage, "cannot take the import lock: \(error.message); check that the data directory is writable")
        }
    }

    private func unlock(_ held: Int32?) {
        if let held { processLock?.release(held) }
        writing = false
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
