public import Agents
import DataFormats
public import Foundation
public import Registry
public import WardenConfig

/// Log events into the embedded source: records over HTTP (`POST /api/v1/logs`) or from a file
/// (`warden logs ingest`), parsed and normalised as the contract says, bounded, appended in arrival order; malformed
/// records are counted and the first reasons returned. Agents reading the embedded source are woken.
public struct LogIngestService: Sendable {
    let store: any LogEventStore
    var settings: LogSettings
    let parser: LogRecordParser
    let onIngest: @Sendable () async -> Void

    /// Creates the service.
    public init(
        store: any LogEventStore, settings: LogSettings, parser: LogRecordParser = LogRecordParser(),
        onIngest: @escaping @Sendable () async -> Void = {}
    ) {
        self.store = store
        self.settings = settings
        self.parser = parser
        self.onIngest = onIngest
    }

    /// The most bytes one ingestion may carry.
    public var maxBytes: Int { settings.maxIngestBytes }
    /// The most records one ingestion (or one analysis of records) may carry.
    public var maxRecords: Int { settings.maxIngestRecords }

    /// What an ingestion did.
    public struct Result: Sendable, Codable {
        /// Records received.
        public var received: Int
        /// Events stored.
        public var accepted: Int
        /// Records refused.
        public var malformed: Int
        /// The first refusals (at most 20), as `record N: field ...: value`.
        public var errors: [String]
        /// The ids given to the first and the last stored event.
        public var firstID: Int64?
        /// See ``firstID``.
        public var lastID: Int64?

        enum CodingKeys: String, CodingKey {
            case received, accepted, malformed, errors
            case firstID = "first_id", lastID = "last_id"
        }
    }

    /// Parses and stores records.
    ///
    /// - Throws: ``AppError`` `invalid_request` for a body that is no records or more than the record limit.
    public func ingest(_ bytes: [UInt8], format: LogRecords.Format = .auto, receivedAt: Date = Date()) async throws
        -> Result
    {
        let parsed = try LogRecords.parse(text: bytes, format: format, parser: parser)
        let received = parsed.events.count + parsed.malformed.count
        guard received <= settings.maxIngestRecords else {
            throw AppError(
                .invalidRequest,
                "the body holds \(received) records; send at most \(settings.maxIngestRecords) per request "
                    + "(logs.max_ingest_records)")
        }
        var ids: [Int64] = []
        let rows = parsed.events.map { EmbeddedLogSource.row($0, receivedAt: receivedAt) }
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 10_000)
            ids += try await store.appendLogEvents(Array(rows[start..<end]))
            start = end
        }
        if !ids.isEmpty { await onIngest() }
        return Result(
            received: received, accepted: ids.count, malformed: parsed.malformed.count,
            errors: parsed.malformed.prefix(20).map(\.description), firstID: ids.first, lastID: ids.last)
    }

    /// Parses and stores every record of a file, however many (`warden logs ingest`), in batches.
    public func ingestAll(_ bytes: [UInt8], format: LogRecords.Format = .auto, receivedAt: Date = Date()) async throws
        -> Result
    {
        var unbounded = self
        unbounded.settings.maxIngestRecords = Int.max
        return try await unbounded.ingest(bytes, format: format, receivedAt: receivedAt)
    }

    /// Deletes ingested events older than `logs.retention_days` (nothing when 0).
    @discardableResult
    public func applyRetention(now: Date = Date()) async throws -> Int {
        guard settings.retentionDays > 0 else { return 0 }
        return try await store.deleteLogEvents(receivedBefore: now.addingTimeInterval(-Double(settings.retentionDays) * 86_400))
    }
}
