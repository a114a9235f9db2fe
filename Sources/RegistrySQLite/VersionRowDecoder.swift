import DataFormats
import Foundation
import GRDB
import Registry
import Synchronization

/// Turns rows of `SELECT VersionRowDecoder.columns FROM versions` into records, for one read.
///
/// Listing thousands of versions is dominated by per-row costs, mostly decoding the validation report (perf), so
/// columns are read by index (no name lookup), JSON goes through ``JSONValueDecoder`` (`JSONDecoder` only as its
/// fallback), reports are decoded in parallel chunks, and a tag list is decoded once per distinct JSON text (most
/// versions share a few).
struct VersionRowDecoder {
    /// The columns a row must hold, in this order.
    static let columns = """
        id, model, version, status, failure_reason, metadata_json, manifest_json, threshold, anomaly_ratio,
        score_percentile, batch_size, timeout_seconds, tags_json, description, import_source, imported_at,
        validation_report_json
        """

    private var tagLists: [String: [String]] = ["[]": []]

    /// The row's version id (column 0), to attach its files.
    static func id(_ row: Row) throws -> Int64 { try row.decode(atIndex: 0) }

    /// The record of one row without its validation report, and the report's JSON (copied out of the row), for
    /// ``withReports(_:_:)``; `files` are the version's files in position order.
    mutating func versionRecord(_ row: Row, files: [ArtifactReference]) throws -> (VersionRecord, Data?) {
        let statusText: String = try row.decode(atIndex: 3)
        guard let status = VersionStatus(rawValue: statusText) else {
            throw SQLiteRegistryStore.corrupt("unknown status '\(statusText)'")
        }
        let record = VersionRecord(
            model: try row.decode(atIndex: 1), version: try row.decode(atIndex: 2), status: status,
            failureReason: try row.decode(atIndex: 4), metadataJSON: try row.decode(atIndex: 5),
            manifestJSON: try row.decode(atIndex: 6),
            inferenceConfig: InferenceConfig(
                threshold: try row.decode(atIndex: 7), anomalyRatio: try row.decode(atIndex: 8),
                scorePercentile: try row.decode(atIndex: 9), batchSize: try row.decode(atIndex: 10),
                timeoutSeconds: try row.decode(atIndex: 11)),
            files: files, tags: try tags(row.decode(atIndex: 12)), description: try row.decode(atIndex: 13),
            importSource: try row.decode(atIndex: 14),
            importedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 15)))
        return (record, try row.withUnsafeData(atIndex: 16) { data in data.map { Data($0) } })
    }

    /// The records with their validation reports decoded from `reports` (same order). Many reports are decoded in
    /// chunks on every core: decoding them is most of a listing's cost.
    static func withReports(_ records: [VersionRecord], _ reports: [Data?]) throws -> [VersionRecord] {
        let chunk = 128
        let chunks = (records.count + chunk - 1) / chunk
        @Sendable func decoded(_ c: Int) -> Result<[VersionRecord], any Error> {
            Result {
                var part = Array(records[c * chunk..<min((c + 1) * chunk, records.count)])
                for i in part.indices { part[i].validationReport = try reports[c * chunk + i].map(decode) }
                return part
            }
        }
        guard chunks > 1 else { return try decoded(0).get() }
        let parts = Mutex([Result<[VersionRecord], any Error>?](repeating: nil, count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let part = decoded(c)
            parts.withLock { $0[c] = part }
        }
        // concurrentPerform returns once every iteration ran, so every slot holds its chunk's result.
        let unfilled = RegistryError(.storage, "a chunk of validation reports was not decoded")
        return try parts.withLock { parts in try parts.flatMap { part in try (part ?? .failure(unfilled)).get() } }
    }

    /// Warden's parser first; `JSONDecoder` decides whatever that one does not take.
    private static func decode<T: Decodable>(_ data: Data) throws -> T {
        do {
            return try JSONValueDecoder.decode(T.self, from: data)
        } catch {
            return try JSONDecoder().decode(T.self, from: data)
        }
    }

    private mutating func tags(_ text: String) throws -> [String] {
        if let known = tagLists[text] { return known }
        let decoded: [String] = try Self.decode(Data(text.utf8))
        tagLists[text] = decoded
        return decoded
    }
}
