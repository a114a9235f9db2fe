public import Foundation

extension InMemoryRegistryStore: LogEventStore {
    /// See ``LogEventStore/appendLogEvents(_:)``.
    @discardableResult
    public func appendLogEvents(_ events: [LogEventRow]) throws(RegistryError) -> [Int64] {
        for event in events { try event.validate() }
        var ids: [Int64] = []
        ids.reserveCapacity(events.count)
        logs.events.reserveCapacity(logs.events.count + events.count)
        for event in events {
            logs.lastID += 1
            var stored = event.storedForm()
            stored.id = logs.lastID
            logs.events.append(stored)
            ids.append(stored.id)
        }
        return ids
    }

    /// See ``LogEventStore/logEvents(after:limit:)``.
    public func logEvents(after id: Int64, limit: Int) throws(RegistryError) -> [LogEventRow] {
        try LogEventRow.checkLimit(limit)
        // Kept in id order: find the first id above `id` by bisection.
        var low = 0
        var high = logs.events.count
        while low < high {
            let mid = (low + high) / 2
            if logs.events[mid].id <= id { low = mid + 1 } else { high = mid }
        }
        return Array(logs.events[low...].prefix(limit))
    }

    /// See ``LogEventStore/newestLogEvent()``.
    public func newestLogEvent() -> (id: Int64, ts: Int64)? {
        logs.events.last.map { ($0.id, $0.ts) }
    }

    /// See ``LogEventStore/deleteLogEvents(receivedBefore:)``.
    @discardableResult
    public func deleteLogEvents(receivedBefore cutoff: Date) -> Int {
        let before = logs.events.count
        logs.events.removeAll { $0.receivedAt < cutoff }
        return before - logs.events.count
    }
}

/// The in-memory store's log events, kept by ``InMemoryRegistryStore``.
struct InMemoryLogTables: Sendable {
    var events: [LogEventRow] = []  // id order
    /// The last id assigned; never decreases, so ids keep increasing after a deletion (as with AUTOINCREMENT).
    var lastID: Int64 = 0
}
