/// A fast 64-bit hash of a string's UTF-8 bytes for the extractor's own tables (a multiply-mix over 8-byte words).
///
/// Not cryptographic: each table draws a random seed, so inputs cannot be prepared to collide in advance, but the
/// hash is not meant to resist an adversary who can observe timing. Access point names and SSIDs come from the
/// controllers' configuration and radio environment, and a flood of names is bounded by the number of open windows.
struct ByteHash {
    let seed: UInt64

    /// A hash with a seed from the system's random source.
    init() {
        var generator = SystemRandomNumberGenerator()
        seed = generator.next()
    }

    @inline(__always)
    func callAsFunction(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = b.count
        var h = seed ^ (UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15)
        guard n > 0, let base = b.baseAddress else { return ByteHash.mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            h = ByteHash.mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                word |= UInt64(b[i]) << shift
                shift += 8
                i += 1
            }
            h = ByteHash.mix(h ^ word)
        }
        return ByteHash.mix(h)
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        let product = (x ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }
}
