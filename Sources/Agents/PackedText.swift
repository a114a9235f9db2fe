/// A string of at most 16 UTF-8 bytes packed into two words, so that it is compared and hashed as integers:
/// exact (byte) equality without touching the string again. Most SSIDs and AP names fit.
struct PackedText: Hashable {
    private let low: UInt64
    private let high: UInt64
    private let count: UInt8

    /// The packed bytes of `b`, or nil when there are more than 16.
    @inline(__always)
    init?(_ b: UnsafeBufferPointer<UInt8>) {
        guard b.count <= 16 else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        if let base = b.baseAddress {
            withUnsafeMutableBytes(of: &words) { $0.baseAddress?.copyMemory(from: base, byteCount: b.count) }
        }
        low = words.0
        high = words.1
        count = UInt8(truncatingIfNeeded: b.count)
    }

    /// A well-mixed 64-bit hash under `seed`.
    @inline(__always)
    func hash(seed: UInt64) -> UInt64 {
        ByteHash.mix(ByteHash.mix(low ^ seed) ^ high ^ (UInt64(count) << 56))
    }
}

/// A string's identity for exact comparison: packed when short, else its hash (then its bytes decide).
enum TextKey {
    case packed(PackedText)
    case long(hash: UInt64)

    /// The key of `string`; `hash` hashes long strings.
    @inline(__always)
    init(_ string: String, hash: ByteHash) {
        var copy = string  // withUTF8 does not copy a native string; it only needs a mutable value
        self = copy.withUTF8 { b in
            if let packed = PackedText(b) { return .packed(packed) }
            return .long(hash: hash(b))
        }
    }

    /// A 64-bit hash for table slots.
    @inline(__always)
    func hash(seed: UInt64) -> UInt64 {
        switch self {
        case .packed(let p): return p.hash(seed: seed)
        case .long(let h): return h
        }
    }
}
