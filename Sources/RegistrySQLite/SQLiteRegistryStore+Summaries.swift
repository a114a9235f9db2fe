import DataFormats
import Foundation
import GRDB
public import Registry

extension SQLiteRegistryStore {
    /// See ``VersionStore/summaries(model:offset:limit:)``: the summary columns of every version (no metadata
    /// document, report or file list), ordered by ``VersionOrder`` newest first; tags and metrics are decoded for the
    /// page only.
    public func summaries(model: String, offset: Int, limit: Int?) async throws(RegistryError) -> VersionPage {
        try VersionPage.check(offset: offset, limit: limit)
        return try await read("list the versions of model '\(model)'") { db in
            var rows: [SummaryRow] = []
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT version, status, failure_reason, summary_created_at, imported_at, description, tags_json,
                        summary_file_size, summary_metrics_json, import_source, summary_valid, summary_score
                    FROM versions WHERE model = ?
                    """,
                arguments: [model])
            while let row = try cursor.next() {
                rows.append(
                    SummaryRow(
                        version: try row.decode(atIndex: 0), status: try row.decode(atIndex: 1),
                        failureReason: try row.decode(atIndex: 2), createdAt: try row.decode(atIndex: 3),
                        importedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 4)),
                        description: try row.decode(atIndex: 5), tags: try row.decode(atIndex: 6),
                        fileSize: try row.decode(atIndex: 7), metrics: try row.decode(atIndex: 8),
                        importSource: try row.decode(atIndex: 9), valid: try row.decode(atIndex: 10),
                        score: try row.decode(atIndex: 11)))
            }
            let newestFirst = VersionOrder.sorted(rows, version: \.version, importedAt: \.importedAt).reversed()
                .dropFirst(offset)
            let page = limit.map { Array(newestFirst.prefix($0)) } ?? Array(newestFirst)
            var tagCache: [String: [String]] = [:]
            let versions = try page.map { r throws -> VersionSummary in
                guard let status = VersionStatus(rawValue: r.status) else {
                    throw Self.corrupt("unknown status '\(r.status)'")
                }
                let tags: [String]
                if let cached = tagCache[r.tags] { tags = cached } else {
                    tags = (try? JSONValue.parse(r.tags.utf8))?.array?.compactMap(\.string) ?? []
                    tagCache[r.tags] = tags
                }
                let metrics = r.metrics == "{}" ? JSONValue.object([:]) : (try? JSONValue.parse(r.metrics.utf8)) ?? .object([:])
                return VersionSummary(
                    model: model, version: r.version, status: status, failureReason: r.failureReason,
                    createdAt: r.createdAt, importedAt: r.importedAt, description: r.description, tags: tags,
                    fileSize: r.fileSize, metrics: metrics, importSource: r.importSource,
                    validation: r.valid.map { VersionSummary.Verdict(valid: $0 == 1, score: r.score ?? 0) })
            }
            return VersionPage(model: model, versions: versions, offset: offset, total: rows.count)
        }
    }

    /// A version's summary columns as stored (tags and metrics still JSON text).
    private struct SummaryRow {
        var version: String
        var status: String
        var failureReason: String?
        var createdAt: String?
        var importedAt: Date
        var description: String?
        var tags: String
        var fileSize: Int
        var metrics: String
        var importSource: String
        var valid: Int?
        var score: Double?
    }
}
