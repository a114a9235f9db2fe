public import Foundation

/// Import and transfer histories: what came in, from where, and what was refused. Implemented by
/// ``InMemoryRegistryStore`` and the SQLite and PostgreSQL stores; TestSupport's `RegistryConformance` covers it.
public protocol HistoryStore: Sendable {
    /// Appends to the transfer history.
    func recordTransfer(_ event: TransferEvent) async throws(RegistryError)

    /// The transfer history, oldest first.
    func transferHistory() async throws(RegistryError) -> [TransferEvent]

    /// Removes transfer-history entries, all of them or those strictly older than `olderThan`.
    ///
    /// - Returns: how many entries were removed.
    @discardableResult
    func clearTransferHistory(olderThan: Date?) async throws(RegistryError) -> Int

    /// Appends to the import history.
    func recordImport(_ event: ImportEvent) async throws(RegistryError)

    /// The import history, oldest first; all models when `model` is nil.
    func importHistory(model: String?) async throws(RegistryError) -> [ImportEvent]

}

