import DataFormats
import Foundation
import Logging
import PostgresNIO
public import Registry

extension PostgresRegistryStore {
    /// See ``Registry/VersionStore/summaries(model:offset:limit:)``: the summary columns (no metadata document,
    /// report or file list), ordered by ``Registry/VersionOrder`` newest first. The order's two columns are read for
    /// every version, the summary columns for the page's versions only.
    public func summaries(model: String, offset: Int, limit: Int?) async throws(RegistryError) -> VersionPage {
        try VersionPage.check(offset: offset, limit: limit)
        let logger = logger
        return try await read("list the versions of model '\(model)'") { connection in
            let keys = try await Self.rows(
                "SELECT version, imported_at FROM versions WHERE model = \(model)", connection, logger
            ).map { row in
                (
                    version: try row[0].decode(String.self),
                    importedAt: Date(timeIntervalSinceReferenceDate: try row[1].decode(Double.self))
                )
            }
            let newestFirst = VersionOrder.sorted(keys, version: \.version, importedAt: \.importedAt).reversed()
                .dropFirst(offset)
            let wanted = (limit.map { Array(newestFirst.prefix($0)) } ?? Array(newestFirst)).map(\.version)
            var summaries: [String: VersionSummary] = [:]
            var tagCache: [String: [String]] = [:]
            for row in try await Self.rows(
                """
                SELECT version, status, failure_reason, summary_created_at, imported_at, description, tags_json,
                    summary_file_size, summary_metrics_json, import_source, summary_valid, summary_score
                FROM versions WHERE model = \(model) AND version = ANY(\(wanted)::text[])
                """, connection, logger)
            {
                let statusText = try row[1].decode(String.self)
                guard let status = VersionStatus(rawValue: statusText) else {
                    throw Self.corrupt("unknown status '\(statusText)'")
                }
                let tagsText = try row[6].decode(String.self)
                let tags: [String]
                if let cached = tagCache[tagsText] {
                    tags = cached
                } else {
                    tags = (try? JSONValue.parse(tagsText.utf8))?.array?.compactMap(\.string) ?? []
                    tagCache[tagsText] = tags
                }
                let metricsText = try row[8].decode(String.self)
                let metrics =
                    metricsText == "{}"
                    ? JSONValue.object([:]) : (try? JSONValue.parse(metricsText.utf8)) ?? .object([:])
                let valid = try row[10].decode(Bool?.self)
                let summary = VersionSummary(
                    model: model, version: try row[0].decode(String.self), status: status,
                    failureReason: try row[2].decode(String?.self), createdAt: try row[3].decode(String?.self),
                    importedAt: Date(timeIntervalSinceReferenceDate: try row[4].decode(Double.self)),
                    description: try row[5].decode(String?.self), tags: tags, fileSize: try row[7].decode(Int.self),
                    metrics: metrics, importSource: try row[9].decode(String.self),
                    validation: valid.map {
                        VersionSummary.Verdict(valid: $0, score: (try? row[11].decode(Double?.self)) ?? 0)
                    })
                summaries[summary.version] = summary
            }
            let versions = try wanted.map { name throws -> VersionSummary in
                guard let summary = summaries[name] else {
                    throw Self.corrupt("version '\(name)' vanished while listed")
                }
                return summary
            }
            return VersionPage(model: model, versions: versions, offset: offset, total: keys.count)
        }
    }
}
