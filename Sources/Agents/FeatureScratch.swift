/// Tables reused from window to window so that computing features neither sorts nor allocates per window.
struct FeatureScratch {
    /// Events per client MAC.
    var clients = CountingTable()
    /// Client MACs and BSSIDs.
    var devices = CountingTable()
}

/// An open-addressing hash table counting occurrences of 48-bit keys (``WindowEvent/noDevice`` marks an empty
/// slot): distinct counts and the largest count without sorting.
struct CountingTable {
    private var keys: [UInt64] = []
    private var counts: [Int32] = []
    private var occupied: [Int32] = []
    private var mask = 0
    private var shift: UInt64 = 64

    /// How many distinct keys were inserted since the last reset.
    var distinct: Int { occupied.count }
    /// The largest count of one key since the last reset.
    private(set) var largest: Int32 = 0

    /// Empties the table and makes room for `expected` distinct keys.
    mutating func reset(expected: Int) {
        let needed = max(16, (expected * 2).nextPowerOfTwo)
        if keys.count < needed {
            keys = [UInt64](repeating: WindowEvent.noDevice, count: needed)
            counts = [Int32](repeating: 0, count: needed)
        } else {
            for slot in occupied {
                keys[Int(slot)] = WindowEvent.noDevice
                counts[Int(slot)] = 0
            }
        }
        occupied.removeAll(keepingCapacity: true)
        mask = keys.count - 1
        shift = UInt64(64 - keys.count.trailingZeroBitCount)
        largest = 0
    }

    /// Counts one occurrence of `key` (never ``WindowEvent/noDevice``).
    @inline(__always)
    mutating func insert(_ key: UInt64) {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = keys[slot]
            if k == key {
                counts[slot] += 1
                if counts[slot] > largest { largest = counts[slot] }
                return
            }
            if k == WindowEvent.noDevice {
                keys[slot] = key
                counts[slot] = 1
                if largest == 0 { largest = 1 }
                occupied.append(Int32(truncatingIfNeeded: slot))
                return
            }
            slot = (slot + 1) & mask
        }
    }
}

extension Int {
    /// The smallest power of two ≥ self (1 for self ≤ 1).
    fileprivate var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
