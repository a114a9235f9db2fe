public import Foundation

/// How a model's versions are ordered, oldest first.
///
/// If every version is a timestamp, they are ordered by time; if every version is a semantic version, by SemVer
/// precedence. A list that mixes the two kinds (or holds a name that no longer parses, e.g. from an older registry)
/// is ordered entirely by import time, ties by text — one rule for the whole list, so the order is total and stable.
public enum VersionOrder {
    /// The records sorted oldest first.
    public static func sorted(_ records: [VersionRecord]) -> [VersionRecord] {
        sorted(records, version: \.version, importedAt: \.importedAt)
    }

    /// Any items that carry a version name and an import time (records, summaries, rows), sorted oldest first.
    public static func sorted<T>(_ items: [T], version: (T) -> String, importedAt: (T) -> Date) -> [T] {
        let names = items.map { try? VersionName(version($0)) }
        let parsed = names.compactMap { $0 }
        let sameKind =
            parsed.count == items.count && parsed.allSatisfy { $0.isSameKind(as: parsed[0]) }
        if sameKind {
            return zip(items, parsed).sorted { a, b in a.1.precedes(b.1) ?? false }.map(\.0)
        }
        return items.sorted { a, b in
            let (ta, tb) = (importedAt(a), importedAt(b))
            return ta != tb ? ta < tb : version(a) < version(b)
        }
    }
}
