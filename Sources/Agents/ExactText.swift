/// A string compared and hashed by its UTF-8 bytes, as the contract compares APs and SSIDs ("exactly").
///
/// Swift's `String` equality is canonical equivalence (`"é" == "e\u{301}"`); the contract and the Python
/// reference compare code points, so windows key and count by bytes.
struct ExactText: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool { bytesEqual(lhs.string, rhs.string) }

    func hash(into hasher: inout Hasher) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if done == nil {
            for byte in string.utf8 { hasher.combine(byte) }
        }
    }

    /// Whether two strings have the same UTF-8 bytes.
    @inline(__always)
    static func bytesEqual(_ a: String, _ b: String) -> Bool {
        let ua = a.utf8
        let ub = b.utf8
        guard ua.count == ub.count else { return false }
        let fast: Bool? =
            ua.withContiguousStorageIfAvailable { pa in
                ub.withContiguousStorageIfAvailable { pb in
                    guard let x = pa.baseAddress, let y = pb.baseAddress else { return true }
                    for i in 0..<pa.count where x[i] != y[i] { return false }
                    return true
                }
            } ?? nil
        return fast ?? ua.elementsEqual(ub)
    }

    /// Whether `a` sorts before `b` by UTF-8 bytes (= by Unicode code points).
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
