/// Bounds-checked little-endian reads from untrusted bytes: nil instead of a trap when out of range.
extension Array where Element == UInt8 {
    func u16(at offset: Int) -> Int? {
        guard offset >= 0, offset <= count - 2 else { return nil }
        return Int(self[offset]) | Int(self[offset + 1]) << 8
    }

    func u32(at offset: Int) -> Int? {
        guard offset >= 0, offset <= count - 4 else { return nil }
        return (0..<4).reduce(0) { $0 | Int(self[offset + $1]) << (8 * $1) }
    }

    /// A 64-bit value as `Int`, nil when out of range or above `Int.max` (no archive can be that large).
    func u64(at offset: Int) -> Int? {
        guard offset >= 0, offset <= count - 8 else { return nil }
        let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(self[offset + $1]) << (8 * UInt64($1)) }
        return Int(exactly: value)
    }

    func hasSignature(_ signature: UInt32, at offset: Int) -> Bool {
        u32(at: offset) == Int(signature)
    }

    /// The first bytes as hex, for messages: `80 04 95 2a`.
    func hexPrefix(_ n: Int) -> String {
        prefix(n).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }
}

/// Record signatures (APPNOTE 4.3).
enum Signature {
    static let localHeader: UInt32 = 0x0403_4B50
    static let centralHeader: UInt32 = 0x0201_4B50
    static let endOfCentralDirectory: UInt32 = 0x0605_4B50
    static let zip64End: UInt32 = 0x0606_4B50
    static let zip64Locator: UInt32 = 0x0706_4B50
}
