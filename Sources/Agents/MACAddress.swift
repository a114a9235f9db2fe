/// A 48-bit IEEE 802 MAC address, held as an integer so that windows count devices without strings.
///
/// Three spellings are accepted, in any case: `AA:BB:CC:00:11:22`, `aa-bb-cc-00-11-22` (one separator kind
/// throughout) and Cisco's `aabb.cc00.1122`. All normalise to the lower-case, colon-separated
/// ``description`` (`aa:bb:cc:00:11:22`).
///
/// ```swift
/// MACAddress("AABB.CC00.1122")?.description  // "aa:bb:cc:00:11:22"
/// ```
public struct MACAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The address in the low 48 bits, first octet most significant.
    public let rawValue: UInt64

    /// Creates an address from its 48-bit value; nil when a bit above the 48th is set.
    public init?(rawValue: UInt64) {
        guard rawValue >> 48 == 0 else { return nil }
        self.rawValue = rawValue
    }

    /// Parses one of the three spellings; nil for anything else.
    public init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let value = copy.withUTF8({ MACAddress.parse(utf8: $0) }) else { return nil }
        self = value
    }

    /// Parses one of the three spellings from UTF-8 bytes without allocating.
    public static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> MACAddress? {
        var value: UInt64 = 0
        if b.count == 17 {
            let separator = b[2]
            guard separator == 0x3A || separator == 0x2D else { return nil }
            for octet in 0..<6 {
                let at = octet * 3
                if octet > 0, b[at - 1] != separator { return nil }
                guard let hi = hex(b[at]), let lo = hex(b[at + 1]) else { return nil }
                value = value << 8 | hi << 4 | lo
            }
            return MACAddress(checked: value)
        }
        if b.count == 14 {
            guard b[4] == 0x2E, b[9] == 0x2E else { return nil }
            for i in 0..<14 where i != 4 && i != 9 {
                guard let nibble = hex(b[i]) else { return nil }
                value = value << 4 | nibble
            }
            return MACAddress(checked: value)
        }
        return nil
    }

    /// `aa:bb:cc:00:11:22`.
    public var description: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(17)
        for octet in (0..<6).reversed() {
            let v = Int((rawValue >> (UInt64(octet) * 8)) & 0xFF)
            bytes.append(digits[v >> 4])
            bytes.append(digits[v & 0xF])
            if octet > 0 { bytes.append(0x3A) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Orders addresses by their 48-bit value.
    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes any accepted spelling.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = MACAddress(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a MAC address (aa:bb:cc:dd:ee:ff)")
        }
        self = parsed
    }

    /// Encodes the normalised spelling.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private init(checked value: UInt64) { self.rawValue = value }

    @inline(__always) private static func hex(_ byte: UInt8) -> UInt64? {
        switch byte {
        case 0x30...0x39: return UInt64(byte &- 0x30)
        case 0x41...0x46: return UInt64(byte &- 0x41 &+ 10)
        case 0x61...0x66: return UInt64(byte &- 0x61 &+ 10)
        default: return nil
        }
    }
}
