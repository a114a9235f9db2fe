/// The type of a log event: one of the contract's known words, or any other word, kept as it is.
///
/// Matching is exact and case-sensitive (`Deauth` is ``other(_:)``). A record without an `event_type` has the
/// type `other("other")`, the same as the literal word `other`.
public enum LogEventType: Sendable, Hashable {
    /// `auth_success`.
    case authSuccess
    /// `auth_failure`.
    case authFailure
    /// `assoc`.
    case assoc
    /// `disassoc`.
    case disassoc
    /// `deauth`.
    case deauth
    /// `beacon`.
    case beacon
    /// `probe`.
    case probe
    /// `data`.
    case data
    /// `roam`.
    case roam
    /// Any other word (kept, counted in a window's `n`).
    case other(String)

    /// The type of a record without `event_type`.
    public static let missing = LogEventType.other("other")

    /// The type named by `word`, exactly.
    public init(_ word: String) {
        var copy = word
        self = copy.withUTF8 { LogEventType(utf8: $0) }
    }

    /// The type named by UTF-8 bytes; allocates only for a word outside the contract's list.
    public init(utf8 b: UnsafeBufferPointer<UInt8>) {
        if let known = LogEventType.known(b) {
            self = known
        } else {
            self = .other(String(decoding: b, as: UTF8.self))
        }
    }

    /// The word as written in logs and features (`auth_failure`, ...).
    public var name: String {
        switch self {
        case .authSuccess: return "auth_success"
        case .authFailure: return "auth_failure"
        case .assoc: return "assoc"
        case .disassoc: return "disassoc"
        case .deauth: return "deauth"
        case .beacon: return "beacon"
        case .probe: return "probe"
        case .data: return "data"
        case .roam: return "roam"
        case .other(let word): return word
        }
    }

    private static func known(_ b: UnsafeBufferPointer<UInt8>) -> LogEventType? {
        func equals(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == b.count else { return false }
            let p = word.utf8Start
            for i in 0..<b.count where p[i] != b[i] { return false }
            return true
        }
        switch b.count {
        case 4: return equals("data") ? .data : equals("roam") ? .roam : nil
        case 5: return equals("assoc") ? .assoc : equals("probe") ? .probe : nil
        case 6: return equals("deauth") ? .deauth : equals("beacon") ? .beacon : nil
        case 8: return equals("disassoc") ? .disassoc : nil
        case 12: return equals("auth_success") ? .authSuccess : equals("auth_failure") ? .authFailure : nil
        default: return nil
        }
    }
}
