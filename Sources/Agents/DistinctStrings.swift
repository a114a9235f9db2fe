/// The distinct strings seen, compared by bytes: hashes first, in a linear scan while there are few (the usual
/// handful of SSIDs of a window), in a hash set beyond.
struct DistinctStrings {
    private var few: [String] = []
    private var fewHashes: [UInt64] = []
    private var many: Set<ExactText> = []

    private static let linearLimit = 8

    /// How many distinct strings were inserted.
    var count: Int { many.isEmpty ? few.count : many.count }

    /// Inserts `string`, whose ``ByteHash`` is `hash`.
    @inline(__always)
    mutating func insert(_ string: String, hash: UInt64) {
        if many.isEmpty {
            for (i, h) in fewHashes.enumerated() where h == hash && ExactText.bytesEqual(few[i], string) { return }
            if few.count < DistinctStrings.linearLimit {
                few.append(string)
                fewHashes.append(hash)
                return
            }
            for seen in few { many.insert(ExactText(seen)) }
        }
        many.insert(ExactText(string))
    }

    mutating func removeAll() {
        few.removeAll(keepingCapacity: true)
        fewHashes.removeAll(keepingCapacity: true)
        many.removeAll(keepingCapacity: false)
    }
}
