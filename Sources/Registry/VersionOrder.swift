/// How a model's versions are ordered, oldest first.
///
/// If every version is a timestamp, they are ordered by time; if every version is a semantic version, by SemVer
/// precedence. A list that mixes the two kinds (or holds a name that no longer parses, e.g. from an older registry)
/// is ordered entirely by import time, ties by text — one rule for the whole list, so the order is total and stable.
public enum VersionOrder {
    /// The records sorted oldest first.
    public static func sorted(_ records: [VersionRecord]) -> [VersionRecord] {
        let names = records.map { try? VersionName($0.version) }
        let parsed = names.compactMap { $0 }
        let sameKind =
            parsed.count == records.count && parsed.allSatisfy { $0.isSameKind(as: parsed[0]) }
        if sameKind {
            return zip(records, parsed).sorted { a, b in a.1.precedes(b.1) ?? false }.map(\.0)
        }
        return records.sorted { a, b in
            a.importedAt != b.importedAt ? a.importedAt < b.importedAt : a.version < b.version
        }
    }
}
