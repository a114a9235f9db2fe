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
            // Order first on the two columns the order needs, then read the page's summary columns: a page of 100
            // out of 10,000 versions decodes 100 rows' strings, not 10,000.
            var keys: [(version: String, importedAt: Date)] = []
            let keyCursor = try Row.fetchCursor(
                db, sql: "SELECT version, imported_at FROM versions WHERE model = ?", arguments: [model])
            while let row = try keyCursor.next() {
                keys.append(
                    (try row.decode(atIndex: 0), Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 1))))
            }
            let newestFirst = VersionOrder.sorted(keys, version: \.version, importedAt: \.importedAt).reversed()
                .dropFirst(offset)
            let pageKeys = limit.map { Array(newestFirst.prefix($0)) } ?? Array(newestFirst)
            let wanted = pageKeys.map(\.version)
            var rows: [String: SummaryRow] = [:]
            rows.reserveCapacity(wanted.count)
            let columns = """
                SELECT version, status, failure_reason, summary_created_at, imported_at, description, tags_json,
                    summary_file_size, summary_metrics_json, import_source, summary_valid, summary_score
                FROM versions WHERE model = ?
                """
            func scan(_ sql: String, _ arguments: StatementArguments) throws {
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    let r = SummaryRow(
                        version: try row.decode(atIndex: 0), status: try row.decode(atIndex: 1),
                        failureReason: try row.decode(atIndex: 2), createdAt: try row.decode(atIndex: 3),
                        importedAt: Date(timeIntervalSinceReferenceDate: try row.decode(atIndex: 4)),
                        description: try row.decode(atIndex: 5), tags: try row.decode(atIndex: 6),
                        fileSize: try row.decode(atIndex: 7), metrics: try row.decode(atIndex: 8),
                        importSource: try row.decode(atIndex: 9), valid: try row.decode(atIndex: 10),
                        score: try row.decode(atIndex: 11))
                    rows[r.version] = r
                }
            }
            if wanted.count == keys.count {
                try scan(columns, [model])  // every version: one scan
            } else {
                // A page: its versions by key, in chunks well under SQLite's parameter limit.
                for start in stride(from: 0, to: wanted.count, by: 500) {
                    let chunk = wanted[start..<min(start + 500, wanted.count)]
                    let marks = repeatElement("?", count: chunk.count).joined(separator: ",")
                    try scan(columns + " AND version IN (\(marks))", StatementArguments([model] + Array(chunk)))
                }
            }
            var tagCache: [String: [String]] = [:]
            let versions = try wanted.map { name throws -> VersionSummary in
                guard let r = rows[name] else { throw Self.corrupt("version '\(name)' vanished while listed") }
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
            return VersionPage(model: model, versions: versions, offset: offset, total: keys.count)
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
