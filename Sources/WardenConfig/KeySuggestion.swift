/// Near-miss suggestions for unknown keys ("did you mean auto_import?").
enum KeySuggestion {
    /// The candidate closest to `key` by edit distance (at most a third of its length, and at least 1), else one
    /// that contains `key` as a whole `_`-separated part (`threshold` -> `anomaly_threshold`); nil when none is close.
    static func nearest(to key: String, in candidates: [String]) -> String? {
        let k = key.lowercased()
        var best: (name: String, distance: Int)?
        for c in candidates {
            let d = distance(k, c.lowercased())
            if d <= max(1, c.count / 3), d < (best?.distance ?? .max) { best = (c, d) }
        }
        if let best { return best.name }
        return candidates.first { c in
            let parts = c.lowercased().split(separator: "_").map(String.init)
            return k.count >= 4 && (c.lowercased().hasSuffix("_" + k) || c.lowercased().hasPrefix(k + "_") || parts.contains(k))
        }
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `unknown key` with the suggestion, if any, and the remedy.
    static func unknownKeyMessage(_ key: String, candidates: [String]) -> String {
        if let s = nearest(to: key, in: candidates) { return "unknown key (did you mean \(s)?)" }
        return "unknown key; known keys here: " + candidates.sorted().joined(separator: ", ")
    }
}
