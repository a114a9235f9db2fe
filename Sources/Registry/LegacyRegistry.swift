internal import DataFormats
public import Foundation
internal import ModelPackage

/// Reads the Python service's `model_registry.json` into records (parsing only; importing them is the caller's
/// choice). Two formats are read:
/// - old: `{"models": [{"version": ..., "status": ..., "created_at": ..., ...}, ...]}`;
/// - new (flat, seed 002/004): `{"<version>": {"status": ..., "created_at": ..., "metrics": {...}, ...}, ...}`.
///
/// Per entry: the version is the entry's `version` field, else its key; seed 002's directory names
/// `imported_YYYYMMDD_HHMMSS` become `YYYYMMDD_HHMMSS`. A missing status means `available`. `created_at` (naive
/// timestamps read in `naiveTimeZone`) becomes the import time, else `last_updated`, else `now`. `model_hash`
/// with `file_size` becomes one artifact reference named after `file_path` (or `model.joblib`) when the hash is a
/// SHA256. `description` and `tags` are kept; the whole entry is kept as the metadata JSON (its `metrics` are what
/// ``VersionComparison`` reads). If several entries are serving, the one imported last keeps its status and the
/// others become `available`, with a note.
public struct LegacyRegistry: Sendable, Equatable {
    /// An entry that could not be used, or a note about one that was used with a change.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The entry's key (flat format) or `models[i]` (old format).
        public var entry: String
        /// What is wrong, and what was done.
        public var reason: String
        /// The error code, for unusable entries.
        public var code: RegistryError.Code?
        /// `entry: reason`.
        public var description: String { "\(entry): \(reason)" }
    }

    /// Which format was read.
    public enum Format: String, Sendable, Equatable {
        /// `{"models": [...]}`.
        case modelsArray = "models_array"
        /// `{"<version>": {...}}`.
        case flat
    }

    /// The format found.
    public var format: Format
    /// The usable entries as records, ordered by ``VersionOrder``.
    public var records: [VersionRecord]
    /// Entries left out, with the reason.
    public var skipped: [Problem]
    /// Entries used with a change (missing hash, status demoted, ...).
    public var notes: [Problem]

    /// Parses a registry file.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - model: the model name the records get (the legacy file has none).
    ///   - now: the import time for entries without a timestamp.
    ///   - naiveTimeZone: the zone of timestamps written without one (Python's `datetime.now().isoformat()`).
    /// - Throws: `invalid_record` when the file is not JSON or not an object; `invalid_model_name`.
    public static func parse(
        _ data: Data, model: String, now: Date, naiveTimeZone: TimeZone = .gmt
    ) throws(RegistryError) -> LegacyRegistry {
        try VersionName.checkModelName(model)
        let doc: JSONValue
        do { doc = try JSONValue.parse(data) } catch {
            throw RegistryError(
                .invalidRecord, "the legacy registry is not valid JSON; pass the model_registry.json file",
                cause: error)
        }
        guard case .object(let top) = doc else {
            throw RegistryError(.invalidRecord, "the legacy registry is not a JSON object; pass model_registry.json")
        }
        var result = LegacyRegistry(format: .flat, records: [], skipped: [], notes: [])
        var entries: [(String, String?, JSONValue)] = []  // label, key, entry
        if top.count == 1, let list = top["models"]?.array {
            result.format = .modelsArray
            entries = list.enumerated().map { ("models[\($0.offset)]", nil, $0.element) }
        } else {
            entries = top.keys.sorted().map { ($0, $0, top[$0] ?? .null) }
        }
        var seen = Set<String>()
        for (label, key, entry) in entries {
            switch read(entry, key: key, label: label, model: model, now: now, zone: naiveTimeZone) {
            case .failure(let problem):
                result.skipped.append(problem)
            case .success(let (record, notes)):
                guard seen.insert(record.version).inserted else {
                    result.skipped.append(
                        Problem(entry: label, reason: "version '\(record.version)' appears twice; the first is kept",
                            code: .duplicateVersion))
                    continue
                }
                result.records.append(record)
                result.notes += notes
            }
        }
        let serving = result.records.indices.filter { result.records[$0].status.isServing }
        if serving.count > 1 {
            let keep = serving.max { result.records[$0].importedAt < result.records[$1].importedAt } ?? serving[0]
            for i in serving where i != keep {
                result.notes.append(
                    Problem(entry: result.records[i].version,
                        reason: "several versions are serving; '\(result.records[keep].version)' keeps serving and "
                            + "this one becomes available", code: nil))
                result.records[i].status = .available
            }
        }
        result.records = VersionOrder.sorted(result.records)
        return result
    }

    private enum Read {
        case success((VersionRecord, [Problem]))
        case failure(Problem)
    }

    private static func read(
        _ entry: JSONValue, key: String?, label: String, model: String, now: Date, zone: TimeZone
    ) -> Read {
        guard case .object(let fields) = entry else {
            return .failure(Problem(entry: label, reason: "the entry is not a JSON object", code: .invalidRecord))
        }
        var notes: [Problem] = []
        guard var version = fields["version"]?.string ?? key else {
            return .failure(Problem(entry: label, reason: "the entry has no version", code: .invalidVersion))
        }
        if version.hasPrefix("imported_"), (try? VersionName(String(version.dropFirst(9)))) != nil {
            version = String(version.dropFirst(9))
        }
        do { _ = try VersionName(version) } catch {
            return .failure(Problem(entry: label, reason: error.message, code: .invalidVersion))
        }
        var status = VersionStatus.available
        if let text = fields["status"]?.string {
            guard let s = VersionStatus(rawValue: text) else {
                return .failure(
                    Problem(entry: label,
                        reason: "status '\(text)' is not one of "
                            + VersionStatus.allCases.map(\.rawValue).joined(separator: ", "),
                        code: .invalidRecord))
            }
            status = s
        }
        var importedAt = now
        if let date = (fields["created_at"]?.string ?? fields["last_updated"]?.string)
            .flatMap(Timestamp.init(iso8601:))?.date(naiveTimeZone: zone)
        {
            importedAt = date
        } else {
            notes.append(Problem(entry: label, reason: "no readable created_at; the import time is now", code: nil))
        }
        var files: [ArtifactReference] = []
        if let hash = fields["model_hash"]?.string {
            let size = fields["file_size"]?.double.map { Int($0) } ?? 0
            let name = (fields["file_path"]?.string ?? fields["path"]?.string)
                .map { URL(fileURLWithPath: $0).lastPathComponent } ?? "model.joblib"
            if Artifact.isDigest(hash.lowercased()), size >= 0, !name.isEmpty, name != ".." {
                files = [ArtifactReference(name: name, sha256: hash.lowercased(), size: size)]
            } else {
                notes.append(Problem(entry: label, reason: "model_hash '\(hash)' is not a SHA256; no artifact is recorded", code: nil))
            }
        }
        let tags = fields["tags"]?.array?.compactMap(\.string) ?? []
        let record = VersionRecord(
            model: model, version: version, status: status,
            metadataJSON: metadataJSON(entry), files: files, tags: tags,
            description: fields["description"]?.string, importSource: "legacy-registry", importedAt: importedAt)
        return .success((record, notes))
    }
}

extension LegacyRegistry {
    /// An entry as the record's metadata JSON: keys sorted, integral numbers below 10^15 without a fraction and
    /// non-finite numbers as Python's bare literals (`NaN`, `Infinity`), the way this import has always stored them.
    static func metadataJSON(_ entry: JSONValue) -> String {
        JSONWriter.text(storedNumbers(entry), nonFinite: .literals)
    }

    private static func storedNumbers(_ value: JSONValue) -> JSONValue {
        switch value {
        case .int(let i) where abs(Double(i)) >= 1e15: .double(Double(i))
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: .int(Int(d))
        case .array(let a): .array(a.map(storedNumbers))
        case .object(let o): .object(o.mapValues(storedNumbers))
        default: value
        }
    }
}
