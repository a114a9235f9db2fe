/// Access point names → small entity numbers, as an open-addressing hash table with linear probing and
/// backward-shift deletion (no tombstones), so an AP's number is freed when its last open window closes.
struct EntityTable {
    private var ids: [Int32]
    private var hashes: [UInt64]
    private var mask: Int
    private var count = 0
    private let hash = ByteHash()

    init() {
        ids = [Int32](repeating: -1, count: 64)
        hashes = [UInt64](repeating: 0, count: 64)
        mask = 63
    }

    /// The hash of a name (pass it back to ``find(_:hash:names:)`` and ``insert(_:hash:)``).
    @inline(__always)
    func hashValue(of name: String) -> UInt64 { hash(name) }

    /// The entity named `name`, whose names are `names[id]`.
    @inline(__always)
    func find(_ name: String, hash h: UInt64, names: (Int32) -> String) -> Int32? {
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = ids[slot]
            if id < 0 { return nil }
            if hashes[slot] == h, ExactText.bytesEqual(names(id), name) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Adds an entity that ``find(_:hash:names:)`` did not find.
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
            // `next` may move into `hole` when its home is not cyclically within (hole, next].
            let distanceToNext = (next - home) & mask
            let distanceToHole = (hole - home) & mask
            if distanceToHole < distanceToNext {
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
