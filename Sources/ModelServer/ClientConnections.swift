import Synchronization

/// Open connections per client address, bounded: the server's one shared count, consulted when a connection opens
/// and released when it closes (``ConnectionGuardHandler``). A hot synchronous path shared by every event loop, so
/// a `Mutex`.
final class ClientConnections: Sendable {
    /// What ``open(_:)`` decided.
    enum Admission: Equatable {
        /// Counted; release it with ``close(_:)``.
        case admitted
        /// Over the limit and not counted; `first` for the first refusal since the address reached its limit (the
        /// one worth a log line: a client hammering at its limit must not flood the log).
        case refused(first: Bool)
    }

    private struct State {
        var counts: [String: Int] = [:]
        /// Addresses refused since they last dropped below the limit.
        var reported: Set<String> = []
    }

    /// The most connections one address may hold open.
    let limit: Int
    private let state = Mutex(State())

    /// Creates the count with `limit` connections per address (at least 1).
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Counts a new connection from `address`, unless the address already holds `limit`.
    func open(_ address: String) -> Admission {
        state.withLock { s in
            let n = s.counts[address, default: 0]
            guard n < limit else { return .refused(first: s.reported.insert(address).inserted) }
            s.counts[address] = n + 1
            return .admitted
        }
    }

    /// Releases a connection admitted by ``open(_:)``.
    func close(_ address: String) {
        state.withLock { s in
            guard let n = s.counts[address] else { return }
            s.counts[address] = n > 1 ? n - 1 : nil
            s.reported.remove(address)
        }
    }

    /// The connections `address` holds open now.
    func count(_ address: String) -> Int { state.withLock { $0.counts[address, default: 0] } }
}
