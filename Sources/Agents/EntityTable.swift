/// Access point names → small entity numbers, as an open-addressing hash table with linear probing and
/// backward-shift deletion (no tombstones), so an AP's number is freed when its last open window closes.
///
/// Names of up to 16 bytes are keyed by their packed bytes (compared as integers); longer names by a seeded hash
/// and then their bytes.
struct EntityTable {
    private var ids: [Int32]
    private var hashes: [UInt64]
    private var mask: Int
    private var count = 0
    private let hasher = ByteHash()

    init() {
        ids = [Int32](repeating: -1, count: 64)
        hashes = [UInt64](repeating: 0, count: 64)
        mask = 63
    }

    /// The key and slot hash of a name (pass them back to ``find(_:key:hash:isNamed:)`` and ``insert(_:hash:)``).
    @inline(__always)
    func key(of name: String) -> (key: TextKey, hash: UInt64) {
        let key = TextKey(name, hash: hasher)
        return (key, key.hash(seed: hasher.seed))
    }

    /// The entity whose key is `key`; `isNamed(id)` says whether entity `id` has exactly that name.
    @inline(__always)
    func find(hash h: UInt64, isNamed: (Int32) -> Bool) -> Int32? {
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = ids[slot]
            if id < 0 { return nil }
            if hashes[slot] == h, isNamed(id) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Adds an entity that ``find(hash:isNamed:)`` did not find.
    mutating func insert(_ id: Int32, hash h: UInt64) {
        if (count + 1) * 2 > ids.count { grow() }
        var slot = Int(truncatingIfNeeded: h) & mask
        while ids[slot] >= 0 { slot = (slot + 1) & mask }
        ids[slot] = id
        hashes[slot] = h
        count += 1
    }

    /// Removes an entity.
    mutating func remove(_ id: Int32, hash h: UInt64) {
        var slot = Int(truncatingIfNeeded: h) & mask
        while ids[slot] != id {
            guard ids[slot] >= 0 else { return }
            slot = (slot + 1) & mask
        }
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        var hole = slot
        var next = (hole + 1) & mask
        while ids[next] >= 0 {
            let home = Int(truncatingIfNeeded: hashes[next]) & mask
            // `next` may move into `hole` when the hole lies on its probe path (cyclically from home to next).
            if (hole - home) & mask < (next - home) & mask {
                ids[hole] = ids[next]
                hashes[hole] = hashes[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        ids[hole] = -1
        count -= 1
    }

    private mutating func grow() {
        let oldIDs = ids
        let oldHashes = hashes
        ids = [Int32](repeating: -1, count: oldIDs.count * 2)
        hashes = [UInt64](repeating: 0, count: oldIDs.count * 2)
        mask = ids.count - 1
        count = 0
        for (id, h) in zip(oldIDs, oldHashes) where id >= 0 { insert(id, hash: h) }
    }
}
