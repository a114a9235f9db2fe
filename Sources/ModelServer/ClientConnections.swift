import Synchronization

/// Open connections per client address, bounded: the server's one shared count, consulted when a connection opens
/// and released when it closes (``ConnectionGuardHandler``). A hot synchronous path shared by every event loop, so
/// a `Mutex`.
final class ClientConnections: Sendable {
    /// The most connections one address may hold open.
    let limit: Int
    private let open = Mutex([String: Int]())

    /// Creates the count with `limit` connections per address (at least 1).
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Counts a new connection from `address`; false (and not counted) when the address already holds `limit`.
    func open(_ address: String) -> Bool {
        open.withLock { counts in
            let n = counts[address, default: 0]
            guard n < limit else { return false }
            counts[address] = n + 1
            return true
        }
    }

    /// Releases a connection counted by ``open(_:)``.
    func close(_ address: String) {
        open.withLock { counts in
            guard let n = counts[address] else { return }
            counts[address] = n > 1 ? n - 1 : nil
        }
    }

    /// The connections `address` holds open now.
    func count(_ address: String) -> Int { open.withLock { $0[address, default: 0] } }
}
