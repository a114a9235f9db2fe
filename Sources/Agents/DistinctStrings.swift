/// The distinct strings seen, compared exactly (by bytes): short strings as packed integers in a linear scan
/// while there are few (the usual handful of SSIDs of a window) and in a set beyond; longer strings in a set of
/// byte-compared keys.
struct DistinctStrings {
    private var few: [PackedText] = []
    private var many: Set<PackedText> = []
    private var long: Set<ExactText> = []

    private static let linearLimit = 16

    /// How many distinct strings were inserted.
    var count: Int { (many.isEmpty ? few.count : many.count) + long.count }

    /// Inserts `string`.
    @inline(__always)
    mutating func insert(_ string: String) {
        var copy = string  // withUTF8 does not copy a native string; it only needs a mutable value
        guard let packed = copy.withUTF8({ PackedText($0) }) else {
            long.insert(ExactText(string))
            return
        }
        if many.isEmpty {
            for seen in few where seen == packed { return }
            if few.count < DistinctStrings.linearLimit {
                few.append(packed)
                return
            }
            many = Set(few)
        }
        many.insert(packed)
    }

    mutating func removeAll() {
        few.removeAll(keepingCapacity: true)
        if !many.isEmpty { many.removeAll() }
        if !long.isEmpty { long.removeAll() }
    }
}
