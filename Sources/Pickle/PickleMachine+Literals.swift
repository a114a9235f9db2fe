extension PickleMachine {
    /// A little-endian two's-complement integer (LONG1 / LONG4).
    mutating func longValue(_ b: [UInt8]) -> PickleValue {
        if b.isEmpty { return .int(0) }
        if b.count <= 8 {
            var v: UInt64 = 0
            for i in stride(from: b.count - 1, through: 0, by: -1) { v = (v << 8) | UInt64(b[i]) }
            if b.count < 8, b[b.count - 1] & 0x80 != 0 {
                v |= ~UInt64(0) << (UInt64(b.count) * 8)
            }
            return .int(Int(Int64(bitPattern: v)))
        }
        return .bigInt(b)
    }

    /// INT and LONG text literals (`I01\n` is True, `I00\n` False in protocol 0).
    mutating func textInt(_ line: ByteSlice, long: Bool) throws(PickleError) -> PickleValue {
        var s = String(decoding: line, as: UTF8.self).trimmingASCIISpaces
        if !long {
            if s == "01" { return .bool(true) }
            if s == "00" { return .bool(false) }
        }
        if s.hasSuffix("L") { s.removeLast() }
        if let v = Int(s) { return .int(v) }
        let digits = s.hasPrefix("-") || s.hasPrefix("+") ? s.dropFirst() : Substring(s)
        guard !digits.isEmpty, digits.count <= 4096, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw fail(.corrupt, "bad integer literal '\(s.prefix(40))'")
        }
        // Beyond 64 bits: keep the magnitude as little-endian two's complement bytes.
        var mag: [UInt8] = [0]
        for ch in digits {
            var carry = Int(ch.asciiValue! - 48)  // invariant: checked isASCII && isNumber above
            for i in 0..<mag.count {
                let v = Int(mag[i]) * 10 + carry
                mag[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
            while carry > 0 {
                mag.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        mag.append(0)
        if s.hasPrefix("-") {
            var carry = 1
            for i in 0..<mag.count {
                let v = Int(~mag[i]) + carry
                mag[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
        }
        return .bigInt(mag)
    }

    mutating func utf8(_ slice: ByteSlice) throws(PickleError) -> String {
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw fail(.corrupt, "string is not valid UTF-8")
        }
        return s
    }

    /// Python 2 `str` (BINSTRING/SHORT_BINSTRING) decoded as latin-1, as Python 3 does with encoding='latin1'.
    mutating func latin1String(_ slice: some Collection<UInt8>) -> PickleValue {
        .string(String(String.UnicodeScalarView(slice.map { Unicode.Scalar($0) })))
    }

    /// The STRING opcode: a Python repr literal in quotes with backslash escapes.
    mutating func quotedString(_ line: ByteSlice) throws(PickleError) -> PickleValue {
        let b = Array(line)
        guard b.count >= 2, let q = b.first, q == 0x27 || q == 0x22, b.last == q else {
            throw fail(.corrupt, "STRING literal is not quoted")
        }
        var out: [UInt8] = []
        var i = 1
        let end = b.count - 1
        while i < end {
            let c = b[i]
            if c != 0x5C {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < end else { throw fail(.corrupt, "STRING literal ends with a backslash") }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "x"):
                guard i + 2 <= end, let v = UInt8(String(decoding: b[i..<i + 2], as: UTF8.self), radix: 16) else {
                    throw fail(.corrupt, "bad \\x escape in STRING literal")
                }
                out.append(v)
                i += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - 48)
                var n = 1
                while n < 3, i < end, (48...55).contains(b[i]) {
                    v = v * 8 + Int(b[i] - 48)
                    i += 1
                    n += 1
                }
                out.append(UInt8(v & 0xFF))
            default: out.append(e)
            }
        }
        return latin1String(out[...])
    }

    /// The UNICODE opcode: raw-unicode-escape (`\uXXXX`, `\UXXXXXXXX`; everything else latin-1).
    mutating func rawUnicodeEscape(_ line: ByteSlice) throws(PickleError) -> String {
        let b = Array(line)
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < b.count {
            if b[i] == 0x5C, i + 1 < b.count, b[i + 1] == UInt8(ascii: "u") || b[i + 1] == UInt8(ascii: "U") {
                let width = b[i + 1] == UInt8(ascii: "u") ? 4 : 8
                guard i + 2 + width <= b.count,
                    let v = UInt32(String(decoding: b[i + 2..<i + 2 + width], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(v)
                else { throw fail(.corrupt, "bad \\u escape in UNICODE literal") }
                scalars.append(scalar)
                i += 2 + width
            } else {
                scalars.append(Unicode.Scalar(b[i]))
                i += 1
            }
        }
        return String(scalars)
    }
}
